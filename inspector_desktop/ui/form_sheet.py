"""The feedback form's Sheet tab: the preview of the printed sheet, and checking
that a sheet (this one or a PDF file) is exactly what was signed.

The preview draws itself: when the tab is shown with something new to draw, and a
moment after the last edit while it is in view (the sheet language, say). Each
drawing runs through run_op under one key, so one overtaken by a newer edit is dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector_desktop.store import Workspace, forms
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.sheet_preview import SheetPreview
from inspector_desktop.wording import verdicts

if TYPE_CHECKING:
    from inspector_desktop.reports import verify

# The editor's way of running a job: busy state, errors in its banner.
Runner = Callable[[Callable[[Any], Any], Callable[[Any], None]], None]
# The editor's drawing of the sheet: a job for a worker and what to do with its result,
# or None while there is nothing to draw yet (no form, or a save under way).
RenderJob = Callable[[], tuple[Callable[[Any], Any], Callable[[Any], None]] | None]
RENDER_PAUSE_MS = 600  # after the last edit: drawing on every keystroke would waste the worker


class SheetTab(QWidget):
    verified = Signal(bool)

    def __init__(self, workspace: Workspace, run: Runner, report: Callable[[str], None], render_job: RenderJob) -> None:
        super().__init__()
        self.ws, self.run, self.report, self.render_job = workspace, run, report, render_job
        self.stale = True  # the preview does not show the form as it now is
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(RENDER_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.render() if self.isVisible() else None)
        self.verdict: verify.Verdict | None = None
        self.preview = SheetPreview()
        self.refresh_button = QPushButton(self.tr("Refresh preview"))
        self.verify_button = QPushButton(self.tr("Verify this sheet"))
        self.verify_file_button = QPushButton(self.tr("Verify a PDF file…"))
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button.clicked.connect(self.render)
        self.verify_button.clicked.connect(lambda: self.verify_bytes(self.preview.pdf_bytes()))
        self.verify_file_button.clicked.connect(self._verify_file_dialog)
        bar = QHBoxLayout()
        for b in (self.refresh_button, self.verify_button, self.verify_file_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.preview, 1)

    def schedule(self) -> None:
        """The form changed: draw it again after a pause if the tab is in view, else when it is shown."""
        self.stale = True
        self._pause.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.stale:
            self.render()

    def render(self) -> None:
        made = self.render_job()
        if made is None:
            return
        job, done = made
        self.stale = False
        self._pause.stop()
        self.preview.status.setText(self.tr("Drawing the sheet…"))

        def failed(exc: BaseException, _tb: str) -> None:
            self.stale = True
            self.preview.status.setText(self.tr("The sheet could not be drawn"))
            self.report(error_text(exc))

        run_op(self, job, on_done=done, on_error=failed, key="render")

    def set_enabled(self, on: bool) -> None:
        self.refresh_button.setEnabled(on)
        self.verify_button.setEnabled(on and bool(self.preview.pdf_bytes()))

    def verify_bytes(self, pdf: bytes) -> None:
        ws = self.ws

        def check(_task: Any) -> verify.Verdict:
            # The PDF code (reportlab, pypdf) loads when a sheet is first checked, not at start-up.
            from inspector_desktop.reports import verify  # noqa: PLC0415

            return verify.verify_pdf(pdf, lambda key_id: forms.public_key(ws, key_id))

        self.run(check, self._show_verdict)

    def verify_file(self, path: Path | str) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.report(self.tr("The file could not be read: {error}").format(error=exc))
            return
        self.verify_bytes(data)

    def _verify_file_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Verify a sheet"), "", self.tr("PDF files (*.pdf)"))
        if path:
            self.verify_file(path)

    def _show_verdict(self, verdict: verify.Verdict) -> None:
        self.verdict = verdict
        outcome = verdict.outcome
        if outcome == "genuine":
            text = self.tr("Genuine: sheet {number} is exactly what was signed (digest {digest}…).").format(
                number=verdict.form_number, digest=verdict.digest[:16])
            colour = "#1b6e20"
        elif outcome == "not_a_sheet":
            # Nothing of a sheet to check: saying "altered" would accuse someone of forging it.
            text = self.tr("Not a feedback sheet: this file carries no signed feedback form.")
            colour = "#5f6368"
        elif outcome == "unknown_signer":
            text = self.tr("Unknown signer: sheet {number} is intact, but it was signed with a device key "
                           "this workspace does not know. Ask the office to confirm who signed it.").format(
                number=verdict.form_number)
            colour = "#8a5a00"
        else:
            text = self.tr("Altered: this sheet is not what was signed.")
            colour = "#b22222"
        detail = list(verdicts.details(verdict, "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"))
        self.verdict_label.setStyleSheet(f"color: {colour};")
        self.verdict_label.setText("\n".join([text, *detail]) if outcome != "genuine" else text)
        self.verified.emit(verdict.genuine)
