"""The main window: every page reachable, first-run offer, shortcuts, live language switch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import open_window, settle


def test_every_page_is_reachable_and_named(window, qtbot):
    # An inspector's window: the office's pages follow, hidden (tests/ui/test_office_pages.py).
    names = [window.nav.item(i).text() for i in range(window.nav.count()) if not window.nav.item(i).isHidden()]
    assert names == ["Today", "Visits", "Schools", "Rectifications", "Dashboard", "Feedback forms", "Training", "Sync", "Settings"]
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        assert window.stack.currentWidget() is window.pages[i][0]
    window.nav.setCurrentRow(7)
    # No account yet: the Sync page says so, and nothing is sent anywhere.
    assert "Not signed in" in window.sync_page.account_label.text()
    assert not window.sync_page.sync_button.isEnabled()
    assert window.nav.accessibleName() == "Pages"


def test_first_run_offers_demo_data_or_an_empty_start(qtbot, workspace, ui_settings, english):
    w = open_window(qtbot, workspace, ui_settings)
    qtbot.waitUntil(lambda: w.today_page.welcome.isVisible(), timeout=5000)
    qtbot.mouseClick(w.today_page.demo_button, Qt.MouseButton.LeftButton)
    # The demo is built on a worker; the list fills when it is done.
    qtbot.waitUntil(lambda: len(w.visits_page.model.keys) > 0, timeout=30_000)
    qtbot.waitUntil(lambda: not w.today_page.welcome.isVisible(), timeout=5000)
    assert w.visits_page.school.count() > 1
    settle(qtbot)


def test_demo_workspace_skips_the_welcome(window, qtbot):
    qtbot.waitUntil(lambda: window.today_page.summary is not None, timeout=5000)
    assert not window.today_page.welcome.isVisible()
    assert "李明华" in window.today_page.title.text()


def test_ctrl_f_goes_to_the_search_box(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.visits_page
    assert window.visits_page.search.hasFocus()


def test_switching_language_retranslates_live(window, qtbot):
    window.nav.setCurrentRow(8)
    assert window.stack.currentWidget() is window.settings_page
    combo = window.settings_page.language
    combo.setCurrentIndex(combo.findData("zh_CN"))
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "今日", timeout=3000)
    assert window.nav.item(1).text() == "督导"
    assert window.visits_page.new_button.text() == "新建督导…"
    assert window.visits_page.model.headerData(1, Qt.Orientation.Horizontal) == "学校"
    assert window.settings_page.title.text() == "设置"
    assert window.settings.value("ui/language") == "zh_CN"
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Today", timeout=3000)
    assert window.visits_page.new_button.text() == "New visit…"
