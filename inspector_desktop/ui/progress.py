"""Long operations with a cancellable progress dialog, on top of ``run_op``.

``run_op(progress_label=...)`` closes its dialog before delivering the result,
and QProgressDialog emits ``canceled`` when closed, so the result of any op that
ran long enough to show the dialog was dropped as cancelled. This wrapper owns
its dialog and disconnects Cancel before closing it. (Reported for ops.py; once
fixed there, callers can pass ``progress_label`` instead.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from inspector_desktop.ui.ops import Op, Task, run_op

SHOW_AFTER_MS = 400


def run_with_progress(
    parent: QWidget,
    fn: Callable[[Task], Any],
    label: str,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException, str], None] | None = None,
) -> Op:
    dialog = QProgressDialog(label, parent.tr("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def close() -> None:
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def done(result: Any) -> None:
        close()
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException, tb: str) -> None:
        close()
        if on_error is not None:
            on_error(exc, tb)

    op = run_op(parent, fn, on_done=done, on_error=failed, on_progress=progress)
    dialog.canceled.connect(op.cancel)
    return op
