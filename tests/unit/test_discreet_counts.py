"""Counts keep discreet mode's secret: a hidden unannounced plan adds nothing a
bystander could read (a school's visit count, a school marked booked) until revealed."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store import discretion, duties, edits, schools
from inspector_desktop.store.models import SchoolAssignment, Visit
from inspector_desktop.store.today import today_items

TODAY = dt.date(2026, 11, 22)


def seed_unannounced_plan(ws, notice=Notice.UNANNOUNCED, since=dt.date(2026, 1, 1)):
    """From an empty workspace: the inspector, one responsible school, one plan for next week."""
    me = edits.start_profile(ws, "李督学", "D001")
    sid = edits.add_school(ws, "S-001", "实验小学", "区教育局")
    with ws.write() as s:  # the office's assignment, as a sync would bring it
        s.add(SchoolAssignment(inspector_id=me, school_id=sid, since=since, until=None))
    vid = edits.create_visit(ws, sid, TODAY + dt.timedelta(days=5), Scope.SPECIAL, Stage.PROCESS, Planning.ROUTINE,
                             notice, None, [(me, TeamRole.LEADER)])
    return me, sid, vid


def test_schools_list_counts_a_hidden_plan_only_when_revealed(workspace):
    _me, sid, _vid = seed_unannounced_plan(workspace)
    [hidden] = schools.school_rows(workspace, TODAY)
    [shown] = schools.school_rows(workspace, TODAY, revealed=True)
    assert (hidden.id, hidden.visits) == (sid, 0)
    assert shown.visits == 1
    assert schools.school_dossier(workspace, sid, TODAY).school.visits == 0


def test_an_announced_plan_is_counted_either_way(workspace):
    seed_unannounced_plan(workspace, notice=Notice.ANNOUNCED)
    assert [r.visits for r in schools.school_rows(workspace, TODAY)] == [1]


def test_duty_ledger_and_today_do_not_mark_the_school_booked_while_hidden(workspace):
    day = dt.date(2026, 6, 25)
    me, sid, _vid = seed_unannounced_plan(workspace, since=day - dt.timedelta(days=25))  # falls due in days
    with workspace.write() as s:
        s.execute(sa.update(Visit).values(planned_on=day + dt.timedelta(days=3)))
    [hidden] = duties.duty_ledger(workspace, day, me).schools
    [shown] = duties.duty_ledger(workspace, day, me, revealed=True).schools
    assert hidden.routine.state is not VisitDue.PLANNED and hidden.routine.planned_on is None
    assert shown.routine.state is VisitDue.PLANNED
    due_hidden = {v.school_id for v in today_items(workspace, day, me).visits}
    due_shown = {v.school_id for v in today_items(workspace, day, me, revealed=True).visits}
    assert sid in due_hidden and sid not in due_shown


@pytest.mark.parametrize("days", [-1, 0, 1])
def test_the_query_condition_is_the_python_rule(workspace, days):
    """One rule: the SQL condition hides exactly the visits is_confidential hides."""
    me = edits.start_profile(workspace, "李督学", "D001")
    sid = edits.add_school(workspace, "S-001", "实验小学", "区教育局")
    for notice in Notice:
        edits.create_visit(workspace, sid, TODAY + dt.timedelta(days=days), Scope.SPECIAL, Stage.PROCESS,
                           Planning.ROUTINE, notice, None, [(me, TeamRole.LEADER)])
    with workspace.write() as s:
        visits = s.scalars(sa.select(Visit)).all()
        for v, status in zip(visits, itertools.cycle(VisitStatus)):
            v.status = status
    with workspace.read() as s:
        hidden_sql = set(s.scalars(sa.select(Visit.id).where(discretion.confidential_visit(TODAY))))
        every = s.execute(sa.select(Visit.id, Visit.notice, Visit.status, Visit.planned_on)).all()
    assert hidden_sql == {v.id for v in every if discretion.is_confidential(v.notice, v.status, v.planned_on, TODAY)}
