"""Duty ledger, Today items and chart data: on small hand-built workspaces, where
every figure is known, and on the demo data, checked against a plain recount."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    EscalationKind,
    Notice,
    Planning,
    RectificationStatus,
    ResponseKind,
    Scope,
    Stage,
    VisitStatus,
)
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store import chain
from inspector_desktop.store.ledger import chart_data, duty_ledger, today_items
from inspector_desktop.store.models import (
    Finding,
    Rectification,
    School,
    SchoolAssignment,
    TrainingRecord,
    Visit,
)
from tests.unit.test_chain_store import build_case

S = RectificationStatus
T = dt.date(2026, 11, 22)


def add_school(ws, inspector, code, visits=(), large=False):
    with ws.write() as s:
        school = School(code=code, name=f"学校{code}", competent_department="局", is_large=large)
        s.add(school)
        s.flush()
        s.add(SchoolAssignment(inspector_id=inspector, school_id=school.id, since=dt.date(2026, 1, 1)))
        for day, status in visits:
            s.add(Visit(school_id=school.id, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                        notice=Notice.ANNOUNCED, status=status, planned_on=day))
        return school.id


def train(ws, inspector, hours, on=dt.date(2026, 3, 1)):
    with ws.write() as s:
        s.add(TrainingRecord(inspector_id=inspector, attended_on=on, minutes=hours * 60, title="集中培训"))


def test_duty_ledger_on_a_small_workspace(workspace):
    case = build_case(workspace, visited_on=dt.date(2026, 11, 10))
    done = VisitStatus.COMPLETED
    add_school(workspace, case.inspector, "B", [(dt.date(2026, 9, 1), done), (dt.date(2026, 10, 3), done),
                                                 (dt.date(2026, 12, 1), VisitStatus.PLANNED)])
    add_school(workspace, case.inspector, "C", [(dt.date(2026, 11, 20), VisitStatus.CANCELLED)])
    train(workspace, case.inspector, 20)
    train(workspace, case.inspector, 12, on=dt.date(2025, 12, 1))  # last year's hours do not count

    ledger = duty_ledger(workspace, T, inspector_id=case.inspector)
    by_code = {c.code: c for c in ledger.schools}
    assert ledger.load.schools == 3 and not ledger.load.over_ratio
    assert by_code["B"].visits_this_year == 2 and by_code["B"].months_visited == ("2026-09", "2026-10")
    assert by_code["B"].routine.state is VisitDue.OVERDUE and by_code["B"].routine.due_on == dt.date(2026, 11, 3)
    assert by_code["QSH-002"].routine.state is VisitDue.OK
    # A cancelled visit is not a visit: C was never visited since January.
    assert by_code["C"].visits_this_year == 0 and by_code["C"].routine.state is VisitDue.OVERDUE
    assert ledger.training.hours == 20 and ledger.training_expected_hours == 26.8
    assert {a.code for a in ledger.alerts} == {"ledger.visit_overdue", "ledger.training_behind"}
    assert ledger.schools_on_cadence == 1

    for code in "DEF":
        add_school(workspace, case.inspector, code, [(dt.date(2026, 11, 15), done)])
    train(workspace, case.inspector, 10)
    ledger = duty_ledger(workspace, T, inspector_id=case.inspector)
    assert ledger.load.schools == 6 and ledger.load.over_ratio
    assert ledger.training.complete
    codes = [a.code for a in ledger.alerts]
    assert "ledger.over_ratio" in codes and "ledger.training_behind" not in codes


def test_a_large_school_fills_an_inspector_alone(workspace):
    case = build_case(workspace)
    add_school(workspace, case.lead, "L", [(dt.date(2026, 11, 1), VisitStatus.COMPLETED)], large=True)
    ledger = duty_ledger(workspace, T, inspector_id=case.lead)
    assert ledger.load.load == 1 and not ledger.load.over_ratio
    add_school(workspace, case.lead, "M")
    assert duty_ledger(workspace, T, inspector_id=case.lead).load.over_ratio


def test_today_follows_a_rectification_through_the_chain(workspace):
    case = build_case(workspace)  # deadlines 4 Nov and 4 Dec
    chain.open_rectifications(workspace, case.form)
    first = today_items(workspace, dt.date(2026, 11, 1), case.inspector).deadlines
    assert [(d.deadline, d.days_left, d.status, d.escalation_prompt) for d in first] == [
        (dt.date(2026, 11, 4), 3, S.OPEN, None)]
    late = today_items(workspace, dt.date(2026, 11, 10), case.inspector).deadlines
    assert [(d.status, d.escalation_prompt) for d in late] == [(S.OVERDUE, EscalationKind.INTERVIEW)]
    chain.record_escalation(workspace, late[0].rectification_id, EscalationKind.INTERVIEW, "逾期", dt.date(2026, 11, 10), "王建国")
    # The school has until the 25th: the item leaves Today, then comes back with the next rung.
    assert today_items(workspace, dt.date(2026, 11, 20), case.inspector).deadlines == ()
    back = today_items(workspace, dt.date(2026, 11, 26), case.inspector).deadlines
    assert [d.escalation_prompt for d in back] == [EscalationKind.PUBLIC_NOTIFICATION]
    # A week before 4 December the second item comes into view too.
    both = today_items(workspace, dt.date(2026, 11, 27), case.inspector).deadlines
    assert [(d.deadline, d.escalation_prompt) for d in both] == [
        (dt.date(2026, 11, 25), EscalationKind.PUBLIC_NOTIFICATION), (dt.date(2026, 12, 4), None)]
    chain.report_rectification(workspace, late[0].rectification_id, "已整改", dt.date(2026, 11, 27))
    assert len(today_items(workspace, dt.date(2026, 11, 27), case.inspector).deadlines) == 1


def test_today_shows_visits_due_and_objections_awaiting_a_reply(workspace):
    case = build_case(workspace)
    items = today_items(workspace, T, case.inspector)
    assert [(v.school_name, v.routine.state) for v in items.visits] == [("湖滨路小学2", VisitDue.OVERDUE)]
    rid = chain.record_response(workspace, case.form, ResponseKind.OBJECTION, "期限过短", dt.date(2026, 11, 20))
    [objection] = today_items(workspace, T, case.inspector).objections
    assert (objection.reply_deadline, objection.days_left) == (dt.date(2026, 12, 7), 15)  # 5 Dec is a Saturday
    chain.reply_to_objection(workspace, rid, "维持", T)
    assert today_items(workspace, T, case.inspector).objections == ()


def test_chart_data_on_a_small_workspace(workspace):
    a = build_case(workspace, school_code="QSH-001", visited_on=dt.date(2026, 10, 5))
    b = build_case(workspace, school_code="QSH-002", visited_on=dt.date(2026, 11, 2), inspector_id=a.inspector)
    for c in (a, b):
        chain.open_rectifications(workspace, c.form)
    chain.mark_overdue(workspace, dt.date(2026, 11, 5))  # both 4 Nov items
    with workspace.read() as s:
        b_first = s.scalar(sa.select(Rectification.id).where(Rectification.school_id == b.school,
                                                              Rectification.status == S.OVERDUE))
    chain.record_escalation(workspace, b_first, EscalationKind.INTERVIEW, "逾期", dt.date(2026, 11, 6), "王建国")
    charts = chart_data(workspace, dt.date(2026, 12, 10), months=3)
    assert dict(charts.rectification_status) == {S.OPEN: 0, S.REPORTED: 0, S.VERIFIED: 0, S.OVERDUE: 3, S.ESCALATED: 1}
    assert charts.overdue_by_school == (("湖滨路小学1", 2), ("湖滨路小学2", 2))
    assert [(m.month, m.schools_visited, m.schools, m.visits) for m in charts.coverage_by_month] == [
        ("2026-10", 1, 2, 1), ("2026-11", 1, 2, 1), ("2026-12", 0, 2, 0)]
    found = dict(charts.findings_by_category)
    assert found[Category.SAFETY] == 2 and found[Category.HYGIENE] == 2 and sum(found.values()) == 4
    # Scoped to one inspector's schools.
    assert chart_data(workspace, dt.date(2026, 12, 10), inspector_id=a.lead).overdue_by_school == ()


# ---------------------------------------------------------------- demo data, as of 2026-11-22


def test_demo_ledger(demo_workspace):
    ledger = duty_ledger(demo_workspace, T)
    assert ledger.inspector_name == "李明华"
    assert [c.code for c in ledger.schools] == ["QSH-001", "QSH-002", "QSH-003", "QSH-004", "QSH-005"]
    assert ledger.load.load == 1 and not ledger.load.over_ratio
    assert ledger.training.hours == 19  # 12 + 4 + 3 this year
    with demo_workspace.read() as s:
        visits = s.execute(sa.select(Visit.school_id, Visit.planned_on, Visit.status)).all()
    for c in ledger.schools:
        mine = [d for sid, d, st in visits if sid == c.school_id and st is VisitStatus.COMPLETED and d <= T]
        assert c.routine.last_visit_on == max(mine)
        assert c.visits_this_year == sum(d.year == 2026 for d in mine)
    codes = Counter(a.code for a in ledger.alerts)
    assert codes["ledger.training_behind"] == 1
    assert codes["ledger.visit_overdue"] == sum(c.routine.state is VisitDue.OVERDUE for c in ledger.schools)


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


def test_demo_today_has_overdue_items_with_prompts(demo_workspace):
    items = today_items(demo_workspace, T)
    assert items.deadlines and all(d.status in (S.OPEN, S.OVERDUE, S.ESCALATED) for d in items.deadlines)
    assert any(d.escalation_prompt is EscalationKind.INTERVIEW for d in items.deadlines)
    assert all(d.days_left <= 7 for d in items.deadlines)
    assert all(v.routine.state in (VisitDue.DUE_SOON, VisitDue.OVERDUE) for v in items.visits)
