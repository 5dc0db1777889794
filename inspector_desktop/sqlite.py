"""How every SQLite engine in the project is set up: the inspector's workspace and
the sync server's default database alike.

Both are files that must survive a pulled plug and several threads (or server
workers) writing at once, so both get the same settings. This module lives
outside ``store`` so the server can use it without importing the client's store.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event

# How long a connection waits for another's write lock before giving up.
BUSY_TIMEOUT_MS = 15_000


def configure_sqlite(engine: sa.Engine) -> None:
    """WAL, FULL sync, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` on request.

    A write transaction asks for the lock up front with
    ``engine.execution_options(sqlite_begin="IMMEDIATE")`` (or on a connection).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, say where transactions begin: the driver's
        # own implicit BEGIN skips DDL, which would leave migrations half-applied.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk before the edit is reported as saved.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # Writers take the lock up front; a deferred writer can fail with
        # SQLITE_BUSY (no waiting) when another thread committed in between.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
