"""Today's and the duty ledger's figures, checked against a plain recount of every record.

Their queries are shaped for 100 000 visits (one index walk per school, counts in
SQL); whatever shape they take, they must give the answers a reader counting
every visit and rectification by hand would give: for an inspector and for a
lead, with hidden plans shown or not, deleted and cancelled visits left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, RectificationStatus, Scope, Stage, VisitStatus
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.domain.schedule import VisitDue, month_key, routine_due
from inspector_desktop.store import duties
from inspector_desktop.store.models import Finding, Rectification, School, SchoolAssignment, Visit
from inspector_desktop.store.rules import active_rules
from inspector_desktop.store.today import due_soon_until, today_items, today_summary
from tests.unit.test_region import sign_in_as_lead

T = dt.date(2026, 11, 22)
S = RectificationStatus


def seed_tricky_visits(ws) -> None:
    """At each school: a newer completed visit that was deleted, a cancelled one, a hidden
    unannounced plan before any announced one, and a deleted plan before both."""
    with ws.read() as s:
        schools = sorted(set(s.scalars(sa.select(SchoolAssignment.school_id))))
    with ws.write() as s:
        for n, sid in enumerate(schools):
            def visit(status, day, notice=Notice.ANNOUNCED, deleted=False, sid=sid):
                s.add(Visit(school_id=sid, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                            notice=notice, status=status, planned_on=day, deleted=deleted))
            visit(VisitStatus.COMPLETED, T - dt.timedelta(days=1), deleted=True)
            visit(VisitStatus.CANCELLED, T - dt.timedelta(days=2))
            visit(VisitStatus.PLANNED, T + dt.timedelta(days=1), deleted=True)
            visit(VisitStatus.PLANNED, T + dt.timedelta(days=2 + n % 3), notice=Notice.UNANNOUNCED)
            if n % 2:
                visit(VisitStatus.PLANNED, T + dt.timedelta(days=20))


def recount_routine(ws, schools: dict[str, dt.date], today: dt.date, revealed: bool):
    rules = active_rules(ws)
    with ws.read() as s:
        visits = s.execute(sa.select(Visit.school_id, Visit.status, Visit.planned_on, Visit.notice, Visit.deleted)).all()
    last: dict[str, dt.date] = {}
    booked: dict[str, dt.date] = {}
    days: dict[str, list[dt.date]] = {}
    for sid, status, day, notice, deleted in visits:
        if deleted or sid not in schools:
            continue
        if status is VisitStatus.COMPLETED and day <= today:
            last[sid] = max(last.get(sid, day), day)
            if day.year == today.year:
                days.setdefault(sid, []).append(day)
        hidden = notice is Notice.UNANNOUNCED and status is VisitStatus.PLANNED and day >= today
        if status is VisitStatus.PLANNED and day >= today and (revealed or not hidden):
            booked[sid] = min(booked.get(sid, day), day)
    routine = {sid: routine_due(last.get(sid), booked.get(sid), since, today, every_months=rules.routine_every_months,
                                due_soon_days=rules.routine_due_soon_days)
               for sid, since in schools.items()}
    return routine, days


@pytest.mark.parametrize("as_lead", [False, True])
def test_today_and_the_ledger_agree_with_a_recount(demo_workspace, as_lead):
    ws = demo_workspace
    seed_tricky_visits(ws)
    if as_lead:
        sign_in_as_lead(ws)
    remit = duties.laptop_remit(ws)
    for today in (T, T + dt.timedelta(days=3), dt.date(2027, 2, 1)):
        with ws.read() as s:
            schools = duties.remit_schools(s, remit, today)
        assert len(schools) > 1
        for revealed in (False, True):
            routine, days = recount_routine(ws, schools, today, revealed)
            ledger = duties.duty_ledger(ws, today, remit, revealed)
            assert {c.school_id: c.routine for c in ledger.schools} == routine
            assert {c.school_id: c.visits_this_year for c in ledger.schools} == {
                sid: len(days.get(sid, [])) for sid in schools}
            assert {c.school_id: c.months_visited for c in ledger.schools} == {
                sid: tuple(sorted({month_key(d) for d in days.get(sid, [])})) for sid in schools}
            items = today_items(ws, today, remit, revealed)
            assert sorted((v.school_id, v.routine) for v in items.visits) == sorted(
                (sid, r) for sid, r in routine.items() if r.state in (VisitDue.DUE_SOON, VisitDue.OVERDUE))
    # The hidden plans matter here: some school is booked only when they are shown.
    with ws.read() as s:
        schools = duties.remit_schools(s, remit, T)
    assert recount_routine(ws, schools, T, False)[0] != recount_routine(ws, schools, T, True)[0]


def test_todays_rectification_counts_agree_with_a_recount(demo_workspace):
    ws = demo_workspace
    with ws.read() as s:
        # One deleted item that would count if it were not deleted.
        gone = s.scalar(sa.select(Rectification.id).where(Rectification.status == S.OPEN).limit(1))
    with ws.write() as s:
        s.get(Rectification, gone).deleted = True
    with ws.read() as s:
        rects = s.execute(sa.select(Rectification.status, Rectification.deadline)
                          .where(Rectification.deleted.is_(False))).all()
    seen = set()
    for today in (T - dt.timedelta(days=30), T, T + dt.timedelta(days=10), dt.date(2027, 3, 1)):
        soon = due_soon_until(today, active_rules(ws))
        summary = today_summary(ws, today)
        overdue = sum(effective_status(st, d, today) is S.OVERDUE for st, d in rects)
        due_soon = sum(effective_status(st, d, today) is S.OPEN and today <= d <= soon for st, d in rects)
        assert (summary.overdue_rectifications, summary.due_soon_rectifications) == (overdue, due_soon)
        seen.add(bool(due_soon))
    assert overdue > 0 and seen == {False, True}


@pytest.mark.parametrize("revealed", [False, True])
def test_todays_visits_agree_with_a_recount(demo_workspace, revealed):
    ws = demo_workspace
    seed_tricky_visits(ws)
    summary = today_summary(ws, T, revealed)
    end = T + dt.timedelta(days=14)
    with ws.read() as s:
        visits = s.execute(sa.select(Visit.id, Visit.status, Visit.planned_on, Visit.notice, Visit.deleted,
                                     School.name, sa.literal_column("visit.rowid"))
                           .join(School, School.id == Visit.school_id)).all()
        findings = Counter(s.scalars(sa.select(Finding.visit_id).where(Finding.deleted.is_(False))))
    due = sorted((v for v in visits if not v.deleted and T <= v.planned_on <= end
                  and v.status in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS)), key=lambda v: (v.planned_on, v[-1]))
    hidden = [v for v in due if not revealed and v.notice is Notice.UNANNOUNCED and v.status is VisitStatus.PLANNED]
    plain = [v for v in due if v not in hidden]
    assert hidden or revealed

    def shown(rows):
        return [(r.id, r.hidden, r.school_name, r.planned_on, r.findings) for r in rows]

    assert shown(summary.visits_today) == [(v.id, False, v.name, v.planned_on, findings[v.id])
                                           for v in plain if v.planned_on == T]
    assert shown(summary.upcoming) == (
        [(v.id, True, "", None, findings[v.id]) for v in sorted(hidden, key=lambda v: v[-1])]
        + [(v.id, False, v.name, v.planned_on, findings[v.id]) for v in plain if v.planned_on != T])
