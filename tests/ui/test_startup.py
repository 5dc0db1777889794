"""Start-up: the window is on screen, navigation and Today laid out, before the workspace
is open and before the store, the sync client or the charts are imported; Today fills
once the workspace opens; every other page is built when first shown."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.conftest import copy_workspace
from tests.ui.conftest import TODAY, settle

HEAVY = ("sqlalchemy", "pydantic", "requests", "qtawesome", "reportlab", "PySide6.QtCharts",
         "inspector_desktop.store", "inspector_desktop.sync")


def test_the_window_imports_nothing_heavy_before_its_first_frame():
    # In a fresh interpreter: what the window's start imports before the workspace opens.
    code = ("import sys, inspector_desktop.cli, inspector_desktop.ui.start, inspector_desktop.ui.app; "
            f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_opening_the_window_loads_no_subcommand():
    from inspector_desktop.cli import _opens_the_window

    assert _opens_the_window([])
    assert _opens_the_window(["--data-dir", "工作区"])
    assert _opens_the_window(["--data-dir=ws", "--quit-after", "2"])
    assert not _opens_the_window(["demo"])
    assert not _opens_the_window(["--data-dir", "ws", "sheet", "--out", "out"])
    assert not _opens_the_window(["--data-dir"])  # argparse says what is missing
    assert not _opens_the_window(["--version"])


@pytest.fixture
def held_open(monkeypatch):
    """The workspace opens only when the test says so, as a slow disk or a big workspace would."""
    import inspector_desktop.store as store

    release, real = threading.Event(), store.open_workspace

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "open_workspace", held)
    yield release
    release.set()


def test_the_window_shows_navigation_and_today_while_the_workspace_opens(
        qtbot, tmp_path, demo_template, ui_settings, english, held_open):
    from PySide6.QtCore import QTimer

    from inspector_desktop.paths import DataDir
    from inspector_desktop.ui import unlock
    from inspector_desktop.ui.app import MainWindow

    data_dir = DataDir(copy_workspace(demo_template, tmp_path / "demo"))
    window = MainWindow(today=lambda: TODAY, settings=ui_settings, data_dir=data_dir)
    qtbot.addWidget(window)
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)

    seen: dict[str, object] = {}

    def look_then_release() -> None:
        # While the workspace is still opening: a whole window, not a blank one.
        page = window.today_page
        seen["nav"] = [window.nav.item(n).text() for n in range(window.nav.count()) if not window.nav.item(n).isHidden()]
        seen["icons"] = all(not window.nav.item(n).icon().isNull() for n in range(window.nav.count()))
        seen["current"] = window.stack.currentWidget() is page
        seen["boxes"] = [b.title() for b in (page.today_box, page.upcoming_box, page.duties_box) if b.isVisible()]
        seen["status"] = window.statusBar().currentMessage()
        seen["title"] = page.title.text()
        seen["built"] = set(window.built)
        window.grab().save(str(tmp_path / "first-frame.png"))
        held_open.set()

    QTimer.singleShot(100, look_then_release)
    workspace = unlock.open_at_start(data_dir, window)
    assert workspace is not None
    try:
        assert seen["nav"] == ["Today", "Visits", "Schools", "Rectifications", "Dashboard", "Feedback forms",
                               "Training", "Sync", "Settings"]
        assert seen["icons"] and seen["current"]
        assert seen["boxes"] == ["Today's visits", "Coming up (14 days)", "Duties"]
        assert seen["status"] == "Opening the workspace…"
        assert seen["title"] == "Today"
        assert seen["built"] == {"today_page"}

        window.attach(workspace)
        assert window.statusBar().currentMessage() == ""
        qtbot.waitUntil(lambda: window.today_page.summary is not None, timeout=10_000)
        assert "李明华" in window.today_page.title.text()
        assert window.today_page.upcoming_list.count() > 0
        # Syncing by itself is the Sync page's: it is built once the day is on screen.
        qtbot.waitUntil(lambda: "sync_page" in window.built, timeout=10_000)
        settle(qtbot)
    finally:
        workspace.close()


def test_a_page_chosen_while_the_workspace_opens_is_shown_once_it_is(
        qtbot, tmp_path, demo_template, ui_settings, english):
    from inspector_desktop.paths import DataDir
    from inspector_desktop.store import open_workspace
    from inspector_desktop.ui.app import MainWindow

    data_dir = DataDir(copy_workspace(demo_template, tmp_path / "demo"))
    window = MainWindow(today=lambda: TODAY, settings=ui_settings, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(2)
    assert window.stack.currentWidget() is window.opening
    assert window.opening.text() == "Opening the workspace…"
    window.new_visit()  # Ctrl+N before the workspace is open does nothing
    assert "visits_page" not in window.built
    workspace = open_workspace(data_dir)
    try:
        window.attach(workspace)
        assert window.stack.currentWidget() is window.schools_page
        settle(qtbot)
    finally:
        workspace.close()


def test_a_page_is_built_the_first_time_it_is_shown(qtbot, demo_workspace, ui_settings, english):
    from inspector_desktop.ui.app import MainWindow

    window = MainWindow(demo_workspace, today=lambda: TODAY, settings=ui_settings)
    qtbot.addWidget(window)
    window.show()
    assert set(window.built) == {"today_page"}
    window.nav.setCurrentRow(4)
    assert "dashboard_page" in window.built
    assert window.stack.currentWidget() is window.dashboard_page
    assert "forms_page" not in window.built and "visits_page" not in window.built
    # Asking for a page builds it too, and it is the one the navigation then shows.
    forms = window.forms_page
    window.nav.setCurrentRow(5)
    assert window.stack.currentWidget() is forms
    settle(qtbot)
