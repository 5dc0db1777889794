"""A laptop learns its office's name and the public address of the verify page (what a
printed sheet's QR code points to) at each sign-in and sync; a server too old to
tell still signs in and syncs, and the laptop keeps what it knew."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector_desktop.server.app import Settings
from inspector_desktop.store import open_workspace
from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import account
from tests.reports.conftest import memory_keyring  # noqa: F401 - fixture
from tests.server.conftest import PASSWORD, LiveServer, Office
from tests.sync.conftest import engine  # noqa: F401 - fixture

OFFICE = "西湖区人民政府教育督导室"
ADDRESS = "https://dudao.example.gov.cn"


def _server(engine: sa.Engine, blobs: Path, settings: Settings, *, old: bool = False) -> LiveServer:  # noqa: F811
    live = LiveServer(engine, blobs, settings)
    if old:  # a server from before offices told their laptops anything
        live.app.router.routes = [r for r in live.app.router.routes if getattr(r, "path", "") != "/office"]
    return live


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    w = open_workspace(tmp_path / "laptop")
    yield w
    w.close()


def _office(ws: Workspace) -> tuple[str | None, str | None]:
    return ws.setting(account.OFFICE_NAME), ws.setting(account.VERIFY_URL)


def test_sign_in_and_sync_bring_the_office_name_and_verify_address(engine, ws, tmp_path, memory_keyring):  # noqa: F811
    with _server(engine, tmp_path / "blobs", Settings(public_url=ADDRESS, office_name=OFFICE)) as server:
        user, _ = Office(engine, server).user()
        account.login(ws, server.url, user, PASSWORD)
        assert _office(ws) == (OFFICE, ADDRESS)
        # Whatever the laptop held is replaced by what the office says at the next sync.
        ws.set_setting(account.OFFICE_NAME, "旧名称")
        ws.set_setting(account.VERIFY_URL, "https://old.example.gov.cn")
        account.sync_now(ws)
        assert _office(ws) == (OFFICE, ADDRESS)


def test_an_office_without_a_verify_address_clears_the_old_one(engine, ws, tmp_path, memory_keyring):  # noqa: F811
    ws.set_setting(account.VERIFY_URL, ADDRESS)
    with _server(engine, tmp_path / "blobs", Settings()) as server:
        user, _ = Office(engine, server).user()
        account.login(ws, server.url, user, PASSWORD)
        assert _office(ws) == ("", "")


def test_an_older_server_still_signs_in_and_syncs_and_the_laptop_keeps_what_it_knew(engine, ws, tmp_path, memory_keyring):  # noqa: F811
    with _server(engine, tmp_path / "blobs", Settings(public_url=ADDRESS, office_name=OFFICE), old=True) as server:
        user, _ = Office(engine, server).user()
        assert account.login(ws, server.url, user, PASSWORD).username == user
        assert _office(ws) == (None, None)
        ws.set_setting(account.VERIFY_URL, ADDRESS)
        assert account.sync_now(ws).still_pending == 0
        assert _office(ws) == (None, ADDRESS)
