"""A laptop reported lost, in the window, against the real server on loopback: a
lead reports it from the Sync page's list of the region's laptops; the laptop's
next sync puts up the message, erases the workspace while it shows, and the
lead's list then says how many unsent changes were lost."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from inspector_desktop.store import open_workspace
from inspector_desktop.sync import account, protocol as p
from inspector_desktop.ui import lost_laptop
from inspector_desktop.ui.sync_page import SyncPage
from tests.server.conftest import PASSWORD
from tests.sync.conftest import engine, office, server  # noqa: F401 - fixtures
from tests.sync.conftest import Laptop, add_visit

REGION = "南湖区"
SHOTS = os.environ.get("INSPECTOR_SHOTS")  # a folder to keep screenshots in, when looking by hand


def _window(qtbot, tmp_path, name, server_url, username):  # noqa: ANN001
    ws = open_workspace(tmp_path / name)
    account.login(ws, server_url, username, PASSWORD)
    window = QMainWindow()
    page = SyncPage(ws, period_ms=3_600_000, probe_ms=3_600_000)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(1100, 600)
    window.show()
    return window, page


def _shot(widget, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


@pytest.fixture
def region(office):  # noqa: F811
    lead, _ = office.user(p.Role.LEAD, region=REGION)
    inspector, _ = office.user(p.Role.INSPECTOR, region=REGION)
    code = office.school(district=REGION)

    class _Named:
        username = inspector

    return lead, inspector, office.assign(_Named(), code)


def test_a_lead_reports_a_laptop_lost_and_it_erases_itself_at_its_next_sync(qtbot, tmp_path, server, region, english,  # noqa: F811
                                                                             monkeypatch):
    lead, inspector, school = region
    quits = []
    monkeypatch.setattr(lost_laptop, "quit_app", lambda: quits.append(True))
    QApplication.instance().setProperty(lost_laptop.ERASING, False)
    lost_window, lost_page = _window(qtbot, tmp_path, "lost", server.url, inspector)
    spare = Laptop(tmp_path / "spare", server.url, inspector)  # the inspector's other laptop
    lead_window, lead_page = _window(qtbot, tmp_path, "lead", server.url, lead)
    try:
        qtbot.waitUntil(lambda: lead_page.lost_laptops.isVisible(), timeout=10_000)
        assert not lost_page.lost_laptops.isVisible()  # an inspector has no such button
        account.sync_now(lost_page.workspace)  # the school reaches the laptop

        # The lead's list of the region's laptops; report the lost one.
        lead_page.lost_laptops.click()
        dialog = lead_page.lost_laptops.dialog
        lost_id = lost_page.workspace.client_id
        qtbot.waitUntil(lambda: any(r.device_id == lost_id for r in dialog.model.rows), timeout=10_000)
        dialog.view.selectRow(next(i for i, r in enumerate(dialog.model.rows) if r.device_id == lost_id))
        assert dialog.report_button.isEnabled()
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(dialog.reported, timeout=10_000) as got:
            dialog.report_button.click()
        assert got.args[0].revoked_at is not None
        # Work done on the lost laptop since its last contact: whatever sync it tries now is
        # refused, so these two changes are what the erasing loses. (Made before the report,
        # the window's own timer could send them first and nothing would be lost.)
        add_visit(lost_page.workspace, school)
        add_visit(lost_page.workspace, school)
        pending = account.pending_count(lost_page.workspace)
        assert pending == 2

        # The lost laptop's next sync (its own timer or probe, else the button): the message,
        # the erasing while it shows, then the app quits.
        data_dir = lost_page.workspace.data_dir

        def told() -> bool:
            if _erasing_box() is None and lost_page.sync_button.isEnabled() and not lost_page.syncing:
                lost_page.sync_button.click()
            return _erasing_box() is not None

        qtbot.waitUntil(told, timeout=20_000)
        box = _erasing_box()
        assert "reported this laptop lost" in box.text()
        assert f"{pending} changes made on this laptop had not been sent" in box.informativeText()
        assert [b.text() for b in box.buttons()] == ["OK"]  # nothing to choose
        qtbot.waitUntil(lambda: "has been erased" in box.text(), timeout=20_000)
        _shot(box, "lost-laptop-message.png")
        assert not data_dir.database.exists() and not data_dir.key_file.exists()
        assert not [f for f in data_dir.root.rglob("*") if f.is_file()]
        assert not quits  # not before the inspector has read it
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: quits == [True], timeout=5_000)

        # The lead sees what was lost; the inspector's other laptop syncs on.
        dialog.refresh()
        row = lambda: next(i for i, r in enumerate(dialog.model.rows) if r.device_id == lost_id)  # noqa: E731
        qtbot.waitUntil(lambda: dialog.model.rows[row()].erased_at is not None, timeout=10_000)
        assert f"{pending} unsent changes lost" in dialog.model.data(dialog.model.index(row(), 4))
        _shot(dialog, "lost-laptops-dialog.png")
        spare.sync()
        add_visit(spare.ws, school)
        assert spare.sync().applied >= 1
        # If the laptop was not lost after all, the inspector signs in again with a new workspace.
        fresh = Laptop(tmp_path / "lost", server.url, inspector)
        assert fresh.ws.client_id != lost_id
        fresh.close()
    finally:
        QApplication.instance().setProperty(lost_laptop.ERASING, False)
        spare.close()
        lead_page.workspace.close()


def _erasing_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == "This laptop was reported lost":
            return w
    return None

