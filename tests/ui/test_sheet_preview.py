"""The sheet preview shows, prints and exports the very bytes it was given."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from inspector_desktop.reports import sheet
from inspector_desktop.store import forms
from inspector_desktop.ui.sheet_preview import SheetPreview
from tests.reports.conftest import memory_keyring, signed_form  # noqa: F401 - fixtures


def test_preview_loads_prints_and_exports_the_same_bytes(qtbot, demo_workspace, signed_form, tmp_path):  # noqa: F811
    pdf = sheet.render(forms.sheet_source(demo_workspace, signed_form))
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    preview = SheetPreview()
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.loaded) as loaded:
        assert preview.load_bytes(pdf, "feedback.pdf")
    assert loaded.args == [pages] and preview.page_count() == pages
    assert preview.print_button.isEnabled() and preview.export_button.isEnabled()

    exported = tmp_path / "exported.pdf"
    preview.export_to(exported)
    assert exported.read_bytes() == pdf

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer) == pages
    assert len(pypdf.PdfReader(printed).pages) == pages


def test_preview_refuses_bytes_that_are_not_a_pdf(qtbot):
    preview = SheetPreview()
    qtbot.addWidget(preview)
    assert not preview.load_bytes(b"%PDF-1.4 this is not a document", "broken.pdf")
    assert preview.page_count() == 0 and not preview.print_button.isEnabled()
