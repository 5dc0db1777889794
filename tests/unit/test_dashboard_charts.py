"""The dashboard's chart data: on a small hand-built workspace, and on the demo data
checked against a plain recount."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from inspector_desktop.domain import Category, EscalationKind, RectificationStatus, VisitStatus
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.store import rectifications, roles
from inspector_desktop.store.dashboard import chart_data
from inspector_desktop.store.models import Finding, Rectification, School, Visit
from tests.unit.test_rectifications import build_case

S = RectificationStatus
T = dt.date(2026, 11, 22)


def test_chart_data_on_a_small_workspace(workspace):
    a = build_case(workspace, school_code="QSH-001", visited_on=dt.date(2026, 10, 5))
    b = build_case(workspace, school_code="QSH-002", visited_on=dt.date(2026, 11, 2), inspector_id=a.inspector)
    for c in (a, b):
        rectifications.open_rectifications(workspace, c.form)
    rectifications.mark_overdue(workspace, dt.date(2026, 11, 5))  # both 4 Nov items
    with workspace.read() as s:
        b_first = s.scalar(sa.select(Rectification.id).where(Rectification.school_id == b.school,
                                                              Rectification.status == S.OVERDUE))
    roles.set_roles(workspace, [roles.LEAD])
    rectifications.record_escalation(workspace, b_first, EscalationKind.INTERVIEW, "逾期", dt.date(2026, 11, 6), "王建国")
    charts = chart_data(workspace, dt.date(2026, 12, 10), months=3)
    assert dict(charts.rectification_status) == {S.OPEN: 0, S.REPORTED: 0, S.VERIFIED: 0, S.OVERDUE: 3, S.ESCALATED: 1}
    assert charts.overdue_by_school == (("湖滨路小学1", 2), ("湖滨路小学2", 2))
    assert [(m.month, m.schools_visited, m.schools, m.visits) for m in charts.coverage_by_month] == [
        ("2026-10", 1, 2, 1), ("2026-11", 1, 2, 1), ("2026-12", 0, 2, 0)]
    found = dict(charts.findings_by_category)
    assert found[Category.SAFETY] == 2 and found[Category.HYGIENE] == 2 and sum(found.values()) == 4
    # Scoped to one inspector's schools.
    assert chart_data(workspace, dt.date(2026, 12, 10), inspector_id=a.lead).overdue_by_school == ()


def test_demo_charts_match_a_plain_recount(demo_workspace):
    charts = chart_data(demo_workspace, T)
    with demo_workspace.read() as s:
        rects = s.execute(sa.select(Rectification.school_id, Rectification.status, Rectification.deadline)).all()
        names = dict(s.execute(sa.select(School.id, School.name)).all())
        findings = s.execute(sa.select(Finding.category, Visit.planned_on, Visit.status)
                             .join(Visit, Visit.id == Finding.visit_id)).all()
    now = Counter(effective_status(st, d, T) for _sid, st, d in rects)
    assert dict(charts.rectification_status) == {st: now[st] for st in S}
    late = Counter(names[sid] for sid, st, d in rects if effective_status(st, d, T) in (S.OVERDUE, S.ESCALATED))
    assert dict(charts.overdue_by_school) == dict(late) and len(late) == 6
    start = dt.date(2025, 12, 1)
    cats = Counter(c for c, day, st in findings if st is VisitStatus.COMPLETED and start <= day <= T)
    assert dict(charts.findings_by_category) == {c: cats[c] for c in Category}
    assert len(charts.coverage_by_month) == 12 and charts.coverage_by_month[-1].month == "2026-11"
    assert all(0 <= m.schools_visited <= m.schools == 6 for m in charts.coverage_by_month)
