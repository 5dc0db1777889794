"""The rectification tracker and the accountability chain's actions on one rectification.

Escalation steps (约谈, 通报, 问责) and incentives (激励) are the office's decisions:
they are offered only when a lead is signed in on this laptop (the server refuses
them from anyone else anyway); an inspector sees why instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import DomainError, EscalationKind, RectificationStatus
from inspector_desktop.store import escalation_docs, form_list, profile, rectifications
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.roles import WORKING_ALONE, Roles
from inspector_desktop.store.today import today_items
from inspector_desktop.sync import account
from inspector_desktop.ui.chain_dialogs import ChainDialog, DocumentDialog, ReportDialog, StepDialog, VerdictDialog
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import chain_label, format_date, label
from inspector_desktop.ui.form_editor import open_form_editor
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.filter_bar import FilterBar
from inspector_desktop.ui.widgets import EmptyState, Page, fit_columns, heading, table_view


class RectificationsPage(Page):
    """The tracker: every requirement's rectification, and the chain's actions on the selected one."""

    shows = frozenset({"rectification", "reinspection", "escalation", "requirement", "feedback_form", "school", "visit",
                       "attachment"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Deadline"), lambda r: format_date(r.deadline)),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("School"), lambda r: r.school_name),
            Column(lambda: self.tr("Form"), lambda r: r.form_number),
            Column(lambda: self.tr("Requirement"), lambda r: r.requirement),
        ])
        self.only_open = QCheckBox()
        self.only_open.setChecked(True)
        self.only_open.toggled.connect(lambda _c: self.refresh())
        # Over the rows read (140+ in a year's work): status, school, overdue only, free text.
        self.filters = FilterBar(list(RectificationStatus))
        self.filters.changed.connect(self._apply_filter)
        self.all_rows: tuple = ()  # type: ignore[type-arg]
        self.wanted: str | None = None  # a rectification asked for (from Today) before the list has it
        self.view = table_view(self.model)
        # Double-click or Enter opens the feedback form that set the rectification.
        self.view.activated.connect(lambda index: self.open_form(index.row()))
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selection_changed())
        self.form_ids: dict[str, str] = {}
        self.prompts: dict[str, EscalationKind] = {}
        self.inspector_id: str | None = None  # who records a re-inspection
        self.roles: Roles = WORKING_ALONE  # until read with the rows: offer only what an inspector may do
        # Each rectification's recorded decisions (steps and incentives), oldest first, as
        # synced to this laptop: their documents can be opened from any laptop holding them.
        self.steps: dict[str, tuple[escalation_docs.RecordedStep, ...]] = {}
        self.documents: dict[str, list[str]] = {}
        self.dialog: QWidget | None = None

        self.actions_box = QGroupBox()
        self.selected_text = QLabel()
        self.selected_text.setWordWrap(True)
        self.report_button, self.verdict_button = QPushButton(), QPushButton()
        self.escalate_button, self.incentive_button, self.document_button = QPushButton(), QPushButton(), QPushButton()
        self.report_button.clicked.connect(self.record_report)
        self.verdict_button.clicked.connect(self.record_verdict)
        self.escalate_button.clicked.connect(self.record_escalation)
        self.incentive_button.clicked.connect(self.record_incentive)
        self.document_button.clicked.connect(self.open_document)
        self.office_note = QLabel()
        self.office_note.setWordWrap(True)
        side = QVBoxLayout(self.actions_box)
        side.addWidget(self.selected_text)
        for b in (self.report_button, self.verdict_button, self.escalate_button, self.incentive_button,
                  self.document_button):
            side.addWidget(b)
        side.addWidget(self.office_note)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.actions_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.only_open)
        layout.addWidget(self.filters)
        layout.addLayout(body, 1)
        fit_columns(self.view)  # the requirement wraps: read whole at 1024 px too
        self.empty = EmptyState(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Rectifications"))
        self.only_open.setText(self.tr("Only those not yet verified"))
        self.view.setAccessibleName(self.tr("Rectifications"))
        self.view.setToolTip(self.tr("Double-click or Enter opens the feedback form that set the rectification"))
        self.filters.retranslate()
        self.filters.show_count(self.model.rowCount(), len(self.all_rows))
        self.actions_box.setTitle(self.tr("Selected rectification"))
        self.report_button.setText(self.tr("Record the school's report…"))
        self.verdict_button.setText(self.tr("Record a re-inspection…"))
        self.incentive_button.setText(self.tr("Record an incentive…"))
        self.office_note.setText(self.tr(
            "Interviews, public notifications, accountability and incentives are decided by the office: "
            "a lead inspector records them."))
        self.document_button.setText(self.tr("Open the step's document…"))
        self.model.retranslate()
        self._say_empty()
        self._selection_changed()

    def _say_empty(self) -> None:
        if self.all_rows:
            self.empty.say(self.tr("No rectification matches these filters."), self.tr("Clear filters"),
                           self.filters.clear)
        elif self.only_open.isChecked():
            self.empty.say(self.tr("Nothing to rectify: rectifications open when a feedback form is signed. "
                                   "Untick “Only those not yet verified” to see verified ones."))
        else:
            self.empty.say(self.tr("Nothing to rectify: rectifications open when a feedback form is signed."))

    def refresh(self) -> None:
        ws, today, only_open = self.workspace, self.today(), self.only_open.isChecked()

        def work(_t):  # type: ignore[no-untyped-def]
            rows = rectifications.rectification_rows(ws, today)
            forms = {f.number: f.id for f in form_list.form_rows(ws, today)}
            prompts = {d.rectification_id: d.escalation_prompt for d in today_items(ws, today).deadlines
                       if d.escalation_prompt is not None}
            shown = tuple(r for r in rows if not only_open or r.status.value != "verified")
            return (shown, forms, prompts, profile.current_inspector_id(ws), account.roles(ws),
                    escalation_docs.recorded_steps(ws))

        run_op(self, work, on_done=self._shown, key="refresh")

    def _shown(self, result) -> None:  # type: ignore[no-untyped-def]
        keep = self.selected()
        rows, self.form_ids, self.prompts, self.inspector_id, self.roles, self.steps = result
        self.documents = {rid: [step.escalation_id for step in found] for rid, found in self.steps.items()}
        self.all_rows = rows
        self.filters.set_schools([r.school_name for r in rows])
        self._apply_filter(keep.id if keep is not None else None)
        self.empty.set_loaded()

    def _apply_filter(self, keep: str | None = None) -> None:
        if keep is None and (current := self.selected()) is not None:
            keep = current.id
        if self.wanted is not None and any(r.id == self.wanted for r in self.all_rows):
            keep, self.wanted = self.wanted, None
        today, done = self.today(), RectificationStatus.VERIFIED
        shown = tuple(r for r in self.all_rows if self.filters.matches(
            r.status, r.school_name, r.status is RectificationStatus.OVERDUE or (r.deadline < today and r.status is not done),
            r.form_number, r.requirement, label(r.status)))
        self.model.set_rows(shown)
        self.filters.show_count(len(shown), len(self.all_rows))
        self._say_empty()
        if keep is not None:
            self.select(keep)
        self._selection_changed()

    def show_rectification(self, rectification_id: str) -> None:
        """Select a rectification opened from elsewhere (Today's deadlines), whatever the filters said."""
        self.wanted = rectification_id
        self.filters.clear()
        if not self.only_open.isChecked():
            self.refresh()
        self.only_open.setChecked(False)  # refreshes: a verified one is listed too

    def open_form(self, row: int) -> None:
        if 0 <= row < len(self.model.rows) and (form_id := self.form_ids.get(self.model.rows[row].form_number)):
            self.form_editor = open_form_editor(self, self.workspace, form_id=form_id, today=self.today)

    # ------------------------------------------------------------ selection

    def selected(self):  # type: ignore[no-untyped-def]
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select(self, rectification_id: str) -> bool:
        for n, r in enumerate(self.model.rows):
            if r.id == rectification_id:
                self.view.selectRow(n)
                return True
        return False

    def _selection_changed(self) -> None:
        r = self.selected()
        st = r.status if r else None
        self.report_button.setEnabled(st in (RectificationStatus.OPEN, RectificationStatus.OVERDUE, RectificationStatus.ESCALATED))
        self.verdict_button.setEnabled(st is RectificationStatus.REPORTED and r.form_number in self.form_ids)
        self.escalate_button.setEnabled(st in (RectificationStatus.OVERDUE, RectificationStatus.ESCALATED))
        self.incentive_button.setEnabled(st is RectificationStatus.VERIFIED)
        self.document_button.setEnabled(bool(r and self.documents.get(r.id)))
        lead = self.roles.is_lead
        self.escalate_button.setVisible(lead)
        self.incentive_button.setVisible(lead)
        self.office_note.setVisible(not lead)
        step = self.prompts.get(r.id) if r else None
        # The button names the step it records; never one word for all three.
        self.escalate_button.setText(
            self.tr("Record the next step: {step}…").format(step=chain_label(step)) if step
            else self.tr("Record an escalation step…"))
        # As wide as its longest button, no wider: the requirements' text needs the room at 1024 px.
        buttons = (self.report_button, self.verdict_button, self.escalate_button, self.incentive_button,
                   self.document_button)
        self.actions_box.setMaximumWidth(max(b.sizeHint().width() for b in buttons) + 4 * self.style().pixelMetric(
            QStyle.PixelMetric.PM_LayoutLeftMargin))
        if r is None:
            self.selected_text.setText(self.tr("Choose a rectification in the list."))
            return
        lines = [f"{r.school_name} · {r.form_number}", r.requirement,
                 self.tr("Deadline: {day} — {status}").format(day=format_date(r.deadline), status=label(r.status))]
        for step in self.steps.get(r.id, ()):
            lines.append(self.tr("{step} decided on {day} by {lead}").format(
                step=chain_label(step.kind), day=format_date(step.decided_on), lead=step.decided_by))
        if r.id in self.prompts:
            lines.append(self.tr("Due for escalation: {step}").format(step=chain_label(self.prompts[r.id])))
        self.selected_text.setText("\n".join(lines))

    # ------------------------------------------------------------ actions

    def _open_dialog(self, dialog: ChainDialog | QWidget, after: Callable[[object], None] | None = None) -> None:
        self.dialog = dialog
        if isinstance(dialog, ChainDialog):
            dialog.saved.connect(after or (lambda _r: self.refresh()))
        dialog.open()

    def record_report(self) -> None:
        r = self.selected()
        if r is not None:
            self._open_dialog(ReportDialog(self, self.workspace, r.id, self.today()))

    def record_verdict(self) -> None:
        r = self.selected()
        me = self.inspector_id  # read with the rows
        if r is None or r.form_number not in self.form_ids:
            return
        if not me:
            QMessageBox.warning(self, self.tr("Not recorded"), error_text(DomainError("training.no_inspector")))
            return
        self._open_dialog(VerdictDialog(self, self.workspace, self.form_ids[r.form_number], r.id, me, self.today()))

    def record_escalation(self) -> None:
        r = self.selected()
        if r is None or not self.roles.is_lead:
            return

        def saved(escalation_id: object) -> None:
            self.documents.setdefault(r.id, []).append(str(escalation_id))
            self.refresh()
            self.open_document(str(escalation_id))

        self._open_dialog(StepDialog(self, self.workspace, r.id, r.school_id, self.today(), self.prompts.get(r.id)), saved)

    def record_incentive(self) -> None:
        r = self.selected()
        if r is not None and self.roles.is_lead:
            self._open_dialog(StepDialog(self, self.workspace, r.id, r.school_id, self.today(), incentive=True))

    def open_document(self, escalation_id: str | None = None) -> None:
        r = self.selected()
        escalation_id = escalation_id or (self.documents.get(r.id, [None])[-1] if r else None)
        if escalation_id:
            language = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
            self._open_dialog(DocumentDialog(self, self.workspace, escalation_id, language))
