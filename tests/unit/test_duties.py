"""The duty ledger: on small hand-built workspaces, where every figure is known, and
on the demo data, checked against a plain recount."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Stage, VisitStatus
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store.duties import duty_ledger
from inspector_desktop.store.models import School, SchoolAssignment, TrainingRecord, Visit
from tests.unit.test_rectifications import build_case

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
