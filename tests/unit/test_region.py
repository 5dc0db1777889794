"""The region a lead covers: one rule (duties.laptop_remit) for Today, the dashboard and
the ledger, and the overview's figures checked against a plain recount of the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, RectificationStatus, ResponseKind, Scope, Stage, VisitStatus
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.store import dashboard, duties, profile
from inspector_desktop.store.models import (
    FeedbackForm,
    Finding,
    Inspector,
    Rectification,
    School,
    SchoolAssignment,
    SchoolResponse,
    Visit,
)
from inspector_desktop.store.region import region_overview
from inspector_desktop.store.roles import INSPECTOR, LEAD, set_roles
from inspector_desktop.store.today import today_items

T = dt.date(2026, 11, 22)
REGION = "青山湖区"  # the demo's district of all its schools but one (桃花镇)


def sign_in_as_lead(ws) -> str:
    me = profile.current_inspector_id(ws)
    with ws.write() as s:
        s.get(Inspector, me).region = REGION
    set_roles(ws, [LEAD])
    return me


def region_ids(ws) -> set[str]:
    with ws.read() as s:
        return set(s.scalars(sa.select(School.id).where(School.district == REGION, School.deleted.is_(False))))


def test_an_inspectors_pages_cover_their_own_schools(demo_workspace):
    ws = demo_workspace
    me = profile.current_inspector_id(ws)
    for names in ([], [INSPECTOR]):  # working alone, or signed in as an inspector
        if names:
            set_roles(ws, names)
        assert duties.laptop_remit(ws) == duties.Remit(me)
        assert today_items(ws, T, duties.laptop_remit(ws)) == today_items(ws, T, me)
        assert duties.duty_ledger(ws, T, duties.laptop_remit(ws)) == duties.duty_ledger(ws, T, me)
        assert dashboard.chart_data(ws, T, inspector_id=duties.laptop_remit(ws)) == dashboard.chart_data(ws, T, inspector_id=me)


def test_a_leads_today_dashboard_and_ledger_cover_the_region(demo_workspace):
    ws = demo_workspace
    me = sign_in_as_lead(ws)
    remit = duties.laptop_remit(ws)
    assert remit == duties.Remit(me, REGION)
    region = region_ids(ws)
    with ws.read() as s:
        theirs = {sid for sid, iid in s.execute(sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id))
                  if iid != me} & region
    assert theirs  # the colleague's schools are in the region too

    items = today_items(ws, T, remit)
    assert items.region == REGION
    seen = {d.school_id for d in items.deadlines} | {v.school_id for v in items.visits}
    assert seen <= region and seen & theirs  # the colleague's deadlines are on the lead's Today
    assert all(d.responsible for d in items.deadlines)

    ledger = duties.duty_ledger(ws, T, remit)
    assert {c.school_id for c in ledger.schools} == region
    assert ledger.load == duties.duty_ledger(ws, T, me).load  # the lead's own load, not the region's
    with ws.read() as s:
        late = sum(effective_status(st, d, T) in (RectificationStatus.OVERDUE, RectificationStatus.ESCALATED)
                   for st, d in s.execute(sa.select(Rectification.status, Rectification.deadline)
                                          .where(Rectification.deleted.is_(False), Rectification.school_id.in_(region))))
    charts = dashboard.chart_data(ws, T, inspector_id=remit)
    assert sum(n for _name, n in charts.overdue_by_school) == late


def test_the_overview_agrees_with_a_recount(demo_workspace):
    ws = demo_workspace
    sign_in_as_lead(ws)
    today = T
    overview = region_overview(ws, today)
    region = region_ids(ws)
    assert {f.school_id for f in overview.schools} == region

    month_start = today.replace(day=1)
    with ws.read() as s:
        visits = s.execute(sa.select(Visit.school_id, Visit.status, Visit.planned_on, Visit.notice)
                           .where(Visit.deleted.is_(False))).all()
        rects = s.execute(sa.select(Rectification.school_id, Rectification.status, Rectification.deadline)
                          .where(Rectification.deleted.is_(False))).all()
        objections = s.execute(sa.select(Visit.school_id).join(FeedbackForm, FeedbackForm.visit_id == Visit.id)
                               .join(SchoolResponse, SchoolResponse.form_id == FeedbackForm.id)
                               .where(SchoolResponse.kind == ResponseKind.OBJECTION, SchoolResponse.replied_on.is_(None),
                                      SchoolResponse.deleted.is_(False))).scalars().all()
        found = s.execute(sa.select(Visit.school_id, Finding.category, Finding.indicator_id, Visit.planned_on)
                          .join(Finding, Finding.visit_id == Visit.id)
                          .where(Finding.deleted.is_(False), Visit.deleted.is_(False))).all()
    done = Counter(sid for sid, st, day, _n in visits if st == VisitStatus.COMPLETED and month_start <= day <= today)
    planned = Counter(sid for sid, st, day, notice in visits
                      if st in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS) and (day.year, day.month) == (today.year, today.month)
                      and not (notice == Notice.UNANNOUNCED and st == VisitStatus.PLANNED and day >= today))
    status = Counter((sid, effective_status(st, d, today)) for sid, st, d in rects)
    years: dict[tuple, set[int]] = {}
    for sid, cat, ind, day in found:
        years.setdefault((sid, cat, ind), set()).add(day.year)
    repeated = Counter(k[0] for k, ys in years.items() if len(ys) > 1)
    waiting = Counter(objections)

    for f in overview.schools:
        sid, got = f.school_id, f.figures
        assert got.visits_done == done[sid] and got.visits_planned == planned[sid]
        assert got.open_rectifications == status[sid, RectificationStatus.OPEN] + status[sid, RectificationStatus.REPORTED]
        assert got.overdue_rectifications == status[sid, RectificationStatus.OVERDUE]
        assert got.escalated_rectifications == status[sid, RectificationStatus.ESCALATED]
        assert got.objections_awaiting == waiting[sid] and got.repeated_findings == repeated[sid]
    assert sum(f.figures.overdue_rectifications for f in overview.schools) == overview.totals.overdue_rectifications
    # Each inspector's figures are their schools' figures summed.
    for person in overview.inspectors:
        mine = [f for f in overview.schools if person.inspector_id in f.responsible]
        assert person.figures.overdue_rectifications == sum(f.figures.overdue_rectifications for f in mine)
        assert person.schools_on_cadence <= len(person.school_ids) == len(mine)
    assert any(p.school_ids for p in overview.inspectors)


def test_a_hidden_plan_is_not_counted_until_revealed(demo_workspace):
    ws = demo_workspace
    sign_in_as_lead(ws)
    sid = sorted(region_ids(ws))[0]
    day = T + dt.timedelta(days=2)
    before = region_overview(ws, T).schools
    with ws.write() as s:
        s.add(Visit(school_id=sid, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                    notice=Notice.UNANNOUNCED, status=VisitStatus.PLANNED, planned_on=day))
    assert region_overview(ws, T).schools == before
    shown = {f.school_id: f.figures.visits_planned for f in region_overview(ws, T, revealed=True).schools}
    assert shown[sid] == {f.school_id: f.figures.visits_planned for f in before}[sid] + 1
