"""The smaller pages: Today, Rectifications, Feedback forms, Training, Sync, Settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import DomainError, EscalationKind, FormStatus, RectificationStatus
from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.store import edits, ledger, queries
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.queries import TodaySummary, TrainingSummary
from inspector_desktop.ui import i18n
from inspector_desktop.ui.chain_dialogs import ChainDialog, DocumentDialog, ReportDialog, StepDialog, VerdictDialog, chain_label
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import error_text, format_date, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.response_dialogs import ResponseDialog
from inspector_desktop.ui.table_models import Column, SnapshotTableModel, sealed_text


class Page(QWidget):
    """A page that re-translates itself and reloads its data on demand."""

    def __init__(self) -> None:
        super().__init__()

    def retranslate(self) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def refresh(self) -> None:
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def heading() -> QLabel:
    lab = QLabel()
    font = lab.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    lab.setFont(font)
    return lab


def table_view(model: SnapshotTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


# ---------------------------------------------------------------- Today


class TodayPage(Page):
    demo_requested = Signal()
    start_empty_requested = Signal()
    open_visit = Signal(str)

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date], discretion: Discretion) -> None:
        super().__init__()
        self.workspace, self.today, self.discretion = workspace, today, discretion
        self.summary: TodaySummary | None = None
        self.title = heading()
        self.welcome = QGroupBox()
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        self.demo_button, self.empty_button = QPushButton(), QPushButton()
        self.demo_button.clicked.connect(self.demo_requested)
        self.empty_button.clicked.connect(self.start_empty_requested)
        w = QVBoxLayout(self.welcome)
        w.addWidget(self.welcome_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        w.addLayout(buttons)
        self.today_box, self.upcoming_box, self.duties_box = QGroupBox(), QGroupBox(), QGroupBox()
        self.today_list, self.upcoming_list = QListWidget(), QListWidget()
        for lst in (self.today_list, self.upcoming_list):
            lst.setWordWrap(True)
            lst.setSpacing(2)
        self.today_list.itemActivated.connect(self._activated)
        self.upcoming_list.itemActivated.connect(self._activated)
        QVBoxLayout(self.today_box).addWidget(self.today_list)
        up = QVBoxLayout(self.upcoming_box)
        up.addWidget(self.upcoming_list)
        self.reveal_button = QPushButton()
        self.reveal_button.clicked.connect(lambda: self.discretion.seal() if self.discretion.revealed else self.discretion.reveal())
        up.addWidget(self.reveal_button)
        self.duties = QLabel()
        self.duties.setWordWrap(True)
        self.training_bar = QProgressBar()
        self.training_bar.setRange(0, TRAINING_HOURS_PER_YEAR * 60)
        d = QVBoxLayout(self.duties_box)
        d.addWidget(self.duties)
        d.addWidget(self.training_bar)
        d.addStretch(1)
        # The chain's side of the day: routine visits falling due, deadlines, the duty ledger.
        self.routine_box, self.deadline_box = QGroupBox(), QGroupBox()
        self.routine_list, self.deadline_list = QListWidget(), QListWidget()
        for lst in (self.routine_list, self.deadline_list):
            lst.setWordWrap(True)
            lst.setSpacing(2)
        QVBoxLayout(self.routine_box).addWidget(self.routine_list)
        QVBoxLayout(self.deadline_box).addWidget(self.deadline_list)
        self.alerts, self.ledger_text = QLabel(), QLabel()
        for lab in (self.alerts, self.ledger_text):
            lab.setWordWrap(True)
        bold = self.alerts.font()
        bold.setBold(True)
        self.alerts.setFont(bold)
        d.insertWidget(0, self.alerts)
        d.insertWidget(d.count() - 1, self.ledger_text)
        self.items: ledger.TodayItems | None = None
        self.duty: ledger.DutyLedger | None = None
        grid = QHBoxLayout()
        grid.addWidget(self.today_box, 1)
        grid.addWidget(self.upcoming_box, 1)
        grid.addWidget(self.duties_box, 1)
        chain_row = QHBoxLayout()
        chain_row.addWidget(self.routine_box, 1)
        chain_row.addWidget(self.deadline_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.welcome)
        layout.addLayout(grid, 1)
        layout.addLayout(chain_row, 1)
        discretion.changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.welcome.setTitle(self.tr("Welcome"))
        self.welcome_text.setText(self.tr(
            "This workspace is empty. Create demo data to try the tool with a year of realistic visits, "
            "or start empty and add your schools."))
        self.demo_button.setText(self.tr("Create demo data"))
        self.empty_button.setText(self.tr("Start empty"))
        self.today_box.setTitle(self.tr("Today's visits"))
        self.upcoming_box.setTitle(self.tr("Coming up (14 days)"))
        self.duties_box.setTitle(self.tr("Duties"))
        self.today_list.setAccessibleName(self.tr("Today's visits"))
        self.upcoming_list.setAccessibleName(self.tr("Coming up"))
        self.training_bar.setAccessibleName(self.tr("Training hours this year"))
        self.routine_box.setTitle(self.tr("Routine visits due"))
        self.deadline_box.setTitle(self.tr("Rectification deadlines"))
        self.routine_list.setAccessibleName(self.tr("Routine visits due"))
        self.deadline_list.setAccessibleName(self.tr("Rectification deadlines"))
        self._render()

    def refresh(self) -> None:
        ws, today, revealed = self.workspace, self.today(), self.discretion.revealed

        def work(_t):  # type: ignore[no-untyped-def]
            me = ws.setting("current_inspector_id")
            chain_items = (ledger.today_items(ws, today, me), ledger.duty_ledger(ws, today, me)) if me else (None, None)
            return queries.is_empty(ws), queries.today_summary(ws, today, revealed), *chain_items

        def done(result) -> None:  # type: ignore[no-untyped-def]
            self.empty, self.summary, self.items, self.duty = result
            self._render()

        run_op(self, work, on_done=done)

    def _render(self) -> None:
        s = self.summary
        self.welcome.setVisible(bool(getattr(self, "empty", False)))
        self.reveal_button.setVisible(self.discretion.enabled)
        self.reveal_button.setText(self.tr("Seal again") if self.discretion.revealed else self.tr("Reveal sealed visits"))
        if s is None:
            self.title.setText(self.tr("Today"))
            return
        day = format_date(self.today())
        self.title.setText(self.tr("Today, {day}").format(day=day) + (f" — {s.inspector_name}" if s.inspector_name else ""))
        self.today_list.clear()
        self.upcoming_list.clear()
        for r in s.visits_today:
            self._add(self.today_list, r)
        if not s.visits_today:
            self.today_list.addItem(self.tr("No visit planned today."))
        for r in s.upcoming:
            self._add(self.upcoming_list, r)
        hours = s.training.hours
        self.training_bar.setValue(min(s.training.minutes, TRAINING_HOURS_PER_YEAR * 60))
        self.training_bar.setFormat(self.tr("%1 of %2 training hours").replace("%1", f"{hours:g}").replace("%2", str(TRAINING_HOURS_PER_YEAR)))
        self.duties.setText("\n".join([
            self.tr("Overdue rectifications: {n}").format(n=s.overdue_rectifications),
            self.tr("Rectifications due within a week: {n}").format(n=s.due_soon_rectifications),
            self.tr("Draft feedback forms: {n}").format(n=s.draft_forms),
        ]))
        self._render_chain()

    def _render_chain(self) -> None:
        self.routine_list.clear()
        self.deadline_list.clear()
        items, duty = self.items, self.duty
        self.routine_box.setVisible(items is not None)
        self.deadline_box.setVisible(items is not None)
        if items is not None:
            for v in items.visits:
                days = v.routine.days_left(items.as_of)
                when = (self.tr("overdue by %n day(s)", "", -days) if days < 0
                        else self.tr("due in %n day(s)", "", days))
                self.routine_list.addItem(f"{v.school_name}\n{format_date(v.routine.due_on)} · {when}")
            if not items.visits:
                self.routine_list.addItem(self.tr("Every school is on cadence."))
            for d in items.deadlines:
                when = (self.tr("%n day(s) overdue", "", -d.days_left) if d.days_left < 0
                        else self.tr("%n day(s) left", "", d.days_left))
                text = f"{format_date(d.deadline)} · {label(d.status)} · {when}\n{d.school_name} · {d.form_number}\n{d.requirement}"
                if d.escalation_prompt is not None:
                    text += "\n" + self.tr("Due for escalation: {step}").format(step=chain_label(d.escalation_prompt))
                self.deadline_list.addItem(text)
            if not items.deadlines:
                self.deadline_list.addItem(self.tr("No deadline is near."))
        if duty is None:
            self.alerts.clear()
            self.ledger_text.clear()
            return
        self.alerts.setText("\n".join(self._alert_text(a) for a in duty.alerts))
        self.alerts.setVisible(bool(duty.alerts))
        self.ledger_text.setText("\n".join([
            self.tr("Responsible schools: {n} (load {percent}% of the 1:5 ratio)").format(
                n=duty.load.schools, percent=duty.load.percent),
            self.tr("Schools on the routine cadence: {n} of {total}").format(
                n=duty.schools_on_cadence, total=len(duty.schools)),
            self.tr("Training: {hours} h of {target} (expected by today: {expected} h)").format(
                hours=f"{duty.training.hours:g}", target=TRAINING_HOURS_PER_YEAR, expected=f"{duty.training_expected_hours:g}"),
        ]))

    def _alert_text(self, alert: ledger.Alert) -> str:
        p = alert.params
        if alert.code == "ledger.visit_overdue":
            return self.tr("⚠ Routine visit overdue at {school} (due {day})").format(
                school=p["school"], day=format_date(dt.date.fromisoformat(p["due_on"])))
        if alert.code == "ledger.over_ratio":
            return self.tr("⚠ {n} schools is more than the 1:5 ratio allows ({percent}%)").format(
                n=p["schools"], percent=p["percent"])
        if alert.code == "ledger.training_behind":
            return self.tr("⚠ Training hours behind: {hours} h, {expected} h expected by now").format(
                hours=p["hours"], expected=p["expected"])
        return alert.code

    def _add(self, target: QListWidget, r: queries.VisitRow) -> None:
        text = sealed_text() if r.sealed else f"{format_date(r.planned_on)}  {r.school_name}\n{label(r.notice)} · {label(r.status)}"
        item = QListWidgetItem(text)
        item.setData(256, None if r.sealed else r.id)
        target.addItem(item)

    def _activated(self, item) -> None:  # type: ignore[no-untyped-def]
        vid = item.data(256)
        if vid:
            self.open_visit.emit(vid)


# ---------------------------------------------------------------- Rectifications


class RectificationsPage(Page):
    """The tracker: every requirement's rectification, and the chain's actions on the selected one."""

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
        self.view = table_view(self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selection_changed())
        self.form_ids: dict[str, str] = {}
        self.prompts: dict[str, EscalationKind] = {}
        # Steps recorded from this window, newest last, so their documents can be reopened.
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
        side = QVBoxLayout(self.actions_box)
        side.addWidget(self.selected_text)
        for b in (self.report_button, self.verdict_button, self.escalate_button, self.incentive_button,
                  self.document_button):
            side.addWidget(b)
        side.addStretch(1)
        self.actions_box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 34)
        body = QHBoxLayout()
        body.addWidget(self.view, 3)
        body.addWidget(self.actions_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.only_open)
        layout.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Rectifications"))
        self.only_open.setText(self.tr("Only those not yet verified"))
        self.view.setAccessibleName(self.tr("Rectifications"))
        self.actions_box.setTitle(self.tr("Selected rectification"))
        self.report_button.setText(self.tr("Record the school's report…"))
        self.verdict_button.setText(self.tr("Record a re-inspection…"))
        self.escalate_button.setText(self.tr("Escalate…"))
        self.incentive_button.setText(self.tr("Record an incentive…"))
        self.document_button.setText(self.tr("Open the step's document…"))
        self.model.retranslate()
        self._selection_changed()

    def refresh(self) -> None:
        ws, today, only_open = self.workspace, self.today(), self.only_open.isChecked()

        def work(_t):  # type: ignore[no-untyped-def]
            rows = queries.rectification_rows(ws, today)
            forms = {f.number: f.id for f in queries.form_rows(ws, today)}
            prompts = {d.rectification_id: d.escalation_prompt for d in ledger.today_items(ws, today).deadlines
                       if d.escalation_prompt is not None}
            return tuple(r for r in rows if not only_open or r.status.value != "verified"), forms, prompts

        run_op(self, work, on_done=self._shown)

    def _shown(self, result) -> None:  # type: ignore[no-untyped-def]
        keep = self.selected()
        rows, self.form_ids, self.prompts = result
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        if keep is not None:
            self.select(keep.id)
        self._selection_changed()

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
        if r is None:
            self.selected_text.setText(self.tr("Choose a rectification in the list."))
            return
        lines = [f"{r.school_name} · {r.form_number}", r.requirement,
                 self.tr("Deadline: {day} — {status}").format(day=format_date(r.deadline), status=label(r.status))]
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
        me = self.workspace.setting("current_inspector_id")
        if r is None or r.form_number not in self.form_ids:
            return
        if not me:
            QMessageBox.warning(self, self.tr("Not recorded"), error_text(DomainError("training.no_inspector")))
            return
        self._open_dialog(VerdictDialog(self, self.workspace, self.form_ids[r.form_number], r.id, me, self.today()))

    def record_escalation(self) -> None:
        r = self.selected()
        if r is None:
            return

        def saved(escalation_id: object) -> None:
            self.documents.setdefault(r.id, []).append(str(escalation_id))
            self.refresh()
            self.open_document(str(escalation_id))

        self._open_dialog(StepDialog(self, self.workspace, r.id, r.school_id, self.today(), self.prompts.get(r.id)), saved)

    def record_incentive(self) -> None:
        r = self.selected()
        if r is not None:
            self._open_dialog(StepDialog(self, self.workspace, r.id, r.school_id, self.today(), incentive=True))

    def open_document(self, escalation_id: str | None = None) -> None:
        r = self.selected()
        escalation_id = escalation_id or (self.documents.get(r.id, [None])[-1] if r else None)
        if escalation_id:
            language = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
            self._open_dialog(DocumentDialog(self, self.workspace, escalation_id, language))


# ---------------------------------------------------------------- Feedback forms


def open_form_editor(parent: QWidget, workspace: Workspace, visit_id: str | None = None, form_id: str | None = None) -> QWidget | None:
    """Open the feedback-form editor, which ships as its own module."""
    try:
        from inspector_desktop.ui.form_editor import FormEditor  # noqa: PLC0415 - optional part
    except ImportError:
        QMessageBox.information(
            parent, QCoreApplication.translate("FormsPage", "Feedback forms"),
            QCoreApplication.translate("FormsPage", "The feedback form editor is not installed in this version yet."),
        )
        return None
    editor = FormEditor(workspace, visit_id=visit_id, form_id=form_id, parent=parent)
    editor.show()
    return editor


class FormsPage(Page):
    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Number"), lambda r: r.number),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("School"), lambda r: r.school_name or sealed_text()),
            Column(lambda: self.tr("Visit date"), lambda r: format_date(r.visit_day)),
        ])
        self.view = table_view(self.model)
        self.view.doubleClicked.connect(lambda idx: self._open(idx.row()))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self._open(self.view.currentIndex().row()))
        self.response_button = QPushButton()
        self.response_button.setEnabled(False)
        self.response_button.clicked.connect(self.record_response)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._chosen(cur.row()))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.response_button)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Feedback forms"))
        self.open_button.setText(self.tr("Open form…"))
        self.response_button.setText(self.tr("Record the school's response…"))
        self.view.setAccessibleName(self.tr("Feedback forms"))
        self.model.retranslate()

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        run_op(self, lambda _t: queries.form_rows(ws, today), on_done=self._shown)

    def _shown(self, rows) -> None:  # type: ignore[no-untyped-def]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self._chosen(self.view.currentIndex().row())

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            r = self.model.rows[row]
            open_form_editor(self, self.workspace, visit_id=r.visit_id, form_id=r.id)

    def _chosen(self, row: int) -> None:
        # Only a signed form can be answered; a draft may still change under the school.
        ok = 0 <= row < len(self.model.rows) and self.model.rows[row].status in (FormStatus.SIGNED, FormStatus.ISSUED)
        self.response_button.setEnabled(ok)

    def record_response(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        r = self.model.rows[row]
        dialog = ResponseDialog(self, self.workspace, r.id, r.number, self.today())
        dialog.saved.connect(lambda _id: self.refresh())
        self.dialog = dialog  # kept so the newest one can be found, e.g. by tests
        dialog.open()


# ---------------------------------------------------------------- Training


class TrainingPage(Page):
    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.progress = QProgressBar()
        self.progress.setRange(0, TRAINING_HOURS_PER_YEAR * 60)
        self.progress_text = QLabel()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Date"), lambda r: format_date(r.attended_on)),
            Column(lambda: self.tr("Hours"), lambda r: f"{r.minutes / 60:g}"),
            Column(lambda: self.tr("Training"), lambda r: r.title),
            Column(lambda: self.tr("Provider"), lambda r: r.provider),
        ])
        self.view = table_view(self.model)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        t = today()
        self.day.setDate(QDate(t.year, t.month, t.day))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(3)
        self.course, self.provider = QLineEdit(), QLineEdit()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.entry = QGroupBox()
        self.form = QFormLayout(self.entry)
        self.labels = [QLabel() for _ in range(4)]
        for lab, w in zip(self.labels, (self.day, self.hours, self.course, self.provider)):
            self.form.addRow(lab, w)
        self.form.addRow("", self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        body = QHBoxLayout()
        body.addWidget(self.view, 2)
        side = QVBoxLayout()
        side.addWidget(self.entry)
        side.addStretch(1)
        body.addLayout(side, 1)
        layout.addLayout(body, 1)
        self.summary: TrainingSummary | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Training log"))
        self.day.setLocale(QLocale())
        # A date edit keeps the format it was built with; give it the new language's.
        self.day.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
        self.entry.setTitle(self.tr("Record training"))
        for lab, text in zip(self.labels, (self.tr("Date"), self.tr("Hours"), self.tr("Training"), self.tr("Provider"))):
            lab.setText(text)
        for lab, w in zip(self.labels, (self.day, self.hours, self.course, self.provider)):
            w.setAccessibleName(lab.text())
        self.add_button.setText(self.tr("Add to the log"))
        self.progress.setAccessibleName(self.tr("Training hours this year"))
        self.view.setAccessibleName(self.tr("Training log"))
        self.model.retranslate()
        self._render()

    def refresh(self) -> None:
        ws, year = self.workspace, self.today().year
        run_op(self, lambda _t: queries.training_summary(ws, year), on_done=self._shown)

    def _shown(self, summary: TrainingSummary) -> None:
        self.summary = summary
        self.model.set_rows(summary.records)
        self.view.resizeColumnsToContents()
        self._render()

    def _render(self) -> None:
        s = self.summary
        if s is None:
            return
        p = s.progress
        self.progress.setValue(min(p.minutes, TRAINING_HOURS_PER_YEAR * 60))
        self.progress.setFormat(f"{p.hours:g} / {TRAINING_HOURS_PER_YEAR} h")
        if p.complete:
            text = self.tr("{year}: {hours} hours — the {target}-hour yearly requirement is met.")
        else:
            text = self.tr("{year}: {hours} hours — {short} more hours needed to reach {target}.")
        self.progress_text.setText(text.format(year=s.year, hours=f"{p.hours:g}", short=f"{p.shortfall_hours:g}", target=TRAINING_HOURS_PER_YEAR))

    def add(self) -> None:
        ws = self.workspace
        day, minutes = self.day.date().toPython(), round(self.hours.value() * 60)
        title, provider = self.course.text(), self.provider.text()

        def done(_r: object) -> None:
            self.course.clear()
            self.provider.clear()
            self.refresh()

        run_op(self, lambda _t: edits.add_training(ws, day, minutes, title, provider), on_done=done,
               on_error=lambda exc, _tb: QMessageBox.warning(self, self.tr("Not recorded"), error_text(exc)))


# ---------------------------------------------------------------- Sync and Settings


class SettingsPage(Page):
    def __init__(self, workspace: Workspace, settings: QSettings, discretion: Discretion) -> None:
        super().__init__()
        self.workspace, self.settings, self.discretion = workspace, settings, discretion
        self.title = heading()
        self.language = QComboBox()
        self.discreet = QCheckBox()
        self.discreet.setChecked(discretion.enabled)
        self.discreet.toggled.connect(discretion.set_enabled)
        self.timeout = QSpinBox()
        self.timeout.setRange(5, 3600)
        self.timeout.setValue(discretion.reveal_seconds)
        self.timeout.valueChanged.connect(discretion.set_reveal_seconds)
        self.folder = QLabel(str(workspace.data_dir.root))
        self.folder.setWordWrap(True)
        self.labels = [QLabel() for _ in range(4)]
        form = QFormLayout()
        for lab, w in zip(self.labels, (self.language, self.discreet, self.timeout, self.folder)):
            form.addRow(lab, w)
        holder = QWidget()
        holder.setLayout(form)
        holder.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(holder)
        layout.addStretch(1)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        for lab, text in zip(self.labels, (self.tr("Language"), self.tr("Discreet mode"), self.tr("Seal again after"), self.tr("Data folder"))):
            lab.setText(text)
        self.discreet.setText(self.tr("Seal unannounced visits still to come"))
        self.timeout.setSuffix(self.tr(" s"))
        self.language.setAccessibleName(self.tr("Language"))
        self.discreet.setAccessibleName(self.tr("Discreet mode"))
        self.timeout.setAccessibleName(self.tr("Seal again after"))
        chosen = str(self.settings.value(i18n.SETTINGS_KEY, "") or "")
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(self.tr("Follow the system"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)

    def _language_chosen(self, _index: int) -> None:
        self.settings.setValue(i18n.SETTINGS_KEY, self.language.currentData() or "")
        i18n.apply_language(i18n.chosen_language(self.settings))

