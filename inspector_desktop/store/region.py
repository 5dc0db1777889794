"""The region overview (督导室): every inspector and every school of a lead's region at a glance.

One snapshot, computed from what sync brought to the lead's laptop: this
month's visits against the routine cadence, the chain's open, overdue and
escalated rectifications, objections owed a reply, each inspector's duty
ledger (the 1:5 load, training towards 30 hours) and findings repeated year
after year. Aggregate queries in one Session; frozen, so it crosses to the UI
thread. Discreet mode's rule holds in the counts: an unannounced plan is not
counted until revealed (store/discretion.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import RectificationStatus, ResponseKind, VisitStatus
from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR, Load, TrainingProgress, inspector_load, training_progress
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.domain.schedule import RoutineDue, VisitDue, month_key
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.discretion import shown_visit
from inspector_desktop.store.duties import Remit, assigned_schools, completed_visit, laptop_remit, remit_schools, routine_by_school
from inspector_desktop.store.models import (
    FeedbackForm,
    Finding,
    Inspector,
    Rectification,
    School,
    SchoolAssignment,
    SchoolResponse,
    TrainingRecord,
    Visit,
)
from inspector_desktop.store.rules import active_rules

S = RectificationStatus


@dataclass(frozen=True)
class Figures:
    """The chain's and the calendar's counts, for one school or summed over an inspector's."""

    visits_done: int = 0  # completed this month
    visits_planned: int = 0  # still planned or under way this month; hidden plans only when revealed
    open_rectifications: int = 0  # open or reported, within their deadline
    overdue_rectifications: int = 0
    escalated_rectifications: int = 0
    objections_awaiting: int = 0  # objections not yet answered
    repeated_findings: int = 0  # indicators found wanting in more than one year

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))


def _values(f: Figures) -> tuple[int, ...]:
    return (f.visits_done, f.visits_planned, f.open_rectifications, f.overdue_rectifications,
            f.escalated_rectifications, f.objections_awaiting, f.repeated_findings)


@dataclass(frozen=True)
class SchoolFigures:
    school_id: str
    code: str
    name: str
    is_large: bool
    responsible: tuple[str, ...]  # inspector ids, in code order
    responsible_names: tuple[str, ...]
    routine: RoutineDue
    figures: Figures


@dataclass(frozen=True)
class InspectorFigures:
    inspector_id: str
    code: str
    name: str
    school_ids: tuple[str, ...]  # responsible schools of the region, in code order
    schools_on_cadence: int
    figures: Figures
    load: Load  # over every school the inspector answers for, in the region or not
    training: TrainingProgress
    training_expected_hours: float


@dataclass(frozen=True)
class RegionOverview:
    as_of: dt.date
    region: str  # "" for a provincial lead
    month: str  # "2026-12"
    inspectors: tuple[InspectorFigures, ...]  # by code
    schools: tuple[SchoolFigures, ...]  # by code
    totals: Figures

    @property
    def unassigned(self) -> tuple[SchoolFigures, ...]:
        return tuple(s for s in self.schools if not s.responsible)


def region_overview(ws: Workspace, today: dt.date, revealed: bool = False, remit: Remit | None = None) -> RegionOverview:
    """The overview of the lead's region on this laptop (``laptop_remit``), or of ``remit``."""
    remit = remit or laptop_remit(ws)
    region = remit.region if remit.region is not None else ""
    rules = active_rules(ws)
    month_start, year_start = today.replace(day=1), dt.date(today.year, 1, 1)
    month_end = (month_start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    with ws.read() as s:
        schools = remit_schools(s, Remit(remit.inspector_id, region), today)
        ids = list(schools)
        info = {r.id: r for r in s.execute(sa.select(School.id, School.code, School.name, School.is_large)
                                           .where(School.id.in_(ids)))}
        routine = routine_by_school(s, schools, today, rules, revealed)

        done = Counter(dict(s.execute(
            sa.select(Visit.school_id, sa.func.count())
            .where(completed_visit(), Visit.school_id.in_(ids), Visit.planned_on.between(month_start, today))
            .group_by(Visit.school_id)).all()))
        planned = Counter(dict(s.execute(
            sa.select(Visit.school_id, sa.func.count())
            .where(Visit.deleted.is_(False), Visit.status.in_([VisitStatus.PLANNED, VisitStatus.IN_PROGRESS]),
                   Visit.school_id.in_(ids), Visit.planned_on.between(month_start, month_end),
                   shown_visit(today, revealed))
            .group_by(Visit.school_id)).all()))

        chain: dict[str, Counter[RectificationStatus]] = {}
        for sid, status, deadline, n in s.execute(
                sa.select(Rectification.school_id, Rectification.status, Rectification.deadline, sa.func.count())
                .where(Rectification.deleted.is_(False), Rectification.school_id.in_(ids))
                .group_by(Rectification.school_id, Rectification.status, Rectification.deadline)):
            chain.setdefault(sid, Counter())[effective_status(status, deadline, today)] += n

        objections = Counter(dict(s.execute(
            sa.select(Visit.school_id, sa.func.count()).select_from(SchoolResponse)
            .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
            .join(Visit, Visit.id == FeedbackForm.visit_id)
            .where(SchoolResponse.deleted.is_(False), SchoolResponse.kind == ResponseKind.OBJECTION,
                   SchoolResponse.replied_on.is_(None), Visit.school_id.in_(ids))
            .group_by(Visit.school_id)).all()))

        year = sa.func.strftime("%Y", Visit.planned_on)
        repeated_pairs = (
            sa.select(Visit.school_id)
            .join(Finding, Finding.visit_id == Visit.id)
            .where(Finding.deleted.is_(False), Visit.deleted.is_(False), Visit.school_id.in_(ids))
            .group_by(Visit.school_id, Finding.category, Finding.indicator_id)
            .having(sa.func.count(sa.distinct(year)) > 1)
            .subquery())
        repeated = Counter(dict(s.execute(
            sa.select(repeated_pairs.c.school_id, sa.func.count()).group_by(repeated_pairs.c.school_id)).all()))

        # The region's inspectors: those answering for one of its schools, and its
        # other inspectors, who may have none yet (a lead only if they answer for one).
        responsible: dict[str, list[str]] = {}
        for sid, iid in s.execute(
                sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id)
                .join(Inspector, Inspector.id == SchoolAssignment.inspector_id)
                .where(SchoolAssignment.deleted.is_(False), SchoolAssignment.since <= today,
                       sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= today),
                       SchoolAssignment.school_id.in_(ids))
                .order_by(Inspector.code)):
            if iid not in responsible.setdefault(sid, []):
                responsible[sid].append(iid)
        people_query = sa.select(Inspector).where(Inspector.deleted.is_(False), sa.or_(
            Inspector.id.in_({i for v in responsible.values() for i in v}),
            sa.and_(Inspector.active.is_(True), Inspector.is_lead.is_(False),
                    (Inspector.region == region) if region else sa.true()))).order_by(Inspector.code)
        people = [(p.id, p.code, p.name) for p in s.scalars(people_query)]
        names = {iid: name for iid, _code, name in people}
        everyone = [iid for iid, _c, _n in people]
        load_of = {iid: inspector_load(s.scalars(sa.select(School.is_large)
                                                 .where(School.id.in_(assigned_schools(s, iid, today)))))
                   for iid in everyone}
        minutes: dict[str, list[int]] = {}
        for iid, m in s.execute(sa.select(TrainingRecord.inspector_id, TrainingRecord.minutes).where(
                TrainingRecord.inspector_id.in_(everyone), TrainingRecord.deleted.is_(False),
                TrainingRecord.attended_on.between(year_start, today))):
            minutes.setdefault(iid, []).append(m)

    def figures(sid: str) -> Figures:
        c = chain.get(sid, Counter())
        return Figures(done[sid], planned[sid], c[S.OPEN] + c[S.REPORTED], c[S.OVERDUE], c[S.ESCALATED],
                       objections[sid], repeated[sid])

    by_school = tuple(sorted(
        (SchoolFigures(sid, info[sid].code, info[sid].name, info[sid].is_large, tuple(responsible.get(sid, ())),
                       tuple(names.get(i, "") for i in responsible.get(sid, ())), routine[sid], figures(sid))
         for sid in ids),
        key=lambda f: f.code))
    year_days = (dt.date(today.year + 1, 1, 1) - year_start).days
    expected = round(TRAINING_HOURS_PER_YEAR * ((today - year_start).days + 1) / year_days, 1)
    by_inspector = []
    for iid, code, name in people:
        theirs = [f for f in by_school if iid in f.responsible]
        by_inspector.append(InspectorFigures(
            iid, code, name, tuple(f.school_id for f in theirs),
            sum(f.routine.state is not VisitDue.OVERDUE for f in theirs),
            sum((f.figures for f in theirs), Figures()), load_of[iid],
            training_progress(minutes.get(iid, [])), expected))
    return RegionOverview(today, region, month_key(today), tuple(by_inspector), by_school,
                          sum((f.figures for f in by_school), Figures()))
