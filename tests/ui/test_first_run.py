"""A new workspace's first run, as the inspector meets it: Start empty asks for the
inspector's profile in the chosen language, then for the first school."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFormLayout, QLineEdit

from inspector_desktop.ui import i18n
from tests.ui.conftest import open_window, settle


def test_start_empty_asks_the_profile_in_chinese_then_the_first_school(qtbot, workspace, ui_settings, english, tmp_path):
    i18n.apply_language("zh_CN")
    w = open_window(qtbot, workspace, ui_settings)
    qtbot.waitUntil(lambda: w.today_page.welcome.isVisible(), timeout=5000)
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        top = QApplication.activeModalWidget()
        if top is None or (seen and top.windowTitle() == seen[-1][0]):
            return
        form = top.findChild(QFormLayout)
        labels = [form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text()
                  for r in range(form.rowCount()) if form.itemAt(r, QFormLayout.ItemRole.LabelRole)]
        seen.append((top.windowTitle(), labels))
        if len(seen) == 1:
            top.grab().save(str(tmp_path / "profile.png"))
            name, code = top.findChildren(QLineEdit)[:2]
            name.setText("王芳")
            code.setText("W01")
            buttons = top.findChild(QDialogButtonBox)
            qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        else:
            timer.stop()
            top.reject()  # the first school can wait

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    qtbot.mouseClick(w.today_page.empty_button, Qt.MouseButton.LeftButton)
    assert seen[0] == ("您的督学信息", ["姓名", "督学编号"])
    assert seen[1][0] == "添加学校" and w.stack.currentWidget() is w.schools_page
    qtbot.waitUntil(lambda: "王芳" in w.today_page.title.text(), timeout=5000)
    settle(qtbot)
