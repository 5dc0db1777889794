"""The Sync page notices the server coming back by itself: an app started while the
office server is down syncs within seconds of it coming up, without waiting for the
five-minute timer, and nobody signed in means nothing is probed.

The server is real, on 127.0.0.1: its socket is bound and listening before the
page starts (a connection waits unanswered, as to a server that is down), and it
starts serving later in the test.
"""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from inspector_desktop import credentials
from inspector_desktop.store import open_workspace
from inspector_desktop.store.models import Visit
from inspector_desktop.sync import account
from inspector_desktop.ui.sync_page import SyncPage
from tests.server.conftest import PASSWORD, LiveServer
from tests.sync.conftest import engine, no_keyring, office, server, team  # noqa: F401 - fixtures
from tests.sync.conftest import Laptop, add_visit


def _signed_in_earlier(ws, reached_at: str, address: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """A sign-in and a sync from an earlier day, to the office server at ``address``.
    The office's tokens live in its database, so a sign-in made through another
    door to the same database is that sign-in."""
    account.login(ws, reached_at, username, PASSWORD)
    account.sync_now(ws)
    credentials.store_token(address, ws.client_id, credentials.load_token(reached_at.rstrip("/"), ws.client_id) or "")
    ws.set_setting(account.SERVER_URL, address)


def test_an_app_started_while_the_server_is_down_syncs_soon_after_it_comes_up(
        qtbot, tmp_path, english, no_keyring, engine, server, team):  # noqa: F811
    names, school = team
    down = LiveServer(engine, tmp_path / "blobs")  # bound and listening, not answering yet
    ws = open_workspace(tmp_path / "laptop")
    _signed_in_earlier(ws, server.url, down.url, names[0])
    synced_before = ws.setting("sync.last_sync")
    mine = add_visit(ws, school, purpose="离线时的督导")
    colleague = Laptop(tmp_path / "colleague", server.url, names[1])
    colleague.sync()
    theirs = add_visit(colleague.ws, school, purpose="同事的督导")
    colleague.sync()

    # The app starts: default timings, so only the five-minute timer would sync without probing.
    page = SyncPage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.online is False, timeout=20_000)
    assert "offline" in page.status_label.text()
    assert ws.setting("sync.last_sync") == synced_before

    with down:  # the server comes up
        qtbot.waitUntil(lambda: ws.setting("sync.last_sync") != synced_before and not page.syncing, timeout=20_000)
        assert page.online is True and "offline" not in page.status_label.text()
        assert account.pending_count(ws) == 0  # what was typed offline went up
        with ws.read() as s:
            assert s.scalar(sa.select(Visit.purpose).where(Visit.id == theirs)) == "同事的督导"
        colleague.sync()
        with colleague.ws.read() as s:
            assert s.scalar(sa.select(Visit.purpose).where(Visit.id == mine)) == "离线时的督导"
        page.close()
    colleague.close()
    ws.close()


@pytest.fixture
def refusing_address():
    """An address on 127.0.0.1 where nothing listens: every connection is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # bound, never listening: the port stays ours and refuses
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_probes_back_off_while_the_server_is_away_and_stop_at_log_out(
        qtbot, tmp_path, english, no_keyring, server, team, refusing_address, monkeypatch):  # noqa: F811
    names, _school = team
    probes: list[str] = []
    real = account.reachable
    monkeypatch.setattr(account, "reachable", lambda url, *a, **k: (probes.append(url), real(url, *a, **k))[1])
    ws = open_workspace(tmp_path / "laptop")
    _signed_in_earlier(ws, server.url, refusing_address, names[0])
    page = SyncPage(ws, first_probe_ms=50, probe_ms=400)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: len(probes) >= 4, timeout=10_000)
    assert set(probes) == {refusing_address} and page.online is False

    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)  # Log out
    qtbot.waitUntil(lambda: page.login_button.text() == "Log in…", timeout=10_000)
    seen = len(probes)
    qtbot.wait(1500)  # several of the longest waits between probes
    assert len(probes) <= seen + 1  # at most the one already under way
    assert not page.watch.probe_timer.isActive()
    page.close()
    ws.close()
