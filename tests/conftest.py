"""Shared test set-up: offscreen Qt, a bounded Hypothesis profile, fresh workspaces
and copies of one demo workspace built per run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from inspector_desktop.paths import ATTACHMENTS_DIRNAME, DB_FILENAME, KEY_FILENAME
from tests.support import keyring_file, raw

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One real keyring for the session and every process it starts (the workspace
# keys live there), never the user's own: see tests/support/keyring_file.py.
_KEYRING_FILE = keyring_file.install()
# Never touch the real per-user workspace from a test.
os.environ.setdefault("INSPECTOR_DESKTOP_DATA_DIR", str(Path(os.environ.get("TMPDIR", "/tmp")) / "inspector-tests-default"))

# "ci" keeps the whole run within budget on two cores; "soak" is for runs by hand:
#   HYPOTHESIS_PROFILE=soak pytest tests/unit/test_domain.py
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def session_keyring() -> Iterator[object]:
    """The session's keyring, installed again in case an import chose another first."""
    import keyring

    backend = keyring_file.FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring_file.remove(_KEYRING_FILE)


@pytest.fixture
def workspace(tmp_path: Path):
    from inspector_desktop.store import open_workspace

    ws = open_workspace(tmp_path / "ws")
    yield ws
    ws.close()


DEMO_AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace folder, built once per run (about two seconds); tests
    get copies of it, never the folder itself."""
    import sqlalchemy as sa

    from inspector_desktop.store import open_workspace
    from inspector_desktop.store.demo import build_demo
    from inspector_desktop.store.bookkeeping import Setting

    root = tmp_path_factory.mktemp("demo-template") / "demo"
    ws = open_workspace(root)
    try:
        build_demo(ws, as_of=DEMO_AS_OF)
        # Each copy must be a laptop of its own: it makes its own client id when opened,
        # as a fresh workspace does, instead of every test sharing this one's.
        with ws.engine.begin() as conn:
            conn.execute(sa.delete(Setting.__table__).where(Setting.__table__.c.key == "client_id"))
    finally:
        ws.close()
    # Fold the WAL into the main file, so copying that one file copies every commit.
    con = raw.connect(root / DB_FILENAME)
    try:
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    assert busy == 0, "something still holds the demo template open"
    return root


def copy_workspace(source: Path, target: Path) -> Path:
    """A separate workspace folder with the same data: database file and evidence files."""
    wal = source / f"{DB_FILENAME}-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "copy a checkpointed workspace only"
    target.mkdir(parents=True)
    shutil.copyfile(source / DB_FILENAME, target / DB_FILENAME)
    # The key file too: the copy opens with the same key, kept in the session's keyring.
    shutil.copyfile(source / KEY_FILENAME, target / KEY_FILENAME)
    shutil.copytree(source / ATTACHMENTS_DIRNAME, target / ATTACHMENTS_DIRNAME)
    return target


@pytest.fixture
def demo_workspace(tmp_path: Path, demo_template: Path):
    from inspector_desktop.store import open_workspace

    ws = open_workspace(copy_workspace(demo_template, tmp_path / "demo"))
    yield ws
    ws.close()
