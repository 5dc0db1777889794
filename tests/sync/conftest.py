"""Sync tests: one real server (SQLite) per module on 127.0.0.1, a fault proxy in
front of it, and laptops that are real workspaces running the real engine."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Stage
from inspector_desktop.server import tables as t
from inspector_desktop.server.db import open_database
from inspector_desktop.store import open_workspace
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import MODEL_BY_TABLE, Visit
from inspector_desktop.sync.engine import SyncEngine
from inspector_desktop.sync.transport import RetryPolicy, Transport
from tests.server.conftest import PASSWORD, LiveServer, Office
from tests.sync.proxy import FaultProxy

FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    e = open_database(f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}")
    yield e
    e.dispose()


@pytest.fixture(scope="module")
def server(engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(engine, tmp_path_factory.mktemp("blobs")) as live:
        yield live


@pytest.fixture(scope="module")
def office(engine: sa.Engine, server: LiveServer) -> Office:
    return Office(engine, server)


@pytest.fixture(scope="module")
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.url) as fp:
        yield fp


@pytest.fixture
def no_keyring(monkeypatch):
    """A machine without a keyring backend, whatever an earlier test installed: its
    workspaces are locked with a passphrase, given here as a script gives it."""
    import keyring
    import keyring.backends.fail

    monkeypatch.setenv("INSPECTOR_DESKTOP_PASSPHRASE", "no keyring on this laptop")
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


class Laptop:
    """An inspector's workspace and its sync engine, talking through ``url``."""

    def __init__(self, root: Path, url: str, username: str, retry: RetryPolicy = FAST_RETRY, **engine_options: Any) -> None:
        self.ws: Workspace = open_workspace(root)
        self.transport = Transport(url, retry=retry, timeout=(2.0, 10.0))
        pair = self.transport.login(username, PASSWORD, self.ws.client_id)
        self.account_id = pair.account.id
        self.username = username
        self.sync_engine = SyncEngine(self.ws, self.transport, self.account_id, **engine_options)

    def sync(self):  # type: ignore[no-untyped-def]
        return self.sync_engine.sync()

    def close(self) -> None:
        self.transport.close()
        self.ws.close()

    def rows(self, entity: str) -> dict[str, dict[str, Any]]:
        """Synced fields of every row, wire-encoded, for comparing copies."""
        from inspector_desktop.store.codec import encode

        model = MODEL_BY_TABLE[entity]
        table = model.__table__  # type: ignore[attr-defined]
        skip = {"server_version", "created_at", "updated_at"}
        with self.ws.read() as s:
            return {
                row.id: {c: encode(getattr(row, c)) for c in table.columns.keys() if c not in skip}
                for row in s.execute(sa.select(table))
            }


def server_rows(engine: sa.Engine, entity: str) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.record).where(t.record.c.entity == entity)).all()
    return {r.id: dict(json.loads(r.fields), id=r.id, deleted=bool(r.deleted)) for r in rows}


def add_visit(ws: Workspace, school_id: str, **extra: Any) -> str:
    with ws.write() as s:
        v = Visit(
            school_id=school_id,
            scope=Scope.COMPREHENSIVE,
            stage=Stage.PROCESS,
            planning=Planning.ROUTINE,
            notice=Notice.ANNOUNCED,
            planned_on=dt.date(2026, 12, 1),
            **extra,
        )
        s.add(v)
        s.flush()
        return v.id


def set_field(ws: Workspace, entity: str, record_id: str, **values: Any) -> None:
    with ws.write() as s:
        obj = s.get(MODEL_BY_TABLE[entity], record_id)
        for k, v in values.items():
            setattr(obj, k, v)


@pytest.fixture(scope="module")
def team(office: Office):
    """Three inspectors responsible for one school."""
    code = office.school()
    names = []
    for _ in range(3):
        name, _id = office.user()
        office.assign(_Named(name), code)
        names.append(name)
    from inspector_desktop.server import admin

    return names, admin.school_id(code)


class _Named:
    def __init__(self, username: str) -> None:
        self.username = username


def new_id() -> str:
    return str(uuid.uuid4())
