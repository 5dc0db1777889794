"""The Reports page: in a lead's window only; it makes the chosen report, shows it, and
asks for a school before making a school's report."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from inspector_desktop.store import open_workspace
from inspector_desktop.store.roles import INSPECTOR, LEAD, set_roles
from inspector_desktop.ui.changes import Changes, announce
from inspector_desktop.ui.office_reports_page import OfficeReportsPage
from tests.reports.office_data import build_region
from tests.ui.conftest import open_window, settle

AS_OF = dt.date(2026, 11, 20)


def _reports_row(window) -> int:  # type: ignore[no-untyped-def]
    (row,) = [n for n in range(window.nav.count()) if window.nav.item(n).text() == "Reports"]
    return row


def test_only_a_leads_window_shows_reports_and_it_makes_the_chosen_report(qtbot, tmp_path, ui_settings, english,
                                                                            monkeypatch):
    ws = open_workspace(tmp_path / "ws")
    build_region(ws)
    set_roles(ws, [INSPECTOR])
    window = open_window(qtbot, ws, ui_settings)
    settle(qtbot)
    row = _reports_row(window)
    assert window.nav.item(row).isHidden()  # an inspector's window

    set_roles(ws, [INSPECTOR, LEAD])
    announce(window.sync_page, Changes.of("roles"))
    qtbot.waitUntil(lambda: not window.nav.item(row).isHidden(), timeout=5000)
    window.nav.setCurrentRow(row)
    page = window.reports_page
    assert isinstance(page, OfficeReportsPage) and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.school.count() == 7, timeout=10_000)

    asked = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: asked.append(a[2]))
    page.kind.setCurrentIndex(page.kind.findData("school"))
    page.school.setCurrentIndex(-1)
    page.preview_button.click()
    assert asked and "needs the school" in asked[0] and page.preview.page_count() == 0

    page.school.setCurrentIndex(page.school.findData("XH01"))
    page.year.setValue(2026)
    page.part.setCurrentIndex(page.part.findData(""))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    assert page.choice() == ("school", "2026", "XH01", "zh_CN")
    page.preview_button.click()
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=20_000)
    assert page.preview.pdf_bytes().startswith(b"%PDF")
    window.resize(1100, 800)
    settle(qtbot)
    window.grab().save(str(tmp_path / "reports-page.png"))
    window.close()
    ws.close()
