"""The server database: engine set-up for SQLite and PostgreSQL, and migrations.

SQLite is the default (one file, one office); PostgreSQL (``postgresql+psycopg://``)
is for several server processes behind a load balancer. Both run the same
Alembic migrations, which live beside this module, apart from the client's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

# The workspace's SQLite set-up (WAL, FULL sync, busy timeout, BEGIN IMMEDIATE on
# request) is exactly what the server's SQLite file needs too.
from inspector_desktop.sqlite import configure_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works: it only has to be the same in every server process.
MIGRATION_LOCK_KEY = 0x1D5C_2026
# Its own name, so a server database never mistakes a client schema revision for its own.
VERSION_TABLE = "server_alembic_version"


class DatabaseError(Exception):
    """The database cannot be used; the message is meant for the operator."""


def normalise_url(url: str) -> str:
    """Accept a bare path as a SQLite file and plain ``postgresql://`` as psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> sa.Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        configure_sqlite(engine)
        return engine
    # READ COMMITTED (the default) is what the change counter's row lock relies on:
    # a writer that waited for the lock reads the value its predecessor committed.
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


@contextlib.contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction: committed on exit, rolled back on error."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Store many rows with one statement. psycopg's executemany sends one
    execution per row; on PostgreSQL the rows go instead as one JSON parameter
    that the database spreads into rows itself (the same columns in every row)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(sa.insert(table), rows)
        return
    conn.execute(_from_json(conn.dialect, table, tuple(rows[0])), dict(rows=json.dumps(rows, default=_plain, ensure_ascii=False)))


def insert_rows_then(conn: sa.Connection, inserts: list[tuple[sa.Table, list[dict[str, Any]]]], then: str, params: dict[str, Any]) -> None:
    """PostgreSQL only: several tables' rows (as in ``insert_rows``) and one more
    statement, sent as one: the end of a push is then one trip to the database."""
    parts, values = [], dict(params)
    for i, (table, rows) in enumerate((table, rows) for table, rows in inserts if rows):
        parts.append(f"stored_{i} AS ({_from_json(conn.dialect, table, tuple(rows[0])).text.replace(':rows', f':rows_{i}')})")
        values[f"rows_{i}"] = json.dumps(rows, default=_plain, ensure_ascii=False)
    conn.execute(sa.text(("WITH " + ", ".join(parts) + " " if parts else "") + then), values)


@functools.lru_cache(maxsize=64)
def _from_json(dialect: sa.Dialect, table: sa.Table, columns: tuple[str, ...]) -> sa.TextClause:
    names = ", ".join(f'"{c}"' for c in columns)
    spec = ", ".join(f'"{c}" {table.c[c].type.compile(dialect=dialect)}' for c in columns)
    return sa.text(f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x({spec})')


def _plain(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[return-value]


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def migrate(engine: sa.Engine) -> None:
    """Upgrade to head. Two processes starting at once take turns (PostgreSQL
    advisory lock; SQLite's write lock does the same), so neither sees half a schema."""
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    current = current_revision(engine)
    if current is not None and current not in known:
        raise DatabaseError(
            f"The server database is at schema {current}, written by a newer version; "
            "install that version to use it. Nothing was changed."
        )
    cfg = alembic_config()
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str) -> sa.Engine:
    engine = make_engine(url)
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"Cannot open the server database: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine
