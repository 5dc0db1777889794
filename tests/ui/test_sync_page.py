"""The Sync page driven like an inspector would, against a real server on loopback:
log in, sync, see a conflict side by side and decide it, see a refusal with its
reason, sync when the network returns, log out and be told what is still waiting."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from inspector_desktop.store import open_workspace
from inspector_desktop.store.models import Visit
from inspector_desktop.sync import account
from inspector_desktop.ui.sync_page import AccountState, SyncPage
from tests.server.conftest import PASSWORD
from tests.sync.conftest import engine, no_keyring, office, proxy, server, team  # noqa: F401 - fixtures
from tests.sync.conftest import Laptop, add_visit, set_field


@pytest.fixture
def page(qtbot, tmp_path, english, no_keyring):
    ws = open_workspace(tmp_path / "page")
    widget = SyncPage(ws, period_ms=3_600_000, probe_ms=3_600_000)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    ws.close()


def _synced(page: SyncPage, before: str | None) -> bool:
    return not page.syncing and page.workspace.setting("sync.last_sync") not in (None, before)


def _sync(qtbot, page: SyncPage) -> None:
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=5_000)
    before = page.workspace.setting("sync.last_sync")
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _synced(page, before), timeout=20_000)
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=5_000)


def test_log_in_sync_decide_a_conflict_and_log_out(qtbot, page, server, team, tmp_path, monkeypatch):  # noqa: F811
    names, school = team
    assert not page.sync_button.isEnabled() and page.login_button.text() == "Log in…"
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    dialog = page.login_dialog
    dialog.server.setText(server.url)
    dialog.username.setText(names[0])
    dialog.password.setText(PASSWORD)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.workspace.setting("sync.last_sync") is not None and not page.syncing, timeout=20_000)
    assert "Signed in to" in page.account_label.text() and "No system keyring" in page.account_label.text()
    assert "Last sync" in page.status_label.text()

    # A second inspector and this one edit the same visit's notes.
    vid = add_visit(page.workspace, school, notes="计划")
    _sync(qtbot, page)
    other = Laptop(tmp_path / "other", server.url, names[1])
    other.sync()
    set_field(other.ws, "visit", vid, notes="对方的笔记")
    other.sync()
    set_field(page.workspace, "visit", vid, notes="我的笔记")
    _sync(qtbot, page)
    qtbot.waitUntil(lambda: len(page.conflicts.rows) == 1, timeout=5_000)
    row = page.conflicts.rows[0]
    assert (row.mine, row.theirs) == ("我的笔记", "对方的笔记")
    shown = [page.conflicts.model.data(page.conflicts.model.index(0, c)) for c in range(4)]
    assert shown[2:] == ["我的笔记", "对方的笔记"]  # side by side
    page.conflicts.view.selectRow(0)
    qtbot.mouseClick(page.conflicts.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflicts.rows == () and any(r.state == "pending" for r in page.queue.rows), timeout=5_000)
    _sync(qtbot, page)
    other.sync()
    with other.ws.read() as s:
        assert s.get(Visit, vid).notes == "我的笔记"

    # A refused change stays visible with its reason until dealt with.
    set_field(page.workspace, "school", school, address="新地址")
    _sync(qtbot, page)
    qtbot.waitUntil(lambda: any(r.state == "rejected" for r in page.queue.rows), timeout=5_000)
    refused = [i for i, r in enumerate(page.queue.rows) if r.state == "rejected"]
    assert refused and page.queue.data(page.queue.index(refused[0], 4)) == "Your account may not change this record."
    assert page.queue.data(page.queue.index(refused[0], 3)) == "refused"
    page.queue_view.selectRow(refused[0])
    qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(r.state != "rejected" for r in page.queue.rows), timeout=5_000)

    # The network drops and returns: the page syncs by itself.
    set_field(page.workspace, "visit", vid, purpose="回来后同步")
    page.set_online(False)
    assert "offline" in page.status_label.text()
    before = page.workspace.setting("sync.last_sync")
    page.set_online(True)
    qtbot.waitUntil(lambda: _synced(page, before), timeout=20_000)
    assert account.pending_count(page.workspace) == 0

    # Log out with one change still waiting: the inspector is told, the change stays.
    set_field(page.workspace, "visit", vid, purpose="未发送")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told), timeout=5_000)
    assert "1 change has not reached the server" in told[0]
    assert page.login_button.text() == "Log in…" and not page.sync_button.isEnabled()
    with page.workspace.read() as s:
        assert s.scalar(sa.select(Visit.purpose).where(Visit.id == vid)) == "未发送"
    other.close()


def test_the_network_probe_reads_no_keyring_on_the_gui_thread(qtbot, page, monkeypatch):
    """The probe runs every 30 seconds: it works from the last snapshot, and the
    keyring is read only on workers (by refresh), never on the GUI thread."""
    import threading

    from inspector_desktop import credentials
    from inspector_desktop.ui.ops import wait_all

    gui = threading.get_ident()
    readers: list[int] = []
    real = credentials.load_token
    monkeypatch.setattr(credentials, "load_token", lambda url, ws: (readers.append(threading.get_ident()), real(url, ws))[1])
    url = "http://127.0.0.1:9"  # the discard port: nothing answers
    page.workspace.set_setting(account.SERVER_URL, url)
    page.account = AccountState(account.SignedIn(url, "me", "account-id", False), url)
    for _ in range(3):
        page.probe()
    qtbot.waitUntil(lambda: page.online is False, timeout=10_000)
    page.refresh()
    assert wait_all(10.0)
    qtbot.waitUntil(lambda: bool(readers), timeout=5_000)
    assert gui not in readers


def test_a_record_that_cannot_be_applied_is_shown_set_aside_and_the_sync_completes(qtbot, page, proxy, team):  # noqa: F811
    import json
    import uuid

    names, school = team
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    dialog = page.login_dialog
    dialog.server.setText(proxy.url)
    dialog.username.setText(names[0])
    dialog.password.setText(PASSWORD)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.workspace.setting("sync.last_sync") is not None and not page.syncing, timeout=20_000)
    assert not page.aside_view.isVisible()

    # The next page brings a colleague's visit at a school this laptop was never sent.
    stray = str(uuid.uuid4())
    fields = dict(school_id=str(uuid.uuid4()), scope="comprehensive", stage="process", planning="routine",
                  notice="announced", status="planned", planned_on="2026-12-01", purpose="", notes="")
    answer = json.dumps({"records": [{"entity": "visit", "id": stray, "version": 10**8, "deleted": False, "fields": fields}],
                         "conflicts": [], "cursor": 10**8, "has_more": False}).encode()
    proxy.tamper = lambda req, body: answer if req.path.startswith("/sync/pull") else None
    try:
        _sync(qtbot, page)
    finally:
        proxy.heal()
    assert "stopped" not in page.status_label.text()  # the sync finished: nothing else waited
    qtbot.waitUntil(lambda: page.aside.rowCount() == 1, timeout=5_000)
    assert page.aside_view.isVisible() and page.aside_title.text() == "Records set aside"
    shown = [page.aside.data(page.aside.index(0, c)) for c in range(page.aside.columnCount())]
    # Named as a person would say it: its kind and what the server sent (its date; the school
    # is not on this laptop), never by its id.
    assert shown[0] == "Visit · 2026-12-01 inspection"
    assert not any(stray[:8] in str(cell) or fields["school_id"][:8] in str(cell) for cell in shown)
    assert "has not reached this laptop yet" in shown[1] and shown[3] == "1"
