"""A visit's page fits a 1024×640 screen in English and Chinese, whatever its status:
the header's actions (notice letter, start, complete, cancel, feedback form) wrap onto
a second line rather than widening the window, none is cut or hidden, and Tab still
walks them in reading order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_desktop.domain import Notice, VisitStatus
from inspector_desktop.ui import i18n
from tests.ui.conftest import open_window, settle

TIMEOUT = 15_000


def _open(window, qtbot, status: VisitStatus, notice: Notice):
    model = window.visits_page.model
    row = next(model.row_at(i) for i in range(model.rowCount())
               if not model.row_at(i).hidden and model.row_at(i).status is status
               and model.row_at(i).notice == notice)
    window.open_visit(row.id)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == row.id, timeout=TIMEOUT)
    settle(qtbot)
    return page


def _actions(page):
    return [b for b in (page.back_button, page.notice_button, page.start_button, page.complete_button,
                        page.cancel_button, page.form_button) if not b.isHidden()]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("status", [VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED])
def test_the_visit_header_fits_1024_with_every_action_whole(qtbot, demo_workspace, ui_settings, english,
                                                             language, status):
    i18n.apply_language(language)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    settle(qtbot)
    page = _open(window, qtbot, status, Notice.ANNOUNCED)  # announced: the notice letter's button too
    window.resize(1024, 640)
    settle(qtbot)
    expected = {VisitStatus.PLANNED: 5, VisitStatus.IN_PROGRESS: 5, VisitStatus.COMPLETED: 3}[status]
    shown = _actions(page)
    assert len(shown) == expected, [b.text() for b in shown]
    assert window.minimumSizeHint().width() <= 1024, (window.minimumSizeHint(), [b.text() for b in shown])
    assert window.width() == 1024 and window.height() == 640
    room = page.rect()
    for button in shown:
        assert button.isVisible(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()  # its words whole
        where = button.geometry().translated(button.parentWidget().mapTo(page, button.pos()) - button.pos())
        assert room.contains(where), (button.text(), where, room)
    # No two buttons sit on one another.
    for n, a in enumerate(shown):
        for b in shown[n + 1:]:
            assert not a.geometry().intersects(b.geometry()) or a.parentWidget() is not b.parentWidget(), \
                (a.text(), b.text())
    # The tabs below keep room to work in.
    assert page.tabs.height() >= 300


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_tab_walks_the_header_actions_in_reading_order(qtbot, demo_workspace, ui_settings, english, language):
    i18n.apply_language(language)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    page = _open(window, qtbot, VisitStatus.PLANNED, Notice.ANNOUNCED)
    settle(qtbot)
    window.activateWindow()
    shown = _actions(page)
    shown[0].setFocus()
    seen = [QApplication.focusWidget()]
    for _ in shown[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == shown, [w.objectName() or type(w).__name__ for w in seen]


def test_the_shortcuts_still_work_on_a_narrow_window(qtbot, demo_workspace, ui_settings, english):
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    page = _open(window, qtbot, VisitStatus.PLANNED, Notice.ANNOUNCED)
    window.activateWindow()
    page.tabs.setFocus()
    visits = window.visits_page
    qtbot.keyClick(page.tabs, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: visits.stack.currentWidget() is visits.list_page, timeout=TIMEOUT)
    settle(qtbot)
