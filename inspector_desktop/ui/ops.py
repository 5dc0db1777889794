"""The one helper for work that must not run on the GUI thread.

Modelled on Anki's ``QueryOp``/``CollectionOp`` and Orange's concurrent tasks: an
operation is a plain function run on a worker thread; its result, progress and
errors come back to the GUI thread. The function must never touch a widget, and
must return plain snapshots, never live ORM objects.

    op = run_op(self, lambda task: visit_list.visit_rows(ws, keys, today), on_done=self.show_rows)
    op = run_op(self, export, on_done=..., progress_label=tr("Exporting…"))  # shows a dialog

Inside the function, ``task.progress(done, total)`` reports progress and
``task.check()`` raises if the inspector pressed Cancel; a cancelled
operation's result is dropped.

With ``key``, a newer run with the same key on the same parent supersedes the
older one (Orange3's ``ConcurrentWidgetMixin.start``): the older task is
cancelled and its result or error is never delivered. That is how a page that
reloads on every click or keystroke shows only the answer to the latest one:

    run_op(self, lambda _t: schools.school_dossier(ws, sid, today), on_done=self.show, key="dossier")

A write declares what it changed with ``changes`` (a ``changes.Changes``, or a
function of the result giving one); when it finishes, the window's change bus
tells every page, which refreshes if it shows those records:

    run_op(self, lambda _t: edits.add_training(ws, ...), changes=Changes.of("training_record"))

Worker threads never touch Qt at all, not even to emit a signal: PySide6 6.12 on
Python 3.11 corrupts reference counts (and aborts the process) when signals are
emitted from Python threads under load. Workers put their outcome on a plain
queue, and a timer on the GUI thread delivers it.
"""

from __future__ import annotations

import ctypes
import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from inspector_desktop.ui.changes import ChangeBus, Changes, bus_near

POLL_MS = 10
WORKERS = 4


class Cancelled(Exception):
    """Raised by ``Task.check()`` inside an operation the user cancelled."""


class Task:
    """What an operation sees of the GUI: progress and cancellation, nothing else."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        # Only the latest report matters; the GUI picks it up on its next tick.
        self.latest_progress: tuple[int, int, str] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.latest_progress = (done, total, text)


class Op:
    """A running operation; keep a reference if you want to cancel it."""

    def __init__(self, task: Task, owner: QObject | None) -> None:
        self.task = task
        self.owner = owner
        self.running = True
        self.on_done: Callable[[Any], None] | None = None
        self.on_error: Callable[[BaseException, str], None] | None = None
        self.on_progress: Callable[[int, int, str], None] | None = None
        self.dialog: QProgressDialog | None = None
        self._shown_progress: tuple[int, int, str] | None = None
        self.slot: tuple[int, Hashable] | None = None  # (parent, key) when the op was started with a key
        self.changes: Changes | Callable[[Any], Changes] | None = None
        self.bus: ChangeBus | None = None  # found when the op starts: its parent may be gone when it ends

    def cancel(self) -> None:
        self.task.cancel()

    def owner_alive(self) -> bool:
        # Results for a window that has been closed are dropped, not delivered to a dead widget.
        return self.owner is None or isValid(self.owner)

    def show_progress(self) -> None:
        latest = self.task.latest_progress
        if latest is None or latest == self._shown_progress or not self.owner_alive():
            return
        self._shown_progress = latest
        done, total, text = latest
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(done)
            if text:
                self.dialog.setLabelText(text)
        if self.on_progress is not None:
            self.on_progress(done, total, text)

    def finish(self, outcome: tuple[str, Any, str]) -> None:
        self.running = False
        self.show_progress()
        if self.dialog is not None and isValid(self.dialog):
            # Closing a progress dialog emits canceled; that must not cancel a finished op.
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
        kind, value, tb = outcome
        try:
            if self.task.cancelled or not self.owner_alive():
                return
            if kind == "done":
                if self.on_done is not None:
                    self.on_done(value)
            elif not isinstance(value, Cancelled):
                if self.on_error is not None:
                    self.on_error(value, tb)
                else:
                    # Never swallow a failure silently: an unnoticed error can lose a note.
                    print(tb, file=sys.stderr)
        finally:
            # A write that landed is announced even if its dialog closed meanwhile.
            if kind == "done" and self.changes is not None and self.bus is not None and isValid(self.bus):
                self.bus.announce(self.changes(value) if callable(self.changes) else self.changes)


# glibc's malloc gives each thread that allocates its own arena (up to 8 per core)
# and keeps what a thread frees there for that thread: each worker below held a few
# megabytes free of the search and index reads it last ran. It also raises its
# threshold for mmap to the size of each big block freed, so later blocks of that
# size (a search's set of hits, a filter's key list) stay in the heap, in pieces,
# after they are freed. Two arenas and a fixed 128 KiB threshold (glibc's initial
# one) hand that memory back. Measured in the window at 100 000 visits: peak
# 220 MB -> 216 MB, the filter and search keystrokes no slower.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
MALLOC_ARENAS = 2
MALLOC_MMAP_FROM = 128 * 1024


def _share_malloc_arenas() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt (musl has a stub)
        return
    mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_FROM)
    mallopt(M_TRIM_THRESHOLD, MALLOC_MMAP_FROM)


class _Dispatcher:
    """Runs operations on a thread pool and delivers their outcomes on the GUI thread."""

    def __init__(self) -> None:
        _share_malloc_arenas()  # before the first worker thread allocates
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="op")
        self.outcomes: queue.SimpleQueue[tuple[Op, tuple[str, Any, str]]] = queue.SimpleQueue()
        self.live: set[Op] = set()
        self.timer: QTimer | None = None
        # The newest op for each (parent, key). The op holds its parent, so the
        # parent's id cannot be reused by another object while the entry exists.
        self.latest: dict[tuple[int, Hashable], Op] = {}

    def claim(self, op: Op, key: Hashable) -> None:
        """Make ``op`` the newest for its parent and key; the one it replaces is cancelled."""
        op.slot = (id(op.owner), key)
        older = self.latest.get(op.slot)
        if older is not None:
            older.cancel()
        self.latest[op.slot] = op

    def submit(self, op: Op, fn: Callable[[Task], Any]) -> None:
        if self.timer is None:
            self.timer = QTimer()
            self.timer.setInterval(POLL_MS)
            self.timer.timeout.connect(self.drain)
        self.live.add(op)
        self.timer.start()
        self.pool.submit(self._work, op, fn)

    def _work(self, op: Op, fn: Callable[[Task], Any]) -> None:
        try:
            outcome = ("done", fn(op.task), "")
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI
            outcome = ("failed", exc, traceback.format_exc())
        self.outcomes.put((op, outcome))

    def drain(self) -> None:
        for op in list(self.live):
            op.show_progress()
        while True:
            try:
                op, outcome = self.outcomes.get_nowait()
            except queue.Empty:
                break
            self.live.discard(op)
            if op.slot is not None and self.latest.get(op.slot) is op:
                del self.latest[op.slot]
            op.finish(outcome)
        if not self.live and self.timer is not None:
            self.timer.stop()


_dispatcher = _Dispatcher()


def run_op(
    parent: QWidget | QObject | None,
    fn: Callable[[Task], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    progress_label: str | None = None,
    key: Hashable | None = None,
    changes: Changes | Callable[[Any], Changes] | None = None,
) -> Op:
    """Run ``fn(task)`` on a worker thread; callbacks run on the GUI thread.

    With ``progress_label`` a modal, cancellable progress dialog appears once the
    operation has taken more than a moment. With ``key``, this run supersedes an
    earlier one of ``parent`` with the same key that is still running. With
    ``changes``, the window's pages hear what a successful run changed.
    """
    op = Op(Task(), parent)
    if changes is not None:
        op.changes, op.bus = changes, bus_near(parent)
    if key is not None:
        _dispatcher.claim(op, key)
    op.on_done, op.on_error, op.on_progress = on_done, on_error, on_progress
    if progress_label is not None and isinstance(parent, QWidget):
        dialog = QProgressDialog(progress_label, parent.tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(op.task.cancel)
        op.dialog = dialog
    _dispatcher.submit(op, fn)
    return op


def wait_all(timeout: float = 10.0) -> bool:
    """Block until every operation has finished (for shutdown); True if all did."""
    deadline = time.monotonic() + timeout
    while _dispatcher.live and time.monotonic() < deadline:
        _dispatcher.drain()
        time.sleep(POLL_MS / 1000)
    return not _dispatcher.live
