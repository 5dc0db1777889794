"""How every SQLite engine in the project is set up: the inspector's workspace and
the sync server's default database alike.

Both are files that must survive a pulled plug and several threads (or server
workers) writing at once, so both get the same settings. This module lives
outside ``store`` so the server can use it without importing the client's store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


# ---------------------------------------------------------------- the laptop's encrypted file
#
# The inspector's workspace is a SQLCipher 4 file (the server's database is not:
# it sits in the office, and PostgreSQL or plain SQLite serve it). SQLCipher
# reads nothing until it has the key, so the key is the first statement on every
# connection, before WAL, FULL sync and the rest above.


def encrypted_module() -> Any:
    """The SQLCipher DB-API module (imported on first use: the server never needs it)."""
    import sqlcipher3.dbapi2

    return sqlcipher3.dbapi2


def key_pragma(key: bytes) -> str:
    # A raw 256-bit key ("x'...'"): SQLCipher skips its key derivation, so a new
    # connection costs no more than an unencrypted one.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_encrypted(path: Path | str, key: bytes, read_only: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``path`` with ``key`` applied before anything else."""
    module = encrypted_module()
    target = f"file:{path}?mode=ro" if read_only else str(path)
    con = module.connect(target, uri=read_only, **kwargs)
    try:
        con.execute(key_pragma(key))
        # A wrong key is reported to the inspector as a sentence; SQLCipher's own
        # log lines on stderr would only alarm.
        con.execute("PRAGMA cipher_log_level = NONE")
    except BaseException:
        con.close()
        raise
    return con


# SQLCipher decrypts a page (and checks its HMAC) at each read from the file: the
# OS file cache holds only encrypted bytes, so every page SQLite's own cache lets go
# is decrypted again at its next read. The Visits list's index reads the visit table
# (36 MB at 100 000 visits) in file order, each page once, so it needs no big cache;
# 8 MB keeps what a search or Today's queries read again while they work.
CACHE_MB = 8
# Each pooled connection (one per worker thread) keeps a cache of its own, so
# SQLCipher's memory in the process, caches and all, is held to the same 8 MB:
# near that bound a connection recycles its own least recently used pages instead
# of taking more. Measured in the window at 100 000 visits: 64 MB here put the
# peak about 50 MB higher (270 MB against 220 MB), for searches about 1.5x faster;
# 16 MB put it 6 MB higher than 8 MB, for searches no faster (the one- and
# two-character ones scan tables far bigger than either cache; the longer ones
# read a few pages of the trigram index). SQLCipher's other memory (each
# connection's schema and statements, some 7 MB) counts against the bound too.
ALL_CACHES_MB = 8
# cipher_memory_security stays off, SQLCipher's default since 4.5. It would zero
# (and lock out of swap) the memory SQLCipher frees, at a cost on every page read;
# but whoever can read this process's memory also reads the open workspace's key
# and the pages still cached, so it would buy little.


def _workspace_connection(path: Path, key: bytes) -> Any:
    con = connect_encrypted(path, key, check_same_thread=False)
    con.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
    con.execute(f"PRAGMA soft_heap_limit = {ALL_CACHES_MB * 1024 * 1024}")  # process-wide
    return con


def encrypted_engine(path: Path, key: bytes) -> sa.Engine:
    """An engine on the SQLCipher file ``path``, set up like every other SQLite engine."""
    engine = sa.create_engine(
        f"sqlite:///{path}",
        module=encrypted_module(),
        creator=lambda: _workspace_connection(path, key),
        # The connection returned last, whose cache is warm, serves the next read.
        pool_use_lifo=True,
    )
    configure_sqlite(engine)
    return engine
