"""Export visits, findings or rectifications to CSV or XLSX, with cancellable progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop import export as exporter
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op


class ExportDialog(QDialog):
    """What to export, in which format, to which file; runs with a cancellable progress dialog."""

    finished_export = Signal(object)  # export.ExportResult

    def __init__(self, parent: QWidget | None, workspace: Workspace, language: str) -> None:
        super().__init__(parent)
        self.workspace, self.language = workspace, language
        self.setWindowTitle(self.tr("Export"))
        self.what = QComboBox()
        for key, text in (("visits", self.tr("Visits")), ("findings", self.tr("Findings")),
                          ("rectifications", self.tr("Rectifications"))):
            self.what.addItem(text, key)
        self.format = QComboBox()
        self.format.addItem(self.tr("CSV (comma-separated)"), "csv")
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.path = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        for text, w in ((self.tr("What"), self.what), (self.tr("Format"), self.format)):
            w.setAccessibleName(text)
            form.addRow(text, w)
        self.path.setAccessibleName(self.tr("File"))
        form.addRow(self.tr("File"), file_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.op = None

    def _choose(self) -> None:
        fmt = self.format.currentData()
        name, _f = QFileDialog.getSaveFileName(self, self.tr("Export to"), f"{self.what.currentData()}.{fmt}",
                                               f"*.{fmt}")
        if name:
            self.path.setText(name)

    def submit(self) -> None:
        text = self.path.text().strip()
        if not text:
            self._show_error(self.tr("Choose a file to export to."))
            return
        out = Path(text)
        fmt = self.format.currentData()
        if out.suffix.lower() != f".{fmt}":
            out = out.with_name(out.name + f".{fmt}")
        ws, what, language = self.workspace, self.what.currentData(), self.language
        self.buttons.setEnabled(False)
        self.error.hide()

        def work(task):  # type: ignore[no-untyped-def]
            return exporter.export(ws, what, fmt, out, language, progress=task.progress, check=task.check)

        self.op = run_op(self, work, on_done=self._done, on_error=self._refused,
                         progress_label=self.tr("Exporting {what}…").format(what=self.what.currentText()))
        if self.op.dialog is not None:
            # A cancelled export delivers nothing; the dialog is ready for another try.
            self.op.dialog.canceled.connect(lambda: self.buttons.setEnabled(True))

    def _done(self, result: Any) -> None:
        self.finished_export.emit(result)
        self.accept()

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self._show_error(error_text(exc))

    def _show_error(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
