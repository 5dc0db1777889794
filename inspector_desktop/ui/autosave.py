"""Autosave: every edit reaches SQLite within about a second, with no Save button.

Edits are keyed by what they change (record and field); a newer edit of the same
field replaces the pending one. A short debounce turns a burst of keystrokes
into one write, and only one batch is in flight at a time, so writes land in
the order they were typed.

The debounce alone would never fire during steady typing (each key restarts
it), and a crash mid-sentence would lose the sentence. So the oldest pending
edit also sets a deadline: whatever is pending is written ``MAX_WAIT_MS`` after
it at the latest, leaving the rest of the second for the write itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op, wait_all

DEBOUNCE_MS = 500
MAX_WAIT_MS = 700  # from the oldest pending edit; the promise is "stored within a second"
Write = Callable[[Workspace], object]


class Autosaver(QObject):
    saving = Signal()
    saved = Signal()
    failed = Signal(object)  # the exception; the edit stays pending so nothing is lost

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pending: dict[Hashable, tuple[Write, str]] = {}  # key -> (write, kind of record it changes)
        self._oldest: float | None = None  # when the oldest pending edit was queued (monotonic)
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._write)

    @property
    def idle(self) -> bool:
        return not self._pending and not self._in_flight

    def queue(self, key: Hashable, write: Write, kind: str | None = None) -> None:
        """``kind`` is the kind of record written (a table name); by default the key's first part."""
        if kind is None:
            kind = key[0] if isinstance(key, tuple) and key and isinstance(key[0], str) else ""
        self._pending[key] = (write, kind)
        self._schedule()

    def _schedule(self) -> None:
        """Debounce, but never past the oldest pending edit's deadline."""
        if self._oldest is None:
            self._oldest = time.monotonic()
        left_ms = int((self._oldest - time.monotonic()) * 1000) + MAX_WAIT_MS
        self._timer.start(max(0, min(DEBOUNCE_MS, left_ms)))

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
        for key, (write, kind) in batch.items():
            try:
                write(self.workspace)
            except BaseException:
                self._pending[key] = (write, kind)
                raise
        self._oldest = None

    def _write(self) -> None:
        if self._in_flight or not self._pending:
            return
        batch, self._pending = self._pending, {}
        self._oldest = None
        self._timer.stop()
        self._in_flight = True
        self.saving.emit()
        ws = self.workspace

        def work(_task):  # type: ignore[no-untyped-def]
            for write, _kind in batch.values():
                write(ws)

        def done(_result: object) -> None:
            self._in_flight = False
            self.saved.emit()
            if self._pending:
                # Edits typed while this batch was written: their deadline still counts.
                self._schedule()

        def failed(exc: BaseException, _tb: str) -> None:
            self._in_flight = False
            # Keep the failed edits unless newer ones replaced them, and tell the inspector.
            for key, entry in batch.items():
                self._pending.setdefault(key, entry)
            self.failed.emit(exc)

        changed = Changes(frozenset(kind for _write, kind in batch.values() if kind))
        run_op(self, work, on_done=done, on_error=failed, changes=changed)
