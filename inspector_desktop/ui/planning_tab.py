"""The office's planning, on the People and schools page: a visit planned for a team of
inspectors, the month's routine visits from the cadence of the rule file in force
(listed before they are planned: store/planning.py), and the 双随机 draw.

Plans are written on this laptop, as an inspector's are, and reach their teams
at the next sync; an unannounced one reaches only its team (the server's scope).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from inspector_desktop.store import planning
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.planning import RoutinePlan
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_date
from inspector_desktop.ui.new_visit import NewVisitDialog, VisitChoices, read_choices
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.random_pick_dialog import RandomPickDialog
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import fit_columns, table_view

PLAN_CHANGES = Changes.of("visit", "visit_team_member")


class PlanningTab(QWidget):
    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.plan_button, self.pick_button = QPushButton(), QPushButton()
        self.routine_box = QGroupBox()
        self.routine = SnapshotTableModel([
            Column(lambda: self.tr("Date"), lambda p: format_date(p.planned_on)),
            Column(lambda: self.tr("School"), lambda p: f"{p.school_name} ({p.school_code})"),
            Column(lambda: self.tr("Responsible inspector"), lambda p: p.inspector_name),
            Column(lambda: self.tr("Falls due"), lambda p: (self.tr("{day} (overdue)") if p.overdue else "{day}").format(
                day=format_date(p.due_on))),
        ])
        self.routine_view = table_view(self.routine)
        self.routine_view.setAccessibleName("routine visits due")
        self.routine_view.doubleClicked.connect(self._open_school)
        self.routine_caption = QLabel()
        self.routine_caption.setWordWrap(True)
        self.generate_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.said: Callable[[], str] = lambda: ""
        box = QVBoxLayout(self.routine_box)
        box.addWidget(self.routine_caption)
        box.addWidget(self.routine_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.generate_button)
        box.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.plan_button)
        top.addWidget(self.pick_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.routine_box, 1)
        layout.addWidget(self.status)
        self.plan_button.clicked.connect(self.plan_visit)
        self.pick_button.clicked.connect(self.random_pick)
        self.generate_button.clicked.connect(self.plan_routine)
        self.generate_button.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.plan_button.setText(self.tr("Plan a visit…"))
        self.pick_button.setText(self.tr("Random pick (双随机)…"))
        self.routine_box.setTitle(self.tr("Routine visits due this month"))
        self.routine_caption.setText(self.tr(
            "Each responsible school whose routine visit falls due by the end of the month and has no visit planned. "
            "Planning them makes an announced routine visit led by the school's responsible inspector."))
        self.generate_button.setText(self.tr("Plan %n routine visit(s)", "", len(self.routine.rows)))
        self.routine_view.setToolTip(self.tr("Double-click a school to open its dossier."))
        self.routine.retranslate()
        self.status.setText(self.said())

    def say(self, words: Callable[[], str]) -> None:
        """The tab's last news, worded again when the language changes."""
        self.said = words
        self.status.setText(words())

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        run_op(self, lambda _t: planning.routine_plans(ws, today), on_done=self._show, key="routine",
               on_error=lambda exc, _tb: self.say(lambda: error_text(exc)))

    def _show(self, plans: list[RoutinePlan]) -> None:
        self.routine.set_rows(plans)
        fit_columns(self.routine_view, 1)
        self.generate_button.setEnabled(bool(plans))
        self.generate_button.setText(self.tr("Plan %n routine visit(s)", "", len(plans)))

    def _open_school(self, index) -> None:  # type: ignore[no-untyped-def]
        opener = getattr(self.window(), "open_school", None)
        if opener is not None:
            opener(self.routine.rows[index.row()].school_id)

    def plan_routine(self) -> None:
        plans = self.routine.rows
        if not plans or QMessageBox.question(self, self.tr("Plan routine visits"), self.tr(
                "Plan the %n routine visit(s) listed? Each reaches its inspector at the next sync.", "", len(plans))
        ) != QMessageBox.StandardButton.Yes:
            return
        ws, today = self.workspace, self.today()
        self.generate_button.setEnabled(False)
        run_op(self, lambda _t: planning.plan_routine_visits(ws, today), on_done=self._planned, changes=PLAN_CHANGES,
               on_error=lambda exc, _tb: (QMessageBox.warning(self, self.tr("Plan routine visits"), error_text(exc)),
                                          self.refresh()))

    def _planned(self, visits: list[str]) -> None:
        count = len(visits)
        self.say(lambda: self.tr("Planned %n visit(s); they reach the inspectors at the next sync.", "", count))
        self.refresh()

    def plan_visit(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: read_choices(ws), on_done=self._plan_visit, key="new-visit")

    def _plan_visit(self, offered: VisitChoices) -> None:
        dialog = NewVisitDialog(self.workspace, self.today(), offered, self)
        dialog.accepted.connect(lambda: self._planned([dialog.visit_id] if dialog.visit_id else []))
        self.new_visit_dialog = dialog  # kept so the newest one can be found, e.g. by tests
        dialog.open()

    def random_pick(self) -> None:
        self.pick_dialog = RandomPickDialog(self, self.workspace, self.today())
        opener = getattr(self.window(), "open_visit", None)
        if opener is not None:
            self.pick_dialog.open_visit.connect(opener)
        self.pick_dialog.finished.connect(lambda _r: self.refresh())
        self.pick_dialog.open()
