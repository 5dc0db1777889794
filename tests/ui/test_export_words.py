"""The export dialog names what it exports in Chinese as the window names those
records: the visits themselves (督导记录), not a count of them (督导次数); the
findings as the visit page's tab calls them (发现问题)."""

from __future__ import annotations

from inspector_desktop.ui import i18n
from inspector_desktop.ui.export_dialog import ExportDialog


def test_the_export_choices_name_records_not_counts(window, qtbot, demo_workspace):
    i18n.apply_language("zh_CN")
    qtbot.wait(20)  # the language change reaches the widgets as an event
    dialog = ExportDialog(window, demo_workspace, "zh_CN")
    qtbot.addWidget(dialog)
    choices = {dialog.what.itemData(i): dialog.what.itemText(i) for i in range(dialog.what.count())}
    assert choices["visits"] == "督导记录"
    assert "次数" not in choices["visits"]
    visit_page = window.visits_page.visit_page
    assert choices["findings"] == visit_page.tabs.tabText(visit_page.tabs.indexOf(visit_page.findings)) == "发现问题"
    assert choices["rectifications"] == "整改"
