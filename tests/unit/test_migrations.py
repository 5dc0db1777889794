"""Schema migrations: first revision upwards, models in step, newer and damaged files refused."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from inspector_desktop.paths import DataDir
from inspector_desktop.store import CorruptDatabaseError, NewerDatabaseError, open_workspace
from inspector_desktop.store.db import alembic_config, head_revision, make_engine
from inspector_desktop.store.models import Base
from inspector_desktop.store.search import matching_visit_ids
from tests.support import raw as raw_db

FIRST = "0001"


def _at_revision(path, revision):
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return engine


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revisions_form_one_line_from_the_first():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_base() == FIRST


def test_models_match_the_migrated_schema(tmp_path):
    engine = _at_revision(tmp_path / "w.sqlite3", "head")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": lambda name, type_, _p: not (type_ == "table" and "_fts" in (name or ""))}
        )
        assert compare_metadata(ctx, Base.metadata) == []


def test_upgrade_from_the_first_revision_keeps_data_and_backs_up(tmp_path):
    data_dir = DataDir(tmp_path / "old").ensure()
    engine = _at_revision(data_dir.database, FIRST)
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO school (id, code, name, competent_department, district, address, school_type, is_large,"
            " server_version, deleted, created_at, updated_at)"
            " VALUES ('s1', 'S1', '桃花镇中心小学', '区教育局', '', '', '', 0, 0, 0, '2026-01-01', '2026-01-01')"
        )
        c.exec_driver_sql(
            "INSERT INTO visit (id, school_id, scope, stage, planning, notice, status, planned_on, purpose, notes,"
            " server_version, deleted, created_at, updated_at)"
            " VALUES ('v1', 's1', 'special', 'process', 'random', 'unannounced', 'planned', '2026-01-05', '',"
            " '暗访食堂卫生', 0, 0, '2026-01-01', '2026-01-01')"
        )
    engine.dispose()

    ws = open_workspace(data_dir)
    backups = list(data_dir.root.glob("*.before-upgrade-from-0001.bak"))
    assert len(backups) == 1
    old = raw_db.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
    assert old.execute("SELECT notes FROM visit").fetchone() == ("暗访食堂卫生",)
    old.close()
    with ws.read() as s:
        # Revision 0002 indexed the text that was already there.
        assert set(s.scalars(matching_visit_ids(s, "食堂卫生"))) == {"v1"}
    ws.close()
    raw = raw_db.connect(data_dir.database)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)


def test_a_current_workspace_is_not_backed_up_again(tmp_path):
    open_workspace(tmp_path / "w").close()
    open_workspace(tmp_path / "w").close()
    assert not list((tmp_path / "w").glob("*.bak"))


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    data_dir = DataDir(tmp_path / "newer")
    open_workspace(data_dir).close()
    raw = raw_db.connect(data_dir.database)
    raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    before = _digest(data_dir.database)
    with pytest.raises(NewerDatabaseError) as err:
        open_workspace(data_dir)
    assert "newer version" in str(err.value) and "untouched" in str(err.value)
    assert _digest(data_dir.database) == before
    assert not list(data_dir.root.glob("*.bak"))


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\x07" * 4000])
def test_a_damaged_file_is_refused_untouched(tmp_path, content):
    data_dir = DataDir(tmp_path / "bad").ensure()
    data_dir.database.write_bytes(content)
    with pytest.raises(CorruptDatabaseError) as err:
        open_workspace(data_dir)
    assert "untouched" in str(err.value)
    assert data_dir.database.read_bytes() == content


def test_an_unwritable_data_folder_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from inspector_desktop.store import StoreError

    with pytest.raises(StoreError) as err:
        open_workspace(blocker / "ws")
    assert "Cannot create the data folder" in str(err.value)


def test_downgrade_to_first_and_back(tmp_path):
    engine = _at_revision(tmp_path / "w.sqlite3", "head")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, FIRST)
    with engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    assert "visit_fts" not in names and "visit" in names
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
