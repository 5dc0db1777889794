"""Closing the window never loses the last edits."""

from __future__ import annotations

import sqlalchemy as sa

from inspector_desktop.store.models import Visit
from tests.ui.conftest import open_window


def test_edits_typed_just_before_closing_are_stored(qtbot, demo_workspace, ui_settings, english):
    window = open_window(qtbot, demo_workspace, ui_settings)
    with demo_workspace.read() as s:
        vid = s.scalar(sa.select(Visit.id).where(Visit.status == "in_progress"))
    autosaver = window.visits_page.visit_page.autosaver
    # Two edits of different fields, queued in the debounce window, then close at once.
    from inspector_desktop.store import edits

    autosaver.queue(("visit", vid, "notes"), lambda ws: edits.update_field(ws, "visit", vid, "notes", "离校前补记：食堂留样"))
    autosaver.queue(("visit", vid, "purpose"), lambda ws: edits.update_field(ws, "visit", vid, "purpose", "专项检查"))
    window.close()
    with demo_workspace.read() as s:
        v = s.get(Visit, vid)
        assert (v.notes, v.purpose) == ("离校前补记：食堂留样", "专项检查")


def test_the_window_opens_and_quits_by_itself(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "inspector_desktop", "--data-dir", str(tmp_path / "ws"), "--quit-after", "0.5"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ws" / "workspace.sqlite3").exists()
