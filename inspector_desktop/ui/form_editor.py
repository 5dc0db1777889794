"""The feedback-form dialog: draft from a visit, edit requirements, collect both
signatures, sign and lock, then preview, print, export and verify the sheet.

Its tabs stand apart: the words (form_content.py), the signatures
(form_signatures.py) and the sheet (form_sheet.py). It talks to the core only
through plain functions (store.forms, reports.sheet, reports.verify) run by
ui/ops.run_op; what comes back are frozen snapshots and bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import DomainError, FormStatus
from inspector_desktop.signing import device_key
from inspector_desktop.store import Workspace, certified, forms
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.changes import Changes, announce
from inspector_desktop.ui.form_content import ContentTab
from inspector_desktop.ui.form_signatures import SignaturesTab
from inspector_desktop.ui.lock_banner import LockBanner
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.form_sheet import SheetTab

if TYPE_CHECKING:
    from inspector_desktop.reports import verify

# What the editor reads with each form (see FormEditor._fetch).
Loaded = tuple[forms.FormSnapshot, dt.date, tuple[certified.CapturedSignature, ...], certified.SignedForm | None]


class FormEditor(QDialog):
    form_changed = Signal(str)  # the form id, after every save, signing or addendum
    sheet_ready = Signal()
    verified = Signal(bool)

    def __init__(self, workspace: Workspace, visit_id: str | None = None, form_id: str | None = None,
                 parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        if visit_id is None and form_id is None:
            raise ValueError("FormEditor needs a visit to draft from or a form to open")
        self.ws = workspace
        self.today = today  # the window's clock: drafts and new deadlines count from it
        self.form: forms.FormSnapshot | None = None
        self.busy = False
        # Edits not yet in the store (the sheet tab saves them before drawing); off while a form is shown.
        self.dirty, self._filling = False, False
        self.verdict: verify.Verdict | None = None
        self.setWindowTitle(self.tr("Feedback form"))
        self.resize(980, 760)
        self._build()
        if form_id is not None:
            self._load(form_id)
        else:
            language, day = self.language.currentData(), today()
            self._run(lambda _t: forms.draft_form(workspace, visit_id, language=language, today=day), self._load)

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b22222;")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Sheet language")))
        top.addWidget(self.language)

        self.tabs = QTabWidget()
        self.content = ContentTab(self.today)
        # The content's parts, as the editor's (as the sheet's below).
        self.summary, self.no_issues, self.free_text = self.content.summary, self.content.no_issues, self.content.free_text
        self.requirements, self.add_requirement_button = self.content.requirements, self.content.add_requirement_button
        self.tabs.addTab(self.content, self.tr("Content"))
        self.signatures = SignaturesTab()
        self.signature_boxes = self.signatures.boxes
        self.tabs.addTab(self.signatures, self.tr("Signatures"))
        self.sheet = SheetTab(self.ws, self._run, self.banner.setText, self._render_job)
        self.sheet.verified.connect(self._verified)
        # The sheet's parts, as the editor's: what a user (and a test) reaches from the dialog.
        self.preview, self.verdict_label = self.sheet.preview, self.sheet.verdict_label
        self.refresh_button, self.verify_button = self.sheet.refresh_button, self.sheet.verify_button
        self.verify_file = self.sheet.verify_file
        self.tabs.addTab(self.sheet, self.tr("Sheet"))

        self.save_button = QPushButton(self.tr("Save draft"))
        self.sign_button = QPushButton(self.tr("Sign and lock"))
        self.addendum_button = QPushButton(self.tr("Make an addendum"))
        self.issue_button = QPushButton(self.tr("Mark as handed to the school"))
        self.issue_button.setToolTip(self.tr("Once the printed sheet is left with the school"))
        self.issue_button.clicked.connect(self.mark_issued)
        close = QPushButton(self.tr("Close"))
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.addendum_button.clicked.connect(self.make_addendum)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        for b in (self.save_button, self.sign_button, self.issue_button, self.addendum_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        self.lock_banner = LockBanner()
        self.lock_banner.addendum_requested.connect(lambda _id: self.make_addendum())
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._set_enabled(False)
        for edited in (self.content.edited, self.language.currentIndexChanged):
            edited.connect(self._edited)

    # ------------------------------------------------------------ showing a form

    def _run(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None]) -> None:
        self.busy = True
        self._set_enabled(False)
        self.banner.clear()

        def done(result: Any) -> None:
            self.busy = False
            on_done(result)

        def failed(exc: BaseException, _tb: str) -> None:
            self.busy = False
            self.banner.setText(error_text(exc))
            self._set_enabled(self.form is not None)

        run_op(self, fn, on_done=done, on_error=failed)

    def _fetch(self, form_id: str) -> Callable[[Any], Loaded]:
        """A job reading the form, the rule file's deadline for a new requirement, the
        captured signatures and, once signed, its seal."""
        ws, day = self.ws, self.today()
        return lambda _t: (forms.load_form(ws, form_id), forms.new_requirement_deadline(ws, day),
                           certified.captured_signatures(ws, form_id), certified.form_seal(ws, form_id))

    def _load(self, form_id: str) -> None:
        self._run(self._fetch(form_id), self._show)

    def _show(self, loaded: Loaded) -> None:
        self._filling = True
        try:
            self._fill(loaded)
        finally:
            self._filling = False
        self.dirty = False
        if loaded[0].locked:
            self.refresh_preview()
        else:
            self.sheet.schedule()

    def _fill(self, loaded: Loaded) -> None:
        form, new_deadline, signatures, sealed = loaded
        self.form = form
        status = {FormStatus.DRAFT: self.tr("Draft"), FormStatus.SIGNED: self.tr("Signed"), FormStatus.ISSUED: self.tr("Issued")}
        self.heading.setText(self.tr("{number} · {school} · {status}").format(
            number=form.number, school=form.school_name, status=status[form.status]))
        self.language.setCurrentIndex(max(0, self.language.findData(form.language)))
        self.content.show_form(form, new_deadline)
        self.signatures.show_signatures(signatures, signed=form.locked)
        if sealed is not None:
            self.lock_banner.show_lock(form.id, form.number, sealed.signed_at)
        else:
            self.lock_banner.clear_lock()
        self._set_enabled(True)
        self.form_changed.emit(form.id)

    def _set_enabled(self, on: bool) -> None:
        locked = self.form is None or self.form.locked
        editable = on and not locked
        self.content.set_editable(on, editable)
        self.language.setEnabled(editable)
        for b in (self.save_button, self.sign_button):
            b.setEnabled(editable)
        self.signatures.set_locked(not editable)
        self.lock_banner.button.setEnabled(on)
        self.addendum_button.setEnabled(on and self.form is not None and self.form.locked)
        self.issue_button.setEnabled(on and self.form is not None and self.form.status is FormStatus.SIGNED)
        self.sheet.set_enabled(on)

    def _edited(self) -> None:
        if self._filling or self.form is None or self.form.locked:
            return
        self.dirty = True
        self.sheet.schedule()

    # ------------------------------------------------------------ edits

    def _save_job(self) -> Callable[[Any], None]:
        """Read the widgets here, on the GUI thread; the returned job only sees plain values."""
        assert self.form is not None
        form_id, ws = self.form.id, self.ws
        values = dict(self.content.values(), language=self.language.currentData())
        signatures = [(role, box.name.text(), box.title.text(), box.pad.strokes(), box.pad.to_png())
                      for role, box in self.signature_boxes.items() if not box.pad.is_empty()]

        def job(_task: Any) -> None:
            forms.save_draft(ws, form_id, **values)
            for role, name, title, strokes, png in signatures:
                forms.put_signature(ws, form_id, role, name, title, strokes, png)

        return job

    def save(self) -> None:
        job, form_id = self._save_job(), self.form.id  # type: ignore[union-attr]
        fetch = self._fetch(form_id)
        self._run(lambda t: (job(t), fetch(t))[1], self._show)

    def sign(self) -> None:
        job, form_id, ws = self._save_job(), self.form.id, self.ws  # type: ignore[union-attr]
        fetch = self._fetch(form_id)

        def save_and_sign(task: Any) -> Loaded:
            job(task)
            forms.sign_form(ws, form_id, device_key.private_key)  # opens the rectifications too
            return fetch(task)

        def signed(loaded: Loaded) -> None:
            self._show(loaded)
            self.tabs.setCurrentIndex(2)

        self._run(save_and_sign, signed)

    def mark_issued(self) -> None:
        assert self.form is not None
        form_id, ws = self.form.id, self.ws
        fetch = self._fetch(form_id)

        def issue(task: Any) -> Loaded:
            forms.issue_form(ws, form_id)
            return fetch(task)

        self._run(issue, self._show)

    def make_addendum(self) -> None:
        assert self.form is not None
        form_id, ws, day = self.form.id, self.ws, self.today()
        self._run(lambda _t: forms.draft_addendum(ws, form_id, today=day), self._load)

    # ------------------------------------------------------------ the sheet

    def refresh_preview(self) -> None:
        self.sheet.render()

    def _render_job(self) -> tuple[Callable[[Any], Any], Callable[[Any], None]] | None:
        """Draw the sheet; a draft's edits are saved first, so the preview is what was typed."""
        if self.form is None or self.busy:
            return None  # a save or signing is under way: its _show draws the sheet afterwards
        form_id, ws, name = self.form.id, self.ws, f"feedback-{self.form.number}.pdf"
        save = self._save_job() if self.dirty and not self.form.locked else None
        self.dirty = False

        def render(task: Any) -> tuple[bytes, bool, BaseException | None]:
            refused: BaseException | None = None
            if save is not None:
                try:
                    save(task)
                except DomainError as exc:  # e.g. a requirement without text: the saved draft is drawn
                    refused = exc
            # The PDF code (reportlab, pypdf) loads when a sheet is first built, not at start-up.
            from inspector_desktop.reports import sheet  # noqa: PLC0415

            pdf = sheet.render(forms.sheet_source(ws, form_id), forms.office_verify_url(ws))
            return pdf, save is not None and refused is None, refused

        def shown(result: tuple[bytes, bool, BaseException | None]) -> None:
            pdf, saved, refused = result
            self.preview.load_bytes(pdf, name)
            if refused is not None:
                self.dirty = True
                self.banner.setText(error_text(refused))
            if saved:
                self.form_changed.emit(form_id)
            self.sheet.set_enabled(not self.busy)
            self.sheet_ready.emit()

        return render, shown

    def _verified(self, genuine: bool) -> None:
        self.verdict = self.sheet.verdict
        self._set_enabled(self.form is not None)
        self.verified.emit(genuine)


def open_form_editor(parent: QWidget, workspace: Workspace, visit_id: str | None = None,
                     form_id: str | None = None, today: Callable[[], dt.date] = dt.date.today) -> FormEditor:
    """Open the editor on a form, or on a visit to draft that visit's form."""
    editor = FormEditor(workspace, visit_id=visit_id, form_id=form_id, parent=parent, today=today)
    # A save, signing or addendum changes the form and, once signed, its rectifications.
    changed = Changes.of("feedback_form", "requirement", "signature", "rectification")
    editor.form_changed.connect(lambda _id: announce(editor, changed))
    editor.show()
    return editor
