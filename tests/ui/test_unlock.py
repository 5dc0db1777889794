"""Opening an encrypted workspace in the window, as the inspector meets it at start:
the passphrase asked for on a computer without a keyring (and asked again when
wrong), the recovery key when the keyring lost the key, and the new recovery key
shown once."""

from __future__ import annotations

from collections.abc import Callable

import keyring
import keyring.backends.fail
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from inspector_desktop import credentials
from inspector_desktop.paths import DataDir
from inspector_desktop.store import open_workspace, workspace_key
from inspector_desktop.store.models import School
from inspector_desktop.ui import unlock


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


class Answerer:
    """Answers each dialog the start-up opens, in turn, as the inspector would."""

    def __init__(self, *answers: Callable[[unlock._AskDialog], None]) -> None:
        self.answers = list(answers)
        self.seen: list[tuple[str, str, str]] = []  # (kind, title, problem shown)
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, unlock._AskDialog) and self.answers:
            self.seen.append((type(dialog).__name__, dialog.windowTitle(),
                              dialog.problem.text() if dialog.problem.isVisible() else ""))
            self.answers.pop(0)(dialog)

    def stop(self) -> None:
        self.timer.stop()


def typing(*texts: str) -> Callable[[unlock._AskDialog], None]:
    def answer(dialog: unlock._AskDialog) -> None:
        for field, text in zip(dialog.fields, texts, strict=True):
            field.setText(text)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return answer


def cancelling(dialog: unlock._AskDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()


def test_without_a_keyring_the_window_asks_for_a_passphrase_and_again_when_wrong(qtbot, tmp_path, english, no_keyring):
    data_dir = DataDir(tmp_path / "ws")
    ok_when_different: list[bool] = []

    def choose(dialog: unlock._AskDialog) -> None:
        dialog.fields[0].setText("灯火阑珊处")
        dialog.fields[1].setText("灯火阑珊")  # a slip: the two differ
        ok_when_different.append(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled())
        typing("灯火阑珊处", "灯火阑珊处")(dialog)

    answers = Answerer(choose)
    try:
        ws = unlock.open_at_start(data_dir)
    finally:
        answers.stop()
    assert ws is not None and ws.recovery_code
    assert answers.seen[0][:2] == ("PassphraseDialog", "Lock the new workspace")
    assert ok_when_different == [False]
    with ws.write() as s:
        s.add(School(code="U1", name="育才小学", competent_department="区教育局"))
    ws.close()

    answers = Answerer(typing("众里寻他千百度"), typing("灯火阑珊处"))
    try:
        again = unlock.open_at_start(data_dir)
    finally:
        answers.stop()
    assert [kind for kind, _t, _p in answers.seen] == ["PassphraseDialog", "PassphraseDialog"]
    assert answers.seen[0][1] == "Unlock the workspace" and answers.seen[0][2] == ""
    assert "does not open this workspace" in answers.seen[1][2]
    with again.read() as s:
        assert s.scalars(sa.select(School.name)).all() == ["育才小学"]
    again.close()

    answers = Answerer(cancelling)
    try:
        assert unlock.open_at_start(data_dir) is None  # the inspector gave up: nothing opened
    finally:
        answers.stop()


def test_a_lost_keyring_entry_is_answered_with_the_recovery_key(qtbot, tmp_path, english):
    data_dir = DataDir(tmp_path / "ws")
    ws = open_workspace(data_dir)
    code = ws.recovery_code
    ws.close()
    credentials.delete_secret(workspace_key.account(workspace_key.read_key_file(data_dir).workspace_id))
    answers = Answerer(typing(workspace_key.new_recovery_code()), typing(code.lower()))
    try:
        recovered = unlock.open_at_start(data_dir)
    finally:
        answers.stop()
    assert [kind for kind, _t, _p in answers.seen] == ["RecoveryEntryDialog", "RecoveryEntryDialog"]
    assert "not this workspace's recovery key" in answers.seen[1][2]
    assert recovered is not None and recovered.recovery_code is None
    recovered.close()
    with open_workspace(data_dir):  # the keyring holds the key again
        pass


def test_the_new_recovery_key_is_shown_once_with_print_and_kept(qtbot, tmp_path, english, ui_settings):
    from tests.ui.conftest import open_window

    ws = open_workspace(tmp_path / "ws")
    window = open_window(qtbot, ws, ui_settings)
    dialog = unlock.show_recovery_key(window, ws)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    assert ws.recovery_code in [label.text() for label in dialog.findChildren(QLabel)]
    texts = [w.text() for w in dialog.findChildren(type(dialog.kept_button))]
    assert texts == ["Print…", "I have kept it"]
    assert ws.recovery_code in dialog.page().toPlainText()
    dialog.kept_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    ws.close()
    with open_workspace(tmp_path / "ws") as again:
        assert unlock.show_recovery_key(window, again) is None  # shown once: never again


def test_settings_make_a_new_recovery_key_and_the_old_one_stops_working(qtbot, tmp_path, english, ui_settings):
    from PySide6.QtWidgets import QMessageBox

    from inspector_desktop.store import WrongRecoveryKeyError
    from tests.ui.conftest import open_window

    data_dir = DataDir(tmp_path / "ws")
    ws = open_workspace(data_dir)
    old_code = ws.recovery_code
    window = open_window(qtbot, ws, ui_settings)
    window.show_page(window.settings_page)
    button = window.settings_page.recovery
    assert button.text() == "Make a new recovery key…"

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.Yes).click()
        else:
            QTimer.singleShot(20, confirm)

    QTimer.singleShot(20, confirm)
    button.click()
    qtbot.waitUntil(lambda: button.shown is not None and button.shown.isVisible(), timeout=5000)
    new_code = button.shown.code
    assert new_code != old_code and new_code in [label.text() for label in button.shown.findChildren(QLabel)]
    button.shown.kept_button.click()
    window.close()
    ws.close()

    credentials.delete_secret(workspace_key.account(workspace_key.read_key_file(data_dir).workspace_id))
    with pytest.raises(WrongRecoveryKeyError):
        open_workspace(data_dir, recovery_code=old_code)
    with open_workspace(data_dir, recovery_code=new_code):
        pass
