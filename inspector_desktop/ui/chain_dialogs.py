"""Dialogs of the accountability chain: the school's report, a re-inspection
verdict, an escalation step or incentive, and a step's printed document.

Each dialog writes through ``run_op`` itself and stays open when the domain
refuses, with the refusal in words, so nothing the inspector typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.domain.escalation import LADDER
from inspector_desktop.store import escalation_docs, rectifications
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.escalation_docs import StepDetails
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import chain_label, date_format
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.sheet_preview import DocumentWindow
from inspector_desktop.ui.widgets import date_edit, is_chinese


# What a step of the chain or a school's response may write: the step, its files,
# and the rectification (and its requirement) whose status and deadline it moves.
CHAIN_CHANGES = Changes.of("rectification", "reinspection", "escalation", "school_response", "attachment", "requirement")


class ChainDialog(QDialog):
    """A small form whose OK runs one store write in the background."""

    saved = Signal(object)  # the write's result

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Why it was not saved"))
        font = self.error.font()
        font.setBold(True)
        self.error.setFont(font)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.busy = False

    def row(self, text: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(text)
        self.form.addRow(text, widget)
        return widget

    def work(self) -> Callable[[Any], Any]:  # pragma: no cover - every dialog overrides
        raise NotImplementedError

    def submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.buttons.setEnabled(False)
        self.error.hide()
        run_op(self, self.work(), on_done=self._done, on_error=self._refused, changes=CHAIN_CHANGES)

    def _done(self, result: Any) -> None:
        self.busy = False
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()


class ReportDialog(ChainDialog):
    """The school's rectification report: what it did, when, and its files."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, rectification_id: str, today: dt.date) -> None:
        super().__init__(parent, QCoreApplication.translate("ChainDialogs", "Record the school's report"))
        self.workspace, self.rectification_id = workspace, rectification_id
        self.text = self.row(self.tr("What the school did"), QPlainTextEdit())
        self.day = self.row(self.tr("Reported on"), date_edit(today))
        self.files = QListWidget()
        self.files.setAccessibleName(self.tr("Attached files"))
        self.attach_button = QPushButton(self.tr("Attach files…"))
        self.attach_button.clicked.connect(self._choose)
        box = QVBoxLayout()
        box.addWidget(self.files)
        box.addWidget(self.attach_button)
        self.form.addRow(self.tr("Attached files"), box)
        self.paths: list[Path] = []

    def _choose(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        for p in paths:
            if p not in self.paths:
                self.paths.append(p)
                self.files.addItem(p.name)

    def work(self) -> Callable[[Any], Any]:
        ws, rid, text, day, paths = (self.workspace, self.rectification_id, self.text.toPlainText(),
                                     self.day.date().toPython(), list(self.paths))
        return lambda _t: rectifications.report_rectification(ws, rid, text, day, paths)


class VerdictDialog(ChainDialog):
    """A re-inspection (复查) of one requirement: rectified, partly, or not."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, form_id: str, rectification_id: str,
                 inspector_id: str, today: dt.date) -> None:
        super().__init__(parent, QCoreApplication.translate("ChainDialogs", "Record a re-inspection"))
        self.workspace, self.form_id, self.rectification_id, self.inspector_id = (
            workspace, form_id, rectification_id, inspector_id)
        self.verdict = self.row(self.tr("Verdict"), QComboBox())
        for v in Verdict:
            self.verdict.addItem(chain_label(v), v)
        self.notes = self.row(self.tr("Notes"), QPlainTextEdit())
        self.day = self.row(self.tr("Re-inspected on"), date_edit(today))

    def work(self) -> Callable[[Any], Any]:
        ws, fid, rid, who = self.workspace, self.form_id, self.rectification_id, self.inspector_id
        verdicts = {rid: (Verdict(self.verdict.currentData()), self.notes.toPlainText().strip())}
        day = self.day.date().toPython()
        return lambda _t: rectifications.record_reinspection(ws, fid, day, verdicts, who)


class StepDialog(ChainDialog):
    """An escalation step (约谈, 通报, 问责) or, with ``incentive``, an incentive (激励).

    A step also asks what its paper tells the school: an interview's time, place and
    participants, a public notification's addressees, an accountability recommendation's
    persons concerned and addressee. Each starts from a sensible default (the interview
    a week from today at the inspection office, the school's head, its department's head
    and the visit's lead inspectors), which the lead corrects."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, rectification_id: str, school_id: str,
                 today: dt.date, suggested: EscalationKind | None = None, incentive: bool = False) -> None:
        title = (QCoreApplication.translate("ChainDialogs", "Record an incentive") if incentive
                 else QCoreApplication.translate("ChainDialogs", "Record an escalation step"))
        super().__init__(parent, title)
        self.workspace, self.rectification_id, self.school_id, self.incentive = (
            workspace, rectification_id, school_id, incentive)
        self.kind = QComboBox()
        for k in LADDER:
            self.kind.addItem(chain_label(k), k)
        if suggested is not None:
            self.kind.setCurrentIndex(self.kind.findData(suggested))
        if not incentive:
            self.row(self.tr("Step"), self.kind)
        self.reason = self.row(self.tr("Reason"), QPlainTextEdit())
        self.decided_by = self.row(self.tr("Decided by (lead)"), QLineEdit())
        self.evidence = self.row(self.tr("Evidence"), QPlainTextEdit())
        self.day = self.row(self.tr("Decided on"), date_edit(today))
        week = today + dt.timedelta(days=7)
        self.held_at = self.row(self.tr("Interview time"), QDateTimeEdit(QDateTime(
            QDate(week.year, week.month, week.day), QTime(9, 0))))
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat(date_format() + " HH:mm")  # the glossary's date, then the hour
        self.place = self.row(self.tr("Interview place"), QLineEdit(self.tr("Meeting room of the education inspection office")))
        self.participants = self.row(self.tr("Attending"), QPlainTextEdit())
        self.notified_to = self.row(self.tr("Notified to"), QPlainTextEdit())
        for box in (self.participants, self.notified_to):
            box.setMaximumHeight(4 * box.fontMetrics().lineSpacing())
        self.setMinimumWidth(520)  # the place and the participants read on one line each
        self.defaults: escalation_docs.StepDefaults | None = None
        self._proposed: dict[QPlainTextEdit, str] = {}
        self.kind.currentIndexChanged.connect(lambda _i: self._show_details())
        self._show_details()
        if not incentive:
            run_op(self, lambda _t: escalation_docs.step_defaults(workspace, rectification_id),
                   on_done=self._defaults_loaded)

    def _defaults_loaded(self, defaults: escalation_docs.StepDefaults) -> None:
        self.defaults = defaults
        self._show_details()

    def _default_texts(self, kind: EscalationKind) -> dict[QPlainTextEdit, str]:
        d = self.defaults
        if d is None:
            return {}
        names = ("、" if is_chinese() else ", ").join(d.lead_inspectors)
        if kind is EscalationKind.INTERVIEW:
            return {self.participants: self.tr("Head of {school}; head of {department}; inspectors {names}").format(
                school=d.school_name, department=d.competent_department, names=names or "—")}
        if kind is EscalationKind.PUBLIC_NOTIFICATION:
            where = (self.tr("The schools of {district}; {department}").format(district=d.district,
                                                                                 department=d.competent_department)
                     if d.district else self.tr("The district's schools; {department}").format(
                         department=d.competent_department))
            return {self.notified_to: where}
        return {self.participants: self.tr("The head of {school} and the persons responsible").format(
                    school=d.school_name),
                self.notified_to: d.competent_department}

    def _show_details(self) -> None:
        kind = None if self.incentive else EscalationKind(self.kind.currentData())
        interview, notification = kind is EscalationKind.INTERVIEW, kind is EscalationKind.PUBLIC_NOTIFICATION
        accountability = kind is EscalationKind.ACCOUNTABILITY
        for widget, shown in ((self.held_at, interview), (self.place, interview),
                              (self.participants, interview or accountability),
                              (self.notified_to, notification or accountability)):
            self.form.setRowVisible(widget, shown)
        label = self.tr("Persons concerned") if accountability else self.tr("Attending")
        self._relabel(self.participants, label)
        self._relabel(self.notified_to, self.tr("Addressed to") if accountability else self.tr("Notified to"))
        # A default replaces only what the lead has not typed over.
        for box, text in self._default_texts(kind).items() if kind else ():
            if not box.toPlainText().strip() or box.toPlainText() == self._proposed.get(box):
                box.setPlainText(text)
                self._proposed[box] = text

    def _relabel(self, widget: QWidget, text: str) -> None:
        widget.setAccessibleName(text)
        label = self.form.labelForField(widget)
        if isinstance(label, QLabel):
            label.setText(text)

    def details(self, kind: EscalationKind) -> StepDetails:
        interview = kind is EscalationKind.INTERVIEW
        return StepDetails(
            held_at=self.held_at.dateTime().toPython() if interview else None,
            place=self.place.text() if interview else "",
            participants=self.participants.toPlainText() if interview or kind is EscalationKind.ACCOUNTABILITY else "",
            notified_to=self.notified_to.toPlainText() if kind is not EscalationKind.INTERVIEW else "")

    def work(self) -> Callable[[Any], Any]:
        ws, rid, sid = self.workspace, self.rectification_id, self.school_id
        reason, lead, evidence = self.reason.toPlainText(), self.decided_by.text(), self.evidence.toPlainText()
        day = self.day.date().toPython()
        if self.incentive:
            return lambda _t: rectifications.record_incentive(ws, sid, reason, day, lead, evidence, rectification_id=rid)
        kind = EscalationKind(self.kind.currentData())
        details = self.details(kind)
        return lambda _t: rectifications.record_escalation(ws, rid, kind, reason, day, lead, evidence, details=details)


class DocumentDialog(DocumentWindow):
    """The printed document of one step: built in the background, shown, printed, exported."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, escalation_id: str, language: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Escalation document"))

        def build(_t):  # type: ignore[no-untyped-def]
            # Imported here: the PDF code is only needed once a document is opened.
            from inspector_desktop.reports.escalation import build_escalation_pdf  # noqa: PLC0415

            doc = escalation_docs.escalation_document(workspace, escalation_id)
            return doc.number, doc.kind, build_escalation_pdf(doc, language)

        def shown(result: tuple[str, EscalationKind, bytes]) -> None:
            number, kind, data = result
            # Named by its own step (约谈, 通报, 问责, 激励), never one word for all.
            self.setWindowTitle(self.tr("{step}: document {number}").format(step=chain_label(kind), number=number))
            self.preview.load_bytes(data, f"{number.replace('/', '-')}.pdf")

        run_op(self, build, on_done=shown,
               on_error=lambda exc, _tb: self.preview.status.setText(error_text(exc)))
