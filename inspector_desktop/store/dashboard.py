"""The dashboard's chart data: the chain's statuses, late items by school, coverage, findings."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import Category, RectificationStatus
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.domain.schedule import last_months
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.duties import Who, completed_visit, remit_schools
from inspector_desktop.store.models import Finding, Rectification, School, Visit

S = RectificationStatus


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


def chart_data(ws: Workspace, today: dt.date, months: int = 12, inspector_id: Who = None) -> ChartData:
    """The four dashboard charts, for the inspector's schools (all, for None; a lead's
    region, for a lead's remit).

    Statuses are as of ``today``: an open item past its deadline counts as
    overdue even if no one has swept it yet. "Overdue" by school counts what is
    late and unrectified: overdue and escalated items.
    """
    window = last_months(today, months)
    start = dt.date.fromisoformat(f"{window[0]}-01")
    with ws.read() as s:
        schools = remit_schools(s, inspector_id, today)
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
            .where(completed_visit(), Visit.school_id.in_(schools), Visit.planned_on.between(start, today))
            .group_by(month, Visit.school_id)):
            visited[m].add(sid)
            counts[m] += n

        by_category = Counter(dict(s.execute(
            sa.select(Finding.category, sa.func.count()).join(Visit, Visit.id == Finding.visit_id)
            .where(Finding.deleted.is_(False), completed_visit(), Visit.school_id.in_(schools),
                   Visit.planned_on.between(start, today))
            .group_by(Finding.category)).all()))

    return ChartData(
        as_of=today,
        rectification_status=tuple((st, status[st]) for st in RectificationStatus),
        overdue_by_school=tuple(sorted(late.items(), key=lambda kv: (-kv[1], kv[0]))),
        coverage_by_month=tuple(MonthCoverage(m, len(visited[m]), len(schools), counts[m]) for m in window),
        findings_by_category=tuple((c, by_category[c]) for c in Category),
    )
