"""The encrypted workspace keeps decrypted pages in memory so a re-read page is not
decrypted again, within a bound for all its connections together; a plain SQLite
file (the server's database) keeps SQLite's own default."""

from __future__ import annotations

import sqlite3
import threading

from inspector_desktop.store import open_workspace
from inspector_desktop.store.db import make_engine


def _pragma(conn, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(conn.exec_driver_sql(f"PRAGMA {name}").scalar())


def test_every_connection_of_the_workspace_keeps_up_to_8_mb_of_decrypted_pages_and_all_together_too(tmp_path):
    with open_workspace(tmp_path / "ws") as ws:
        with ws.engine.connect() as first:
            # A second connection at the same time, as a worker thread takes while
            # the window reads on another.
            with ws.engine.connect() as second:
                assert first.connection.driver_connection is not second.connection.driver_connection
                for conn in (first, second):
                    assert _pragma(conn, "cache_size") == -8 * 1024  # negative: KiB, not pages
                    assert _pragma(conn, "soft_heap_limit") == 8 * 1024 * 1024


def test_the_connection_returned_last_serves_the_next_read(tmp_path):
    """Its cache is the warm one; the others keep what they hold, unused."""
    with open_workspace(tmp_path / "ws") as ws:
        both_open = threading.Barrier(2)
        theirs = []

        def worker() -> None:
            with ws.engine.connect() as conn:
                theirs.append(conn.connection.driver_connection)
                both_open.wait()

        other = threading.Thread(target=worker)
        with ws.engine.connect() as conn:
            other.start()
            both_open.wait()
            other.join()  # the worker's connection goes back first
            last = conn.connection.driver_connection
        assert theirs[0] is not last
        for _ in range(3):
            with ws.engine.connect() as conn:
                assert conn.connection.driver_connection is last


def test_a_plain_sqlite_file_keeps_the_default_cache(tmp_path):
    bare = sqlite3.connect(":memory:")
    default = bare.execute("PRAGMA cache_size").fetchone()[0]  # this SQLite build's own
    bare.close()
    engine = make_engine(tmp_path / "plain.sqlite3")  # no key: the server's kind of file
    try:
        with engine.connect() as conn:
            assert _pragma(conn, "cache_size") == default
            assert _pragma(conn, "soft_heap_limit") == 0
    finally:
        engine.dispose()
