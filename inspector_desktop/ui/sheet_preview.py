"""Preview, print and export one sheet: always the exact PDF bytes that were built.

QtPdf renders those bytes on screen and onto the printer's pages, and export
writes them unchanged, so what the school receives is what was digested.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PRINT_DPI_CAP = 300  # enough for text and QR; a 1200 dpi A4 bitmap would take half a gigabyte



class SheetPreview(QWidget):
    loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bytes = b""
        self._name = "sheet.pdf"
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(self.tr("Nothing made yet"))  # a sheet, a letter or a report
        self.print_button = QPushButton(self.tr("Print…"))
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.export_button.clicked.connect(self.export_with_dialog)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.export_button.setEnabled(on)

    def load_bytes(self, data: bytes, name: str = "sheet.pdf") -> bool:
        """Show ``data``; False (and a message in the bar) if QtPdf cannot read it."""
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0
        self._bytes, self._name = (data, name) if ok else (b"", name)
        self.status.setText(self.tr("{name}: %n page(s)", "", self.document.pageCount()).format(name=name)
                            if ok else self.tr("This PDF cannot be shown"))
        self._enable(ok)
        if ok:
            self.loaded.emit(self.document.pageCount())
        return ok

    def pdf_bytes(self) -> bytes:
        return self._bytes

    def page_count(self) -> int:
        return self.document.pageCount() if self._bytes else 0

    # ------------------------------------------------------------ export

    def export_to(self, path: Path | str) -> None:
        Path(path).write_bytes(self._bytes)

    def export_with_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the sheet"), self._name, self.tr("PDF files (*.pdf)"))
        if not path:
            return
        try:
            self.export_to(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), self.tr("The sheet could not be saved: {error}").format(error=exc))

    # ------------------------------------------------------------ print

    def print_to(self, printer: QPrinter) -> int:
        """Render each page of the same bytes onto ``printer``; returns the pages sent."""
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(self.tr("The printer could not be started"))
        try:
            pages = self.document.pageCount()
            for index in range(pages):
                if index:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(index, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
        return pages

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._name)
        printer.setFullPage(True)  # the sheet has its own margins
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Printing failed"), str(exc))


class DocumentWindow(QDialog):
    """A window showing one built document: the preview (print, export) and Close.
    The notice letter and the escalation documents are both this window."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.preview = SheetPreview(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(close)
        self.resize(self.sizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # A page read at a comfortable width, but never larger than the screen it opens on
        # (860 px was taller than a 1366×768 laptop's, and the Close button fell off it).
        room = self.screen().availableGeometry()
        return QSize(min(720, room.width() - 40), min(860, room.height() - 60))
