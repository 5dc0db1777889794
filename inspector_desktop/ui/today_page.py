"""Today: the day's visits, what comes next, deadlines, and the duty ledger's alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import chain_label, format_date, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.whole_words import PHRASES, WholePhrases, whole
from inspector_desktop.ui.widgets import Page, heading

if TYPE_CHECKING:  # the page is laid out in the window's first frame, before the store is imported
    from inspector_desktop.store import duties, visit_list
    from inspector_desktop.store.db import Workspace
    from inspector_desktop.store.today import TodayItems, TodaySummary


class TodayPage(Page):
    shows = frozenset({"visit", "visit_team_member", "school", "school_assignment", "inspector", "training_record",
                       "feedback_form", "requirement", "rectification", "reinspection", "escalation", "school_response"})
    demo_requested = Signal()
    start_empty_requested = Signal()
    open_visit = Signal(str)
    open_objections = Signal(str)  # a school whose objection's reply falls due: open its objections
    open_rectification = Signal(str)  # a deadline: select its rectification on the Rectifications page
    open_school = Signal(str)  # a school due for its routine visit: open its dossier
    filled = Signal()  # the day's data is on screen

    def __init__(self, workspace: Workspace | None, today: Callable[[], dt.date], discretion: Discretion) -> None:
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
            _wrapped(lst)
        self.today_list.itemActivated.connect(self._activated)
        self.upcoming_list.itemActivated.connect(self._activated)
        QVBoxLayout(self.today_box).addWidget(self.today_list)
        up = QVBoxLayout(self.upcoming_box)
        up.addWidget(self.upcoming_list)
        self.reveal_button = QPushButton()
        self.reveal_button.clicked.connect(lambda: self.discretion.hide() if self.discretion.revealed else self.discretion.reveal())
        up.addWidget(self.reveal_button)
        self.duties = QLabel()
        self.duties.setWordWrap(True)
        self.training_bar = QProgressBar()
        self.training_bar.setRange(0, TRAINING_HOURS_PER_YEAR * 60)
        d = QVBoxLayout(self.duties_box)
        d.addWidget(self.duties)
        d.addWidget(self.training_bar)
        d.addStretch(1)
        # The chain's side of the day: routine visits falling due, deadlines, objections
        # owed a reply, the duty ledger.
        self.routine_box, self.deadline_box, self.objection_box = QGroupBox(), QGroupBox(), QGroupBox()
        self.routine_list, self.deadline_list, self.objection_list = QListWidget(), QListWidget(), QListWidget()
        for lst in (self.routine_list, self.deadline_list, self.objection_list):
            _wrapped(lst)
        self.objection_list.itemActivated.connect(self._objection_activated)
        # Double-click or Enter on a line opens what it lists.
        self.deadline_list.itemActivated.connect(lambda item: self._emit(item, self.open_rectification))
        self.routine_list.itemActivated.connect(lambda item: self._emit(item, self.open_school))
        QVBoxLayout(self.routine_box).addWidget(self.routine_list)
        QVBoxLayout(self.deadline_box).addWidget(self.deadline_list)
        QVBoxLayout(self.objection_box).addWidget(self.objection_list)
        self.alerts, self.ledger_text = QLabel(), QLabel()
        for lab in (self.alerts, self.ledger_text):
            lab.setWordWrap(True)
        bold = self.alerts.font()
        bold.setBold(True)
        self.alerts.setFont(bold)
        d.insertWidget(0, self.alerts)
        d.insertWidget(d.count() - 1, self.ledger_text)
        self.items: TodayItems | None = None
        self.duty: duties.DutyLedger | None = None
        grid = QHBoxLayout()
        grid.addWidget(self.today_box, 1)
        grid.addWidget(self.upcoming_box, 1)
        grid.addWidget(self.duties_box, 1)
        chain_row = QHBoxLayout()
        chain_row.addWidget(self.routine_box, 1)
        chain_row.addWidget(self.deadline_box, 2)
        chain_row.addWidget(self.objection_box, 1)
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
        self.objection_box.setTitle(self.tr("Objections awaiting a reply"))
        self.objection_list.setAccessibleName(self.tr("Objections awaiting a reply"))
        self._render()

    def refresh(self) -> None:
        """Read the day; without a workspace yet (the window is still opening it) the page stays laid out, empty."""
        ws, today, revealed = self.workspace, self.today(), self.discretion.revealed
        if ws is None:
            return

        def work(_t):  # type: ignore[no-untyped-def]
            from inspector_desktop.store import choices, duties
            from inspector_desktop.store.today import today_items, today_summary

            remit = duties.laptop_remit(ws)  # a lead's Today covers the region
            chain_items = ((today_items(ws, today, remit, revealed), duties.duty_ledger(ws, today, remit, revealed))
                           if remit.inspector_id else (None, None))
            return choices.is_empty(ws), today_summary(ws, today, revealed), *chain_items

        def done(result) -> None:  # type: ignore[no-untyped-def]
            self.empty, self.summary, self.items, self.duty = result
            self._render()
            self.filled.emit()

        run_op(self, work, on_done=done, key="refresh")

    def _render(self) -> None:
        s = self.summary
        self.welcome.setVisible(bool(getattr(self, "empty", False)))
        self.reveal_button.setVisible(self.discretion.enabled)
        self.reveal_button.setText(self.tr("Hide again") if self.discretion.revealed else self.tr("Reveal hidden visits"))
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
        if not s.upcoming:
            self.upcoming_list.addItem(self.tr("Nothing planned for the next 14 days: plan a visit with New visit (Ctrl+N)."))
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
        self.objection_list.clear()
        items, duty = self.items, self.duty
        self.routine_box.setVisible(items is not None)
        self.deadline_box.setVisible(items is not None)
        self.objection_box.setVisible(items is not None)
        if items is not None:
            for v in items.visits:
                days = v.routine.days_left(items.as_of)
                when = (self.tr("overdue by %n day(s)", "", -days) if days < 0
                        else self.tr("due in %n day(s)", "", days))
                item = QListWidgetItem(f"{v.school_name}{self._who(v.responsible)}\n{format_date(v.routine.due_on)} · {when}")
                item.setData(256, v.school_id)
                item.setData(PHRASES, [when])
                item.setToolTip(self.tr("Double-click to open the school's dossier"))
                self.routine_list.addItem(item)
            if not items.visits:
                self.routine_list.addItem(self.tr("Every school is on cadence."))
            for d in items.deadlines:
                when = (self.tr("%n day(s) overdue", "", -d.days_left) if d.days_left < 0
                        else self.tr("%n day(s) left", "", d.days_left))
                text = (f"{format_date(d.deadline)} · {label(d.status)} · {when}\n{d.school_name} · {d.form_number}"
                        f"{self._who(d.responsible)}\n{d.requirement}")
                if d.escalation_prompt is not None:
                    text += "\n" + self.tr("Due for escalation: {step}").format(step=chain_label(d.escalation_prompt))
                item = QListWidgetItem(text)
                item.setData(256, d.rectification_id)
                item.setData(PHRASES, [when])
                item.setToolTip(self.tr("Double-click to open the rectification"))
                self.deadline_list.addItem(item)
            if not items.deadlines:
                self.deadline_list.addItem(self.tr("No deadline is near."))
            for o in items.objections:
                when = (self.tr("reply overdue by %n day(s)", "", -o.days_left) if o.days_left < 0
                        else self.tr("reply due in %n day(s)", "", o.days_left))
                item = QListWidgetItem(f"{format_date(o.reply_deadline)} · {when}\n{o.school_name} · {o.form_number}"
                                       f"{self._who(o.responsible)}")
                item.setData(256, o.school_id)
                item.setData(PHRASES, [when])
                item.setToolTip(self.tr("Double-click to open the school's objections"))
                self.objection_list.addItem(item)
            if not items.objections:
                self.objection_list.addItem(self.tr("No objection's reply is due soon."))
        if duty is None:
            self.alerts.clear()
            self.ledger_text.clear()
            return
        self.alerts.setText(whole("\n".join(self._alert_text(a) for a in duty.alerts)))
        self.alerts.setVisible(bool(duty.alerts))
        self.ledger_text.setText("\n".join([
            self.tr("Responsible schools: {n} (load {percent}% of the 1:5 ratio)").format(
                n=duty.load.schools, percent=duty.load.percent),
            (self.tr("Schools on the routine cadence: {n} of {total}") if duty.region is None
             else self.tr("Schools of the region on the routine cadence: {n} of {total}")).format(
                n=duty.schools_on_cadence, total=len(duty.schools)),
            self.tr("Training: {hours} h of {target} (expected by today: {expected} h)").format(
                hours=f"{duty.training.hours:g}", target=TRAINING_HOURS_PER_YEAR, expected=f"{duty.training_expected_hours:g}"),
        ]))

    def _who(self, names: tuple[str, ...]) -> str:
        """A lead's Today names each school's responsible inspector; an inspector's needs no name."""
        if self.items is None or self.items.region is None:
            return ""
        return " · " + (self.tr("Inspector: {names}").format(names=self.tr(", ").join(names)) if names
                        else self.tr("No responsible inspector"))

    def _alert_text(self, alert: duties.Alert) -> str:
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

    def _add(self, target: QListWidget, r: visit_list.VisitRow) -> None:
        from inspector_desktop.ui.table_models import hidden_text  # with the store: imported once data arrives

        text = hidden_text() if r.hidden else f"{format_date(r.planned_on)}  {r.school_name}\n{label(r.notice)} · {label(r.status)}"
        item = QListWidgetItem(text)
        # A hidden visit opens nothing. "" rather than None: PySide6 6.12 loses a reference
        # to None each time it stores one in an item (pyproject.toml pins below it).
        item.setData(256, "" if r.hidden else r.id)
        target.addItem(item)

    def _activated(self, item) -> None:  # type: ignore[no-untyped-def]
        vid = item.data(256)
        if vid:
            self.open_visit.emit(vid)

    @staticmethod
    def _emit(item: QListWidgetItem, signal) -> None:  # type: ignore[no-untyped-def]
        record_id = item.data(256)
        if record_id:
            signal.emit(record_id)

    def _objection_activated(self, item: QListWidgetItem) -> None:
        school_id = item.data(256)
        if school_id:
            self.open_objections.emit(school_id)


def _wrapped(lst: QListWidget) -> None:
    lst.setWordWrap(True)
    lst.setItemDelegate(WholePhrases(lst))  # "2026年11月4日" and "overdue by 18 days" never break inside
    lst.setResizeMode(QListView.ResizeMode.Adjust)  # items measured at the list's width: re-measured as it changes
    lst.setSpacing(2)
    # Laid out a batch at a time: at 100 000 visits a list holds thousands of wrapped
    # lines, and measuring them all at once held the window for a few hundred ms.
    lst.setLayoutMode(QListView.LayoutMode.Batched)
