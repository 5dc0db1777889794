"""The office's pages are in the navigation only while a lead is signed in on this laptop."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from inspector_desktop.store import open_workspace
from inspector_desktop.store.roles import INSPECTOR, LEAD, set_roles
from inspector_desktop.ui import app as app_module
from inspector_desktop.ui.changes import Changes, announce
from inspector_desktop.ui.office import OfficePage
from tests.ui.conftest import open_window, settle


class _Page(QLabel):
    shows = frozenset()

    def refresh(self) -> None:
        pass


def _office_page() -> list[OfficePage]:
    return [OfficePage("region_page", "ph.map-trifold", lambda: "Region", lambda _ws, _today: _Page("region"))]


def _office_rows(window) -> list[int]:  # type: ignore[no-untyped-def]
    return [n for n in range(window.nav.count()) if window.nav.item(n).text() == "Region"]


def test_office_pages_show_for_a_lead_only_and_follow_a_sign_in(qtbot, tmp_path, ui_settings, english, monkeypatch):
    monkeypatch.setattr(app_module, "office_pages", _office_page)
    ws = open_workspace(tmp_path / "ws")
    window = open_window(qtbot, ws, ui_settings)
    settle(qtbot)
    (row,) = _office_rows(window)
    assert window.nav.item(row).isHidden()  # never signed in: an inspector working alone
    assert not window.nav.item(row).icon().isNull()

    set_roles(ws, [LEAD])
    announce(window.sync_page, Changes.of("roles"))  # what a sign-in announces
    qtbot.waitUntil(lambda: not window.nav.item(row).isHidden(), timeout=5000)
    window.nav.setCurrentRow(row)
    assert window.stack.currentWidget() is window.region_page

    set_roles(ws, [INSPECTOR])  # signed in again, as an inspector
    announce(window.sync_page, Changes.of("roles"))
    qtbot.waitUntil(lambda: window.nav.item(row).isHidden(), timeout=5000)
    assert window.nav.currentRow() == 0  # not left on a page it may no longer show
