"""A real server on 127.0.0.1 over a real database: SQLite always, PostgreSQL when
INSPECTOR_TEST_POSTGRES_URL names one. Each test module gets its own PostgreSQL
schema (dropped afterwards), so runs repeat cleanly on a shared database."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from inspector_desktop.server import admin, blobs
from inspector_desktop.server.app import Settings, create_app
from inspector_desktop.server.db import open_database
from inspector_desktop.sync.protocol import Role

PG_ENV = "INSPECTOR_TEST_POSTGRES_URL"
PASSWORD = "correct horse 9"


def postgres_base_url() -> str:
    url = os.environ.get(PG_ENV)
    required = os.environ.get("INSPECTOR_REQUIRE_POSTGRES") == "1"
    if not url:
        if required:
            pytest.fail(f"INSPECTOR_REQUIRE_POSTGRES=1 but {PG_ENV} is not set")
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://user:pw@127.0.0.1/db)")
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except sa.exc.OperationalError as exc:
        message = f"PostgreSQL at {PG_ENV} is unreachable: {exc.orig}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL into a fresh, empty schema of the test PostgreSQL; dropped afterwards."""
    base = postgres_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = sa.create_engine(base)
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        # search_path in the URL: every process given this URL lands in the same schema.
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin_engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin_engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
        return
    with postgres_schema() as url:
        yield url


class LiveServer:
    """uvicorn serving the app in a thread, on a loopback socket bound here first:
    the port is known before the server starts, and no other process can take it
    in between (a client that comes early waits in the socket's backlog)."""

    def __init__(self, engine: sa.Engine, blob_dir: Path, settings: Settings | None = None) -> None:
        self.engine = engine
        self.app = create_app(engine, blobs.LocalBlobStorage(blob_dir), settings)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(128)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs=dict(sockets=[self.socket]), daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.socket.close()
                raise RuntimeError("the test server did not start")
            time.sleep(0.005)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()


@pytest.fixture(scope="module")
def engine(db_url: str) -> Iterator[sa.Engine]:
    e = open_database(db_url)
    yield e
    e.dispose()


@pytest.fixture(scope="module")
def server(engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(engine, tmp_path_factory.mktemp("blobs")) as live:
        yield live


class Inspector:
    """One laptop talking HTTP to the server: its client id, its token, its seq."""

    def __init__(self, base_url: str, username: str, account_id: str, password: str = PASSWORD) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.username = username
        self.id = account_id
        self.client_id = str(uuid.uuid4())
        self.seq = 0
        self.cursor = 0
        self.records: dict[str, dict[str, Any]] = {}
        self.conflicts: list[dict[str, Any]] = []
        r = self.http.post("/auth/login", json=dict(username=username, password=password, client_id=self.client_id))
        assert r.status_code == 200, r.text
        self.tokens = r.json()
        self.http.headers["Authorization"] = f"Bearer {self.tokens['access_token']}"

    def mutation(self, entity: str, entity_id: str, fields: dict[str, Any], op: str = "insert", base: int = 0) -> dict[str, Any]:
        self.seq += 1
        return dict(seq=self.seq, entity=entity, entity_id=entity_id, op=op, fields=fields, base_version=base)

    def push(self, *mutations: dict[str, Any]) -> dict[str, Any]:
        r = self.http.post("/sync/push", json=dict(client_id=self.client_id, mutations=list(mutations)))
        assert r.status_code == 200, r.text
        return r.json()

    def write(self, entity: str, entity_id: str, fields: dict[str, Any], op: str = "insert", base: int = 0) -> dict[str, Any]:
        (result,) = self.push(self.mutation(entity, entity_id, fields, op, base))["results"]
        return result

    def pull_all(self, limit: int = 1000) -> dict[str, dict[str, Any]]:
        while True:
            r = self.http.get("/sync/pull", params=dict(cursor=self.cursor, limit=limit))
            assert r.status_code == 200, r.text
            page = r.json()
            for rec in page["records"]:
                self.records[rec["id"]] = rec
            self.conflicts += page["conflicts"]
            assert page["cursor"] >= self.cursor
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return self.records


class Office:
    """The administrator's side, through the same functions the CLI calls."""

    def __init__(self, engine: sa.Engine, server: LiveServer) -> None:
        self.engine, self.server = engine, server

    def user(self, *roles: Role, region: str = "") -> tuple[str, str]:
        name = f"u{uuid.uuid4().hex[:10]}"
        account_id = admin.create_user(self.engine, name, PASSWORD, list(roles) or [Role.INSPECTOR], name, name.upper(), region)
        return name, account_id

    def inspector(self, *roles: Role, region: str = "") -> Inspector:
        name, account_id = self.user(*(roles or (Role.INSPECTOR,)), region=region)
        return Inspector(self.server.url, name, account_id)

    def school(self, district: str = "西湖区", large: bool = False) -> str:
        code = f"S{uuid.uuid4().hex[:8]}"
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{code}.csv"
        row = f"{code},学校{code},县教育局,{district},{'yes' if large else 'no'}"
        path.write_text(f"code,name,competent_department,district,is_large\n{row}\n", encoding="utf-8")
        admin.import_schools(self.engine, path)
        path.unlink()
        return code

    def assign(self, inspector: Inspector, code: str) -> str:
        import datetime as dt

        admin.assign(self.engine, inspector.username, code, dt.date(2026, 9, 1))
        return admin.school_id(code)


@pytest.fixture(scope="module")
def office(engine: sa.Engine, server: LiveServer) -> Office:
    return Office(engine, server)


def visit_fields(school_id: str, notice: str = "announced") -> dict[str, Any]:
    return dict(
        school_id=school_id,
        scope="comprehensive",
        stage="process",
        planning="routine",
        notice=notice,
        status="planned",
        planned_on="2026-12-01",
        purpose="",
        notes="",
    )


def new_id() -> str:
    return str(uuid.uuid4())
