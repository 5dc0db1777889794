"""The demo workspace is built once per run and copied for each test: each copy must
be a workspace of its own, or one test's edits would leak into the next."""

from __future__ import annotations


import sqlalchemy as sa

from inspector_desktop.paths import DB_FILENAME
from inspector_desktop.store import open_workspace
from inspector_desktop.store.models import Visit
from inspector_desktop.store.bookkeeping import Setting
from tests.conftest import copy_workspace
from tests.support import raw


def _visits(ws) -> int:  # type: ignore[no-untyped-def]
    with ws.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Visit)) or 0


def test_each_copy_is_its_own_laptop_with_the_same_data(demo_workspace, demo_template, tmp_path):
    other = open_workspace(copy_workspace(demo_template, tmp_path / "other"))
    try:
        assert _visits(other) == _visits(demo_workspace) == 90
        assert other.client_id != demo_workspace.client_id  # made on opening, like a fresh workspace
        assert other.data_dir.attachments != demo_workspace.data_dir.attachments
        sha, _size = demo_workspace.attachments.put_bytes(b"photo of one test")
        with demo_workspace.write() as s:
            s.merge(Setting(key="probe", value="written by one test"))
        assert other.setting("probe") is None
        assert not other.attachments.path_for(sha).exists()
    finally:
        other.close()
    # The template itself is untouched, has no client id, and keeps no WAL beside it.
    con = raw.connect(demo_template / DB_FILENAME, read_only=True)
    try:
        keys = {k for (k,) in con.execute("SELECT key FROM setting")}
    finally:
        con.close()
    assert "probe" not in keys and "client_id" not in keys
    assert not (demo_template / "attachments" / sha[:2] / sha).exists()
