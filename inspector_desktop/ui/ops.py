"""The one helper for work that must not run on the GUI thread.

Modelled on Anki's ``QueryOp``/``CollectionOp`` and Orange's concurrent tasks: an
operation is a plain function run on a worker thread; its result, progress and
errors come back to the GUI thread through queued signals. The function must
never touch a widget, and must return plain snapshots, never live ORM objects.

    op = run_op(self, lambda task: queries.visits(ws, flt), on_done=self.show_rows)
    op = run_op(self, export, on_done=..., progress_label=tr("Exporting…"))  # shows a dialog

Inside the function, ``task.progress(done, total)`` reports progress and
``task.cancelled`` says whether the inspector pressed Cancel; a cancelled
operation's result is dropped.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised by ``Task.check()`` inside an operation the user cancelled."""


class Task:
    """What an operation sees of the GUI: progress and cancellation, nothing else."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._signals.progress.emit(done, total, text)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object, str)
    progress = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Task], Any], signals: _Signals, task: Task) -> None:
        super().__init__()
        self.fn, self.signals, self.task = fn, signals, task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.task)
        except Cancelled:
            self.signals.failed.emit(Cancelled(), "")
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class Op(QObject):
    """A running operation; keep a reference if you want to cancel it."""

    finished = Signal()

    def __init__(self, parent: QObject | None, task: Task, signals: _Signals) -> None:
        super().__init__(parent)
        self.task = task
        self._signals = signals  # kept alive as long as the Op
        self.running = True

    def cancel(self) -> None:
        self.task.cancel()


_live: set[Op] = set()  # ops whose parent died still need their signals delivered


def pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def run_op(
    parent: QWidget | QObject | None,
    fn: Callable[[Task], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    progress_label: str | None = None,
) -> Op:
    """Run ``fn(task)`` on a worker thread; callbacks run on the GUI thread.

    With ``progress_label`` a modal, cancellable progress dialog appears once the
    operation has taken more than a moment.
    """
    signals = _Signals()
    task = Task(signals)
    op = Op(parent, task, signals)
    _live.add(op)
    dialog: QProgressDialog | None = None
    if progress_label is not None and isinstance(parent, QWidget):
        dialog = QProgressDialog(progress_label, parent.tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)

    def finish() -> None:
        op.running = False
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        op.finished.emit()
        _live.discard(op)

    def done(result: Any) -> None:
        finish()
        if not task.cancelled and on_done is not None:
            on_done(result)

    def failed(exc: BaseException, tb: str) -> None:
        finish()
        if isinstance(exc, Cancelled) or task.cancelled:
            return
        if on_error is not None:
            on_error(exc, tb)
        else:
            # Never swallow a failure silently: an unnoticed error can lose a note.
            import sys

            print(tb, file=sys.stderr)

    def progress(done_n: int, total: int, text: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done_n)
            if text:
                dialog.setLabelText(text)
        if on_progress is not None:
            on_progress(done_n, total, text)

    q = Qt.ConnectionType.QueuedConnection
    signals.done.connect(done, q)
    signals.failed.connect(failed, q)
    signals.progress.connect(progress, q)
    pool().start(_Runnable(fn, signals, task))
    return op
