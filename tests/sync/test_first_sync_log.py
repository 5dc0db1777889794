"""A first sync of many pages copies its write-ahead log into the database file
less often while more pages follow, and leaves every connection of the workspace
checkpointing as usual afterwards (a connection that kept the larger allowance
would let the log grow on the laptop long after the sync)."""

from __future__ import annotations

import sqlalchemy as sa

from tests.sync.conftest import Laptop, add_visit
from inspector_desktop.sync import engine as sync_engine


def test_a_paged_first_sync_checkpoints_less_often_and_leaves_the_usual_setting(tmp_path, server, team):
    names, school = team
    a = Laptop(tmp_path / "a", server.url, names[0])
    b = None
    try:
        a.sync()
        for i in range(12):
            add_visit(a.ws, school, notes=f"第{i}次督导")
        a.sync()
        b = Laptop(tmp_path / "b", server.url, names[1], pull_limit=5)
        with b.ws.engine.connect() as conn:
            usual = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        at_commit: list[int] = []
        at_checkin: list[int] = []

        @sa.event.listens_for(b.ws.engine, "commit")
        def _commit(conn: sa.Connection) -> None:
            at_commit.append(conn.connection.dbapi_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

        @sa.event.listens_for(b.ws.engine, "checkin")
        def _checkin(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            at_checkin.append(dbapi_conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

        report = b.sync()
        assert report.pulled >= 12
        assert sync_engine.FILL_CHECKPOINT_PAGES in at_commit  # pages followed by more
        assert usual in at_commit  # the last page's commit checkpoints as usual
        assert at_checkin and set(at_checkin) == {usual}
    finally:
        a.close()
        if b is not None:
            b.close()
