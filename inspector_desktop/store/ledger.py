"""The duty ledger, the Today page's due items and the dashboards' chart data.

Each function reads in one Session with aggregate queries (a workspace may hold
100 000 visits) and returns frozen snapshots that can cross to the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import Category, EscalationKind, RectificationStatus, ResponseKind, VisitStatus
from inspector_desktop.domain import chain
from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR, Load, TrainingProgress, inspector_load, training_progress
from inspector_desktop.domain.rectification import days_left, effective_status
from inspector_desktop.domain.rules import RuleSet
from inspector_desktop.domain.schedule import RoutineDue, VisitDue, last_months, month_key, routine_due
from inspector_desktop.store.chain import active_rules
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Escalation,
    FeedbackForm,
    Finding,
    Inspector,
    Rectification,
    Requirement,
    School,
    SchoolAssignment,
    SchoolResponse,
    TrainingRecord,
    Visit,
)

S = RectificationStatus


@dataclass(frozen=True)
class Alert:
    code: str  # stable; ui/ words it: ledger.visit_overdue, ledger.over_ratio, ledger.training_behind
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SchoolCoverage:
    school_id: str
    code: str
    name: str
    is_large: bool
    visits_this_year: int
    months_visited: tuple[str, ...]  # "2026-03", … this year
    routine: RoutineDue


@dataclass(frozen=True)
class DutyLedger:
    inspector_id: str
    inspector_name: str
    as_of: dt.date
    schools: tuple[SchoolCoverage, ...]
    load: Load
    training: TrainingProgress
    training_expected_hours: float  # pro rata by today: 30 h spread over the year
    alerts: tuple[Alert, ...]

    @property
    def schools_on_cadence(self) -> int:
        return sum(c.routine.state is not VisitDue.OVERDUE for c in self.schools)


# ---------------------------------------------------------------- scope and visits


def _current(ws: Workspace, inspector_id: str | None) -> str:
    found = inspector_id or ws.setting("current_inspector_id")
    if not found:
        raise ValueError("no inspector: pass inspector_id or set current_inspector_id")
    return found


def _assignments(s: Session, inspector_id: str | None, today: dt.date) -> dict[str, dt.date]:
    """Responsible schools today -> since when; every school when no inspector is given."""
    if inspector_id is None:
        return {sid: dt.date.min for sid in s.scalars(sa.select(School.id).where(School.deleted.is_(False)))}
    rows = s.execute(
        sa.select(SchoolAssignment.school_id, sa.func.min(SchoolAssignment.since))
        .where(SchoolAssignment.inspector_id == inspector_id, SchoolAssignment.deleted.is_(False),
               SchoolAssignment.since <= today,
               sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= today))
        .group_by(SchoolAssignment.school_id)
    ).all()
    return dict(rows)  # type: ignore[arg-type]


def _live_visits():  # type: ignore[no-untyped-def]
    return sa.and_(Visit.deleted.is_(False), Visit.status == VisitStatus.COMPLETED)


def _routine(s: Session, schools: dict[str, dt.date], today: dt.date, rules: RuleSet) -> dict[str, RoutineDue]:
    last = dict(s.execute(sa.select(Visit.school_id, sa.func.max(Visit.planned_on))
                          .where(_live_visits(), Visit.planned_on <= today, Visit.school_id.in_(schools))
                          .group_by(Visit.school_id)).all())
    booked = dict(s.execute(sa.select(Visit.school_id, sa.func.min(Visit.planned_on))
                            .where(Visit.deleted.is_(False), Visit.status == VisitStatus.PLANNED,
                                   Visit.planned_on >= today, Visit.school_id.in_(schools))
                            .group_by(Visit.school_id)).all())
    return {
        sid: routine_due(last.get(sid), booked.get(sid), since, today,
                         rules.routine_every_months, rules.routine_due_soon_days)
        for sid, since in schools.items()
    }


# ---------------------------------------------------------------- the duty ledger


def duty_ledger(ws: Workspace, today: dt.date, inspector_id: str | None = None) -> DutyLedger:
    inspector_id = _current(ws, inspector_id)
    rules = active_rules(ws)
    year_start = dt.date(today.year, 1, 1)
    with ws.read() as s:
        inspector = s.get(Inspector, inspector_id)
        if inspector is None:
            raise ValueError(f"no such inspector: {inspector_id}")
        schools = _assignments(s, inspector_id, today)
        info = {r.id: r for r in s.execute(sa.select(School.id, School.code, School.name, School.is_large)
                                           .where(School.id.in_(schools)))}
        visit_days: dict[str, list[dt.date]] = {}
        for sid, day in s.execute(sa.select(Visit.school_id, Visit.planned_on).where(
                _live_visits(), Visit.school_id.in_(schools), Visit.planned_on.between(year_start, today))):
            visit_days.setdefault(sid, []).append(day)
        routine = _routine(s, schools, today, rules)
        minutes = s.scalars(sa.select(TrainingRecord.minutes).where(
            TrainingRecord.inspector_id == inspector_id, TrainingRecord.deleted.is_(False),
            TrainingRecord.attended_on.between(year_start, today))).all()
        name = inspector.name

    coverage = tuple(sorted(
        (SchoolCoverage(sid, info[sid].code, info[sid].name, info[sid].is_large, len(visit_days.get(sid, [])),
                        tuple(sorted({month_key(d) for d in visit_days.get(sid, [])})), routine[sid])
         for sid in schools),
        key=lambda c: c.code,
    ))
    load = inspector_load(c.is_large for c in coverage)
    training = training_progress(minutes)
    year_days = (dt.date(today.year + 1, 1, 1) - year_start).days
    expected = TRAINING_HOURS_PER_YEAR * ((today - year_start).days + 1) / year_days

    alerts = [Alert("ledger.visit_overdue", {"school": c.name, "due_on": c.routine.due_on.isoformat()})
              for c in coverage if c.routine.state is VisitDue.OVERDUE]
    if load.over_ratio:
        alerts.append(Alert("ledger.over_ratio", {"schools": load.schools, "percent": load.percent}))
    if not training.complete and training.hours < expected:
        alerts.append(Alert("ledger.training_behind", {"hours": round(training.hours, 1),
                                                       "expected": round(expected, 1)}))
    return DutyLedger(inspector_id, name, today, coverage, load, training, round(expected, 1), tuple(alerts))


# ---------------------------------------------------------------- Today


@dataclass(frozen=True)
class DueVisit:
    school_id: str
    school_name: str
    routine: RoutineDue


@dataclass(frozen=True)
class DeadlineItem:
    rectification_id: str
    school_id: str
    school_name: str
    form_number: str
    requirement: str
    deadline: dt.date
    days_left: int  # negative once passed
    status: RectificationStatus  # as of today: an open item past its deadline shows overdue
    escalation_prompt: EscalationKind | None


@dataclass(frozen=True)
class ObjectionDue:
    response_id: str
    form_number: str
    school_name: str
    reply_deadline: dt.date
    days_left: int


@dataclass(frozen=True)
class TodayItems:
    as_of: dt.date
    visits: tuple[DueVisit, ...]
    deadlines: tuple[DeadlineItem, ...]
    objections: tuple[ObjectionDue, ...]


def today_items(ws: Workspace, today: dt.date, inspector_id: str | None = None) -> TodayItems:
    """Routine visits due or overdue, rectification deadlines approaching or passed,
    objections awaiting a reply: for the inspector's schools (all, for None)."""
    rules = active_rules(ws)
    with ws.read() as s:
        schools = _assignments(s, inspector_id, today)
        names = dict(s.execute(sa.select(School.id, School.name).where(School.id.in_(schools))).all())
        routine = _routine(s, schools, today, rules)
        visits = tuple(sorted(
            (DueVisit(sid, names[sid], r) for sid, r in routine.items()
             if r.state in (VisitDue.DUE_SOON, VisitDue.OVERDUE)),
            key=lambda v: (v.routine.due_on, v.school_name)))

        horizon = today + dt.timedelta(days=rules.deadline_warning_days)
        rows = s.execute(
            sa.select(Rectification.id, Rectification.school_id, Rectification.status, Rectification.deadline,
                      Requirement.text, FeedbackForm.number)
            .join(Requirement, Requirement.id == Rectification.requirement_id)
            .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
            .where(Rectification.deleted.is_(False), Rectification.school_id.in_(schools),
                   Rectification.status.in_([S.OPEN, S.OVERDUE, S.ESCALATED]),
                   sa.or_(Rectification.status != S.OPEN, Rectification.deadline <= horizon))
        ).all()
        steps = _steps(s, [r.id for r in rows])
        deadlines = []
        for r in rows:
            state = chain.ChainState(r.status, r.deadline, steps.get(r.id, ()))
            prompt = chain.escalation_prompt(state, today)
            if r.status is S.ESCALATED and prompt is None:
                continue  # the school is inside the time an escalation step gave it
            deadlines.append(DeadlineItem(r.id, r.school_id, names[r.school_id], r.number, r.text, r.deadline,
                                          days_left(r.deadline, today), effective_status(r.status, r.deadline, today),
                                          prompt))
        objections = tuple(
            ObjectionDue(r.id, r.number, names.get(r.school_id, ""), r.reply_deadline, days_left(r.reply_deadline, today))
            for r in s.execute(
                sa.select(SchoolResponse.id, SchoolResponse.reply_deadline, FeedbackForm.number, Visit.school_id)
                .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
                .join(Visit, Visit.id == FeedbackForm.visit_id)
                .where(SchoolResponse.deleted.is_(False), SchoolResponse.kind == ResponseKind.OBJECTION,
                       SchoolResponse.replied_on.is_(None), Visit.school_id.in_(schools))
                .order_by(SchoolResponse.reply_deadline))
        )
    return TodayItems(today, visits, tuple(sorted(deadlines, key=lambda d: (d.deadline, d.school_name))), objections)


def _steps(s: Session, rect_ids: list[str]) -> dict[str, tuple[EscalationKind, ...]]:
    out: dict[str, list[EscalationKind]] = {}
    for rid, kind in s.execute(
        sa.select(Escalation.rectification_id, Escalation.kind)
        .where(Escalation.rectification_id.in_(rect_ids), Escalation.deleted.is_(False),
               Escalation.kind != EscalationKind.INCENTIVE)
        .order_by(Escalation.decided_on, Escalation.created_at)):
        out.setdefault(rid, []).append(kind)
    return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------- chart data


@dataclass(frozen=True)
class MonthCoverage:
    month: str  # "2026-11"
    schools_visited: int
    schools: int
    visits: int


@dataclass(frozen=True)
class ChartData:
    as_of: dt.date
    rectification_status: tuple[tuple[RectificationStatus, int], ...]  # every status, in lifecycle order
    overdue_by_school: tuple[tuple[str, int], ...]  # school name, items; most first
    coverage_by_month: tuple[MonthCoverage, ...]  # oldest first
    findings_by_category: tuple[tuple[Category, int], ...]  # every category, in checklist order


def chart_data(ws: Workspace, today: dt.date, months: int = 12, inspector_id: str | None = None) -> ChartData:
    """The four dashboard charts, for the inspector's schools (all, for None).

    Statuses are as of ``today``: an open item past its deadline counts as
    overdue even if no one has swept it yet. "Overdue" by school counts what is
    late and unrectified: overdue and escalated items.
    """
    window = last_months(today, months)
    start = dt.date.fromisoformat(f"{window[0]}-01")
    with ws.read() as s:
        schools = _assignments(s, inspector_id, today)
        names = dict(s.execute(sa.select(School.id, School.name).where(School.id.in_(schools))).all())
        status: Counter[RectificationStatus] = Counter()
        late: Counter[str] = Counter()
        for sid, st, deadline, n in s.execute(
            sa.select(Rectification.school_id, Rectification.status, Rectification.deadline, sa.func.count())
            .where(Rectification.deleted.is_(False), Rectification.school_id.in_(schools))
            .group_by(Rectification.school_id, Rectification.status, Rectification.deadline)):
            now = effective_status(st, deadline, today)
            status[now] += n
            if now in (S.OVERDUE, S.ESCALATED):
                late[names[sid]] += n

        visited: dict[str, set[str]] = {m: set() for m in window}
        counts: Counter[str] = Counter()
        month = sa.func.strftime("%Y-%m", Visit.planned_on)
        for m, sid, n in s.execute(
            sa.select(month, Visit.school_id, sa.func.count())
            .where(_live_visits(), Visit.school_id.in_(schools), Visit.planned_on.between(start, today))
            .group_by(month, Visit.school_id)):
            visited[m].add(sid)
            counts[m] += n

        by_category = Counter(dict(s.execute(
            sa.select(Finding.category, sa.func.count()).join(Visit, Visit.id == Finding.visit_id)
            .where(Finding.deleted.is_(False), _live_visits(), Visit.school_id.in_(schools),
                   Visit.planned_on.between(start, today))
            .group_by(Finding.category)).all()))

    return ChartData(
        as_of=today,
        rectification_status=tuple((st, status[st]) for st in RectificationStatus),
        overdue_by_school=tuple(sorted(late.items(), key=lambda kv: (-kv[1], kv[0]))),
        coverage_by_month=tuple(MonthCoverage(m, len(visited[m]), len(schools), counts[m]) for m in window),
        findings_by_category=tuple((c, by_category[c]) for c in Category),
    )
