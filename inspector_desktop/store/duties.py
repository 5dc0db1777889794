"""The duty ledger (履职台账): an inspector's schools, visit cadence, load and training.

Reads in one Session with aggregate queries (a workspace may hold 100 000
visits) and returns frozen snapshots that can cross to the UI thread. The
inspector's assigned schools and their routine-visit cadence are worked out
here, and Today and the dashboard ask for them too; so is the one rule saying
whose schools those pages cover on this laptop (``laptop_remit``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import VisitStatus
from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR, Load, TrainingProgress, inspector_load, training_progress
from inspector_desktop.domain.rules import RuleSet
from inspector_desktop.domain.schedule import RoutineDue, VisitDue, month_key, routine_due
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.discretion import shown_visit
from inspector_desktop.store.models import Inspector, School, SchoolAssignment, TrainingRecord, Visit
from inspector_desktop.store.profile import CURRENT_INSPECTOR, current_inspector_id
from inspector_desktop.store.roles import roles
from inspector_desktop.store.rules import active_rules


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
    responsible: tuple[str, ...] = ()  # the inspectors responsible today, by name


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
    region: str | None = None  # a lead's ledger: ``schools`` are the region's; load and training stay the lead's

    @property
    def schools_on_cadence(self) -> int:
        return sum(c.routine.state is not VisitDue.OVERDUE for c in self.schools)


# ---------------------------------------------------------------- whose schools


@dataclass(frozen=True)
class Remit:
    """The schools a page covers: an inspector's own, or a lead's whole region."""

    inspector_id: str | None  # the laptop's inspector: the ledger's load and training are theirs
    region: str | None = None  # a lead's region: its every school held here ("" for a provincial lead)


Who = Remit | str | None  # a remit, an inspector's id, or None for every school held here


def as_remit(who: Who) -> Remit:
    return who if isinstance(who, Remit) else Remit(who)


def laptop_remit(ws: Workspace) -> Remit:
    """The one rule: a lead's Today, Dashboard and ledger cover the region, an inspector's their schools.

    The lead's region is their own inspector record's; a school's region is its
    district, matched as the office's server matches them (server/scope.py), so
    the lead's pages cover exactly what sync brought for the region.
    """
    me = current_inspector_id(ws)
    if not roles(ws).is_lead:
        return Remit(me)
    with ws.read() as s:
        region = s.scalar(sa.select(Inspector.region).where(Inspector.id == me)) if me else None
    return Remit(me, (region or "").strip())


def remit_schools(s: Session, who: Who, today: dt.date) -> dict[str, dt.date]:
    """The remit's schools today -> since when someone has been responsible for them."""
    remit = as_remit(who)
    if remit.region is None:
        return assigned_schools(s, remit.inspector_id, today)
    query = sa.select(School.id).where(School.deleted.is_(False))
    if remit.region:
        query = query.where(School.district == remit.region)
    ids = list(s.scalars(query))
    since = dict(s.execute(_active_assignments(today, sa.func.min(SchoolAssignment.since))
                           .where(SchoolAssignment.school_id.in_(ids)).group_by(SchoolAssignment.school_id)).all())
    # A school no one has taken on is as late as one never visited: no one is watching it.
    return {sid: since.get(sid, dt.date.min) for sid in ids}


def responsible_names(s: Session, school_ids: Iterable[str], today: dt.date) -> dict[str, tuple[str, ...]]:
    """Each school's responsible inspectors today, by name."""
    out: dict[str, list[str]] = {}
    for sid, name in s.execute(_active_assignments(today, Inspector.name)
                               .join(Inspector, Inspector.id == SchoolAssignment.inspector_id)
                               .where(SchoolAssignment.school_id.in_(list(school_ids)))
                               .order_by(Inspector.code)):
        out.setdefault(sid, []).append(name)
    return {sid: tuple(dict.fromkeys(names)) for sid, names in out.items()}


def _active_assignments(today: dt.date, column: Any) -> sa.Select[Any]:
    return sa.select(SchoolAssignment.school_id, column).where(
        SchoolAssignment.deleted.is_(False), SchoolAssignment.since <= today,
        sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= today))


# ---------------------------------------------------------------- scope and visits


def _current(ws: Workspace, inspector_id: str | None) -> str:
    found = inspector_id or current_inspector_id(ws)
    if not found:
        raise ValueError(f"no inspector: pass inspector_id or set {CURRENT_INSPECTOR}")
    return found


def assigned_schools(s: Session, inspector_id: str | None, today: dt.date) -> dict[str, dt.date]:
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


def completed_visit():  # type: ignore[no-untyped-def]
    """The condition for a visit that counts: live and completed (a cancelled one is not a visit)."""
    return sa.and_(Visit.deleted.is_(False), Visit.status == VisitStatus.COMPLETED)


def routine_by_school(s: Session, schools: dict[str, dt.date], today: dt.date, rules: RuleSet,
                      revealed: bool = False) -> dict[str, RoutineDue]:
    """Each school's cadence; a hidden plan does not make its school "booked" unless revealed."""
    # One lookup per school, each a walk down ix_visit_school_status_planned_on that stops
    # at its first live row: a school holds thousands of visits, the answer is one date.
    def per_school(column: Any, *where: Any) -> Any:
        return sa.select(column).where(Visit.school_id == School.id, *where).scalar_subquery()

    last_done = per_school(sa.func.max(Visit.planned_on), completed_visit(), Visit.planned_on <= today)
    next_booked = per_school(sa.func.min(Visit.planned_on), Visit.deleted.is_(False),
                             Visit.status == VisitStatus.PLANNED, Visit.planned_on >= today,
                             shown_visit(today, revealed))
    last, booked = {}, {}
    for sid, done, planned in s.execute(sa.select(School.id, last_done, next_booked)
                                        .where(School.id.in_(list(schools)))):
        last[sid], booked[sid] = done, planned
    return {
        sid: routine_due(last.get(sid), booked.get(sid), since, today,
                         every_months=rules.routine_every_months, due_soon_days=rules.routine_due_soon_days)
        for sid, since in schools.items()
    }


# ---------------------------------------------------------------- the duty ledger


def duty_ledger(ws: Workspace, today: dt.date, inspector_id: Who = None, revealed: bool = False) -> DutyLedger:
    """The inspector's ledger; for a lead's remit, the region's schools beside the lead's own load and training."""
    remit = as_remit(inspector_id)
    inspector_id = _current(ws, remit.inspector_id)
    rules = active_rules(ws)
    year_start = dt.date(today.year, 1, 1)
    with ws.read() as s:
        inspector = s.get(Inspector, inspector_id)
        if inspector is None:
            raise ValueError(f"no such inspector: {inspector_id}")
        own = assigned_schools(s, inspector_id, today)
        schools = own if remit.region is None else remit_schools(s, remit, today)
        responsible = responsible_names(s, schools, today)
        own_large = list(s.scalars(sa.select(School.is_large).where(School.id.in_(own))))
        info = {r.id: r for r in s.execute(sa.select(School.id, School.code, School.name, School.is_large)
                                           .where(School.id.in_(schools)))}
        # Counted per day in SQL: a school may hold thousands of visits this year, on a few hundred days.
        visits_on: dict[str, dict[dt.date, int]] = {}
        for sid, day, count in s.execute(
                sa.select(Visit.school_id, Visit.planned_on, sa.func.count())
                .where(completed_visit(), Visit.school_id.in_(schools), Visit.planned_on.between(year_start, today))
                .group_by(Visit.school_id, Visit.planned_on)):
            visits_on.setdefault(sid, {})[day] = count
        routine = routine_by_school(s, schools, today, rules, revealed)
        minutes = s.scalars(sa.select(TrainingRecord.minutes).where(
            TrainingRecord.inspector_id == inspector_id, TrainingRecord.deleted.is_(False),
            TrainingRecord.attended_on.between(year_start, today))).all()
        name = inspector.name

    coverage = tuple(sorted(
        (SchoolCoverage(sid, info[sid].code, info[sid].name, info[sid].is_large, sum(visits_on.get(sid, {}).values()),
                        tuple(sorted({month_key(d) for d in visits_on.get(sid, {})})), routine[sid],
                        responsible.get(sid, ()))
         for sid in schools),
        key=lambda c: c.code,
    ))
    load = inspector_load(own_large)
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
    return DutyLedger(inspector_id, name, today, coverage, load, training, round(expected, 1), tuple(alerts),
                      remit.region)
