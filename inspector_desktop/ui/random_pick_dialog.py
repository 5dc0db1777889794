"""The 双随机 draw: random schools, and optionally random inspectors for each, and the
visit plans the draw makes; then the past draws, each re-checkable.

The draw is stored with its seed, and its visits planned, the moment it is made
(store.random_picks.run_random_pick), so it cannot be silently redrawn until
liked; "Re-run to audit" replays the stored seed and shows whether it gives the
same result. Opening a past draw names its schools, unannounced ones included:
the dialog is the office's (only a lead is offered it), and opening a draw is a
deliberate act, as revealing hidden visits is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Notice, Scope
from inspector_desktop.store import choices, random_picks
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.random_picks import DrawDetail, DrawRow, PickRecord
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_date, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import date_edit, fill_enum_combo

VISIT = Qt.ItemDataRole.UserRole  # a list item's visit (or draw) id
# A draw writes itself and the visits it plans, with their teams.
DRAW_CHANGES = Changes.of("random_pick", "visit", "visit_team_member")
PLAN_AHEAD_DAYS = 7  # the visit date offered for a new draw's plans


@dataclass(frozen=True)
class PickShown:
    """A stored draw with the names to show it by (read in the same background step)."""

    record: PickRecord
    school_names: dict[str, str]
    inspector_names: dict[str, str]


def _verdict(same: bool) -> str:
    """The audit's answer, the same words in the draw dialog and a past draw's."""
    return (QCoreApplication.translate("RandomPickDialog", "✔ Re-running the seed gives the same schools and inspectors.")
            if same else QCoreApplication.translate(
                "RandomPickDialog", "✘ Re-running the seed gives a different result: the stored draw does not match."))


class RandomPickDialog(QDialog):
    open_visit = Signal(str)

    def __init__(self, parent: QWidget | None, workspace: Workspace, today: dt.date) -> None:
        super().__init__(parent)
        self.workspace, self.today = workspace, today
        self.setWindowTitle(self.tr("Random pick (双随机)"))
        self.schools = QSpinBox()
        self.schools.setRange(1, 999)
        self.schools.setValue(3)
        self.per_school = QSpinBox()
        self.per_school.setRange(0, 9)
        self.per_school.setSpecialValueText(self.tr("schools only"))
        self.purpose, self.made_by = QLineEdit(), QLineEdit()
        self.visit_day = date_edit(today + dt.timedelta(days=PLAN_AHEAD_DAYS))
        self.notice, self.scope = QComboBox(), QComboBox()
        fill_enum_combo(self.notice, list(Notice))
        self.notice.setCurrentIndex(self.notice.findData(Notice.UNANNOUNCED))
        fill_enum_combo(self.scope, list(Scope))
        self.scope.setCurrentIndex(self.scope.findData(Scope.SPECIAL))
        form = QFormLayout()
        for text, w in ((self.tr("Schools to pick"), self.schools), (self.tr("Inspectors per school"), self.per_school),
                        (self.tr("Purpose"), self.purpose), (self.tr("Drawn by (lead)"), self.made_by),
                        (self.tr("Visit date"), self.visit_day), (self.tr("Notice"), self.notice),
                        (self.tr("Scope"), self.scope)):
            w.setAccessibleName(text)
            form.addRow(text, w)
        hint = QLabel(self.tr("Each picked school gets a planned visit. With no inspectors drawn, the school's "
                              "responsible inspectors go."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.clicked.connect(self.draw)
        self.audit_button = QPushButton(self.tr("Re-run to audit"))
        self.audit_button.setEnabled(False)
        self.audit_button.clicked.connect(self.audit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.picked = QListWidget()
        self.picked.setAccessibleName(self.tr("Picked schools"))
        self.picked.itemActivated.connect(self._open_visit)
        self.seed = QLabel()
        # The seed is what an auditor copies into their record.
        self.seed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.audit_result = QLabel()
        self.audit_result.setWordWrap(True)
        self.past = QListWidget()
        self.past.setAccessibleName(self.tr("Past draws"))
        self.past.itemActivated.connect(lambda item: self.open_draw(item.data(VISIT)))
        past_box = QGroupBox(self.tr("Past draws"))
        QVBoxLayout(past_box).addWidget(self.past)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.draw_button)
        buttons.addWidget(self.audit_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.picked, 1)
        layout.addWidget(self.seed)
        layout.addWidget(self.audit_result)
        layout.addWidget(past_box, 1)
        layout.addWidget(close)
        self.shown: PickShown | None = None
        self.audited: bool | None = None
        self.draws: tuple[DrawRow, ...] | None = None  # the past draws, once read
        self.detail: DrawDetailDialog | None = None
        self.resize(560, 720)
        self.refresh_past()

    # ------------------------------------------------------------ drawing

    def draw(self) -> None:
        ws, day, count, per, purpose, made_by = (self.workspace, self.today, self.schools.value(),
                                                 self.per_school.value(), self.purpose.text(), self.made_by.text())
        notice, scope = Notice(self.notice.currentData()), Scope(self.scope.currentData())
        visit_day = self.visit_day.date().toPython()

        def work(_task: Any) -> PickShown:
            inspectors = choices.inspectors(ws)
            templates = choices.templates(ws)
            plan = random_picks.VisitPlan(visit_day, notice=notice, scope=scope,
                                          template_id=templates[0].id if templates else None)
            record = random_picks.run_random_pick(ws, day, made_by, count, purpose,
                                                  inspector_ids=[i.id for i in inspectors] if per else (),
                                                  inspectors_per_school=per, plan=plan)
            return PickShown(record, {c.id: c.label for c in choices.schools(ws)}, {i.id: i.label for i in inspectors})

        self.draw_button.setEnabled(False)
        self.error.hide()
        run_op(self, work, on_done=self._drawn, on_error=self._refused, changes=DRAW_CHANGES)

    def _drawn(self, shown: PickShown) -> None:
        self.shown, self.audited = shown, None
        self.draw_button.setEnabled(True)
        self.audit_button.setEnabled(True)
        self.audit_result.setText("")
        self.picked.clear()
        r = shown.record
        for n, sid in enumerate(r.school_ids, 1):
            team = "、".join(shown.inspector_names.get(i, i) for i in r.inspectors.get(sid, ()))
            line = f"{n}. {shown.school_names.get(sid, sid)}"
            item = QListWidgetItem(self.tr("{school} — inspectors: {team}").format(school=line, team=team) if team else line)
            item.setData(VISIT, r.visits.get(sid))
            self.picked.addItem(item)
        self.seed.setText(self.tr("Seed: {seed}").format(seed=r.seed))
        self.refresh_past()

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self.draw_button.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()

    def audit(self) -> None:
        if self.shown is None:
            return
        ws, pick_id = self.workspace, self.shown.record.id
        self.audit_button.setEnabled(False)
        run_op(self, lambda _t: random_picks.audit_random_pick(ws, pick_id), on_done=self._audited, on_error=self._refused)

    def _audited(self, same: bool) -> None:
        self.audited = same
        self.audit_button.setEnabled(True)
        self.audit_result.setText(_verdict(same))

    def _open_visit(self, item: QListWidgetItem) -> None:
        if item.data(VISIT):
            self.open_visit.emit(item.data(VISIT))

    # ------------------------------------------------------------ past draws

    def refresh_past(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: random_picks.past_draws(ws), on_done=self._past_shown, key="past")

    def _past_shown(self, draws: tuple[DrawRow, ...]) -> None:
        self.draws = draws
        self.past.clear()
        for d in draws:
            text = self.tr("{day} · {purpose} · {schools} schools, {visits} visits planned · seed {seed}").format(
                day=format_date(d.made_on), purpose=d.purpose or self.tr("(no purpose given)"), schools=d.schools,
                visits=d.visits, seed=d.seed[:12] + "…")
            item = QListWidgetItem(text)
            item.setData(VISIT, d.id)
            item.setToolTip(self.tr("Double-click to open the draw and audit it again"))
            self.past.addItem(item)
        if not draws:
            self.past.addItem(self.tr("No draw yet."))

    def open_draw(self, pick_id: str | None) -> None:
        if not pick_id:
            return
        self.detail = DrawDetailDialog(self, self.workspace, pick_id)
        self.detail.open_visit.connect(self.open_visit)
        self.detail.open()


class DrawDetailDialog(QDialog):
    """One past draw: its seed, candidates and picks with the visits planned, and the audit."""

    open_visit = Signal(str)

    def __init__(self, parent: QWidget | None, workspace: Workspace, pick_id: str) -> None:
        super().__init__(parent)
        self.workspace, self.pick_id = workspace, pick_id
        self.setWindowTitle(self.tr("Random pick (双随机): past draw"))
        self.header, self.seed, self.staff, self.audit_result = QLabel(), QLabel(), QLabel(), QLabel()
        for lab in (self.header, self.staff, self.audit_result):
            lab.setWordWrap(True)
        self.seed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.candidates, self.picks = QListWidget(), QListWidget()
        self.candidates.setAccessibleName(self.tr("Schools drawn from"))
        self.picks.setAccessibleName(self.tr("Picked schools and their visits"))
        self.picks.itemActivated.connect(self._open_visit)
        self.audit_button = QPushButton(self.tr("Audit again"))
        self.audit_button.setEnabled(False)
        self.audit_button.clicked.connect(self.audit)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Drawn from"), self.candidates)
        form.addRow(self.tr("Picked"), self.picks)
        row = QHBoxLayout()
        row.addWidget(self.audit_result, 1)
        row.addWidget(self.audit_button)
        layout = QVBoxLayout(self)
        for w in (self.header, self.seed, self.staff):
            layout.addWidget(w)
        layout.addLayout(form, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.detail: DrawDetail | None = None
        self.audited: bool | None = None
        self.resize(600, 560)
        run_op(self, lambda _t: random_picks.draw_detail(workspace, pick_id), on_done=self._shown,
               on_error=lambda exc, _tb: self.header.setText(error_text(exc)))

    def _shown(self, d: DrawDetail) -> None:
        self.detail = d
        r = d.row
        self.header.setText(self.tr("{day} · {purpose} · drawn by {who}").format(
            day=format_date(r.made_on), purpose=r.purpose or self.tr("(no purpose given)"), who=r.made_by))
        self.seed.setText(self.tr("Seed: {seed}").format(seed=r.seed))
        self.staff.setText(self.tr("{n} inspectors per school, drawn from: {names}").format(
            n=d.inspectors_per_school, names="、".join(d.inspector_candidates)) if d.inspectors_per_school
            else self.tr("Schools only: no inspectors drawn."))
        self.candidates.clear()
        self.candidates.addItems([f"{n}. {name}" for n, name in enumerate(d.candidates, 1)])
        self.picks.clear()
        for n, p in enumerate(d.picks, 1):
            lines = [f"{n}. {p.school_name}" + (f" — {'、'.join(p.inspectors)}" if p.inspectors else "")]
            if p.visit_id is not None:
                lines.append(self.tr("Visit {day} · {notice} · {status}").format(
                    day=format_date(p.planned_on), notice=label(p.notice), status=label(p.status)))
            else:
                lines.append(self.tr("No visit on this laptop"))
            item = QListWidgetItem("\n".join(lines))
            item.setData(VISIT, p.visit_id)
            self.picks.addItem(item)
        self.audit_button.setEnabled(True)

    def audit(self) -> None:
        ws, pick_id = self.workspace, self.pick_id
        self.audit_button.setEnabled(False)
        run_op(self, lambda _t: random_picks.audit_random_pick(ws, pick_id), on_done=self._audited,
               on_error=lambda exc, _tb: self.audit_result.setText(error_text(exc)))

    def _audited(self, same: bool) -> None:
        self.audited = same
        self.audit_button.setEnabled(True)
        self.audit_result.setText(_verdict(same))

    def _open_visit(self, item: QListWidgetItem) -> None:
        if item.data(VISIT):
            self.open_visit.emit(item.data(VISIT))
