"""The month's routine visits: each responsible school due by the month's end with no
plan gets one for its responsible inspector, listed before it is planned; planning
again plans nothing; a hidden plan counts as a plan; only a lead plans them."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import DomainError, Notice, Planning, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.store import edits, planning, roles
from inspector_desktop.store.models import Inspector, School, SchoolAssignment, Visit, VisitTeamMember

TODAY = dt.date(2026, 12, 10)


def _region(workspace):
    """Two inspectors, five schools: three assigned to 王 (one visited last month,
    one with an unannounced plan), one to 李, one to nobody; 赵 is no longer active."""
    with workspace.write() as s:
        wang, li, zhao = (Inspector(code=c, name=n) for c, n in (("DX01", "王芳"), ("DX02", "李强"), ("DX03", "赵敏")))
        zhao.active = False
        s.add_all([wang, li, zhao])
        schools = [School(code=f"S{i}", name=f"学校{i}", competent_department="局") for i in range(5)]
        s.add_all(schools)
        s.flush()
        since = dt.date(2026, 9, 1)
        for inspector, school in ((wang, 0), (wang, 1), (wang, 2), (li, 3), (zhao, 4)):
            s.add(SchoolAssignment(inspector_id=inspector.id, school_id=schools[school].id, since=since))
        visited = Visit(school_id=schools[1].id, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                        notice=Notice.ANNOUNCED, status=VisitStatus.COMPLETED, planned_on=dt.date(2026, 12, 2))
        s.add(visited)
        s.flush()
        return wang.id, li.id, [x.id for x in schools]


def test_the_months_routine_visits_are_listed_then_planned_once(workspace):
    wang, li, schools = _region(workspace)
    roles.set_roles(workspace, [roles.LEAD])
    edits.create_visit(workspace, schools[2], dt.date(2026, 12, 20), Scope.SPECIAL, Stage.PROCESS, Planning.ROUTINE,
                       Notice.UNANNOUNCED, None, [(wang, TeamRole.LEADER)])
    shown = planning.routine_plans(workspace, TODAY)
    # S1 was visited this month (next due in January); S2 has a hidden plan; S4's inspector is inactive.
    assert [(p.school_code, p.inspector_name, p.planned_on, p.overdue) for p in shown] == [
        ("S0", "王芳", TODAY, True), ("S3", "李强", TODAY, True)]
    made = planning.plan_routine_visits(workspace, TODAY)
    assert len(made) == 2
    with workspace.read() as s:
        visits = s.execute(sa.select(Visit.school_id, Visit.planning, Visit.notice, Visit.status, VisitTeamMember.inspector_id,
                                     VisitTeamMember.role).join(VisitTeamMember, VisitTeamMember.visit_id == Visit.id)
                           .where(Visit.id.in_(made))).all()
    assert sorted((v.school_id, v.inspector_id) for v in visits) == sorted([(schools[0], wang), (schools[3], li)])
    assert {(v.planning, v.notice, v.status, v.role) for v in visits} == {
        (Planning.ROUTINE, Notice.ANNOUNCED, VisitStatus.PLANNED, TeamRole.LEADER)}
    assert planning.routine_plans(workspace, TODAY) == []
    assert planning.plan_routine_visits(workspace, TODAY) == []  # idempotent


def test_a_visit_due_later_in_the_month_is_planned_on_its_day(workspace):
    _wang, _li, schools = _region(workspace)
    roles.set_roles(workspace, [roles.LEAD])
    with workspace.write() as s:
        for sid in (schools[0], schools[3]):
            s.add(Visit(school_id=sid, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                        notice=Notice.ANNOUNCED, status=VisitStatus.COMPLETED, planned_on=dt.date(2026, 11, 25)))
    shown = planning.routine_plans(workspace, TODAY)  # the overdue first, today; then by the day each falls due
    assert [(p.school_code, p.planned_on, p.overdue) for p in shown] == [
        ("S2", TODAY, True), ("S0", dt.date(2026, 12, 25), False), ("S3", dt.date(2026, 12, 25), False)]


def test_only_a_lead_plans_the_months_routine_visits(workspace):
    _region(workspace)
    roles.set_roles(workspace, [roles.INSPECTOR])
    with pytest.raises(DomainError, match="planning.lead_only"):
        planning.plan_routine_visits(workspace, TODAY)
