"""Autosave: every edit reaches SQLite within about a second, with no Save button.

Edits are keyed by what they change (record and field); a newer edit of the same
field replaces the pending one. A short debounce turns a burst of keystrokes
into one write, and only one batch is in flight at a time, so writes land in
the order they were typed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal

from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.ops import run_op, wait_all

DEBOUNCE_MS = 500
Write = Callable[[Workspace], object]


class Autosaver(QObject):
    saving = Signal()
    saved = Signal()
    failed = Signal(object)  # the exception; the edit stays pending so nothing is lost

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: dict[Hashable, Write] = {}
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._write)

    @property
    def idle(self) -> bool:
        return not self._pending and not self._in_flight

    def queue(self, key: Hashable, write: Write) -> None:
        self._pending[key] = write
        self._timer.start()

    def flush_now(self) -> None:
        """Write what is pending without waiting for the debounce (leaving a visit, closing)."""
        if self._pending and not self._in_flight:
            self._timer.stop()
            self._write()

    def flush_blocking(self, timeout: float = 10.0) -> None:
        """At close: let the batch in flight land, then write the rest on this thread.

        A background write queued while the window closes would be dropped with
        the window, so the last edits are written here, before anything goes.
        Raises if a write fails, so the caller can keep the window open.
        """
        wait_all(timeout)
        self._timer.stop()
        batch, self._pending = self._pending, {}
        for key, write in batch.items():
            try:
                write(self.workspace)
            except BaseException:
                self._pending[key] = write
                raise

    def _write(self) -> None:
        if self._in_flight or not self._pending:
            return
        batch, self._pending = self._pending, {}
        self._in_flight = True
        self.saving.emit()
        ws = self.workspace

        def work(_task):  # type: ignore[no-untyped-def]
            for write in batch.values():
                write(ws)

        def done(_result: object) -> None:
            self._in_flight = False
            self.saved.emit()
            if self._pending:
                self._timer.start()

        def failed(exc: BaseException, _tb: str) -> None:
            self._in_flight = False
            # Keep the failed edits unless newer ones replaced them, and tell the inspector.
            for key, write in batch.items():
                self._pending.setdefault(key, write)
            self.failed.emit(exc)

        run_op(self, work, on_done=done, on_error=failed)
