"""Start-up: the window on screen first, then the workspace, then the day.

Before the window exists nothing heavy is imported: the store (SQLAlchemy, the
ORM models), the sync client (pydantic, requests) and the pages' own modules
(QtCharts for the Dashboard) come after the first frame. That frame shows the
navigation and the Today page laid out, empty; the workspace opens on a worker
meanwhile, and any passphrase or recovery key it needs is asked over the window.
Today then fills from a worker, and the other pages are built when first shown.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_desktop.paths import DataDir
from inspector_desktop.ui import i18n, unlock
from inspector_desktop.ui.app import MainWindow, make_app
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import wait_all

START_PROBE_ENV = "INSPECTOR_DESKTOP_START_PROBE"  # see StartProbe


def run(data_dir: Path | None, quit_after: float | None = None) -> int:
    """Open the window on ``data_dir``. ``quit_after`` (seconds) closes it again, for smoke tests.

    The window is on screen first, its navigation and Today laid out; the workspace
    opens on a worker meanwhile (the store's import included), asking over the window
    for a passphrase or a recovery key if it needs one; then Today fills.
    """
    app = make_app(later_cjk_font=True)
    probe = StartProbe.from_environment()
    window = MainWindow(data_dir=DataDir(data_dir))
    window.first_painted.connect(probe.first_frame)
    window.show()
    _wait_for(window.first_painted)
    # School names and findings may be Chinese whatever the window's language: the
    # font is in before they arrive (loaded here, on the GUI thread, while the workspace opens).
    QTimer.singleShot(0, lambda: i18n.load_cjk_font(app))
    try:
        workspace = unlock.open_at_start(DataDir(data_dir), window)
    except Exception as exc:
        from inspector_desktop.store import StoreError

        if not isinstance(exc, StoreError):
            raise
        QMessageBox.critical(window, QCoreApplication.translate("MainWindow", "Cannot open the workspace"), error_text(exc))
        return 2
    if workspace is None:  # the inspector closed the passphrase or recovery key dialog
        return 2
    try:
        if not window.isVisible():  # closed while the workspace was opening
            return 0
        window.today_page.filled.connect(probe.today_filled)
        window.attach(workspace)
        unlock.show_recovery_key(window, workspace)
        if quit_after is not None:
            QTimer.singleShot(int(quit_after * 1000), window.close)
        return app.exec()
    finally:
        wait_all()
        workspace.close()


def _wait_for(signal: SignalInstance, timeout_ms: int = 5000) -> None:
    """Let the event loop run until ``signal`` (or the timeout: a platform that never paints)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


class StartProbe:
    """For the start-up benchmark (tests/benchmarks/bench_ui.py): with INSPECTOR_DESKTOP_START_PROBE set,
    the window says on stdout when its first frame is painted and when Today is filled, then quits."""

    def __init__(self, on: bool) -> None:
        self.on = on

    @classmethod
    def from_environment(cls) -> StartProbe:
        return cls(bool(os.environ.get(START_PROBE_ENV)))

    def first_frame(self) -> None:
        if self.on:
            print("FIRST-FRAME", flush=True)

    def today_filled(self) -> None:
        if self.on:
            print("TODAY-FILLED", flush=True)
            QTimer.singleShot(0, QApplication.quit)
