"""The month's routine visits (日常督导), planned by the office for each responsible inspector.

Every responsible school is visited on the cadence of the rule file in force
(store/rules.py); a school whose routine visit falls due by the end of this
month (or is already overdue) and has no visit planned gets one, for its
responsible inspector, on the day it falls due (today, if that has passed).
``routine_plans`` lists them first, so the lead sees what will be planned;
``plan_routine_visits`` plans them. Planning twice plans nothing more: a
school with a plan is not listed again.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole
from inspector_desktop.domain.rules import RuleSet
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.duties import routine_by_school
from inspector_desktop.store.edits import add_visit
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.models import ChecklistTemplate, Inspector, School, SchoolAssignment
from inspector_desktop.store.roles import require_lead
from inspector_desktop.store.rules import active_rules


@dataclass(frozen=True)
class RoutinePlan:
    school_id: str
    school_code: str
    school_name: str
    inspector_id: str
    inspector_name: str
    due_on: dt.date
    planned_on: dt.date
    overdue: bool


def month_end(today: dt.date) -> dt.date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def _responsible(s: Session, today: dt.date) -> dict[str, tuple[str, dt.date]]:
    """Each school's responsible inspector today (the first by code when several
    are) and since when; disabled inspectors are passed over."""
    out: dict[str, tuple[str, dt.date]] = {}
    for school, inspector, since in s.execute(
        sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id, SchoolAssignment.since)
        .join(Inspector, Inspector.id == SchoolAssignment.inspector_id)
        .join(School, School.id == SchoolAssignment.school_id)
        .where(SchoolAssignment.deleted.is_(False), SchoolAssignment.since <= today,
               sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= today),
               Inspector.deleted.is_(False), Inspector.active.is_(True), School.deleted.is_(False))
        .order_by(Inspector.code, SchoolAssignment.since)):
        out.setdefault(school, (inspector, since))
    return out


def _plans(s: Session, today: dt.date, rules: RuleSet) -> list[RoutinePlan]:
    responsible = _responsible(s, today)
    # Hidden (unannounced) plans count as plans: the office sees its whole calendar.
    routine = routine_by_school(s, {sid: since for sid, (_i, since) in responsible.items()}, today,
                                rules, revealed=True)
    last = month_end(today)
    due = {sid: r for sid, r in routine.items() if r.planned_on is None and r.due_on <= last}
    if not due:
        return []
    schools = {r.id: r for r in s.execute(sa.select(School.id, School.code, School.name).where(School.id.in_(due)))}
    names = dict(s.execute(sa.select(Inspector.id, Inspector.name).where(
        Inspector.id.in_({responsible[sid][0] for sid in due}))).all())
    plans = [
        RoutinePlan(sid, schools[sid].code, schools[sid].name, responsible[sid][0], names[responsible[sid][0]],
                    r.due_on, max(r.due_on, today), r.due_on < today)
        for sid, r in due.items()
    ]
    return sorted(plans, key=lambda p: (p.planned_on, p.school_code))


def routine_plans(ws: Workspace, today: dt.date) -> list[RoutinePlan]:
    """The routine visits this month still needs, one per school, not yet planned."""
    rules = active_rules(ws)
    with ws.read() as s:
        return _plans(s, today, rules)


def plan_routine_visits(ws: Workspace, today: dt.date) -> list[str]:
    """Plan the month's routine visits (``routine_plans``), announced, each led by the
    school's responsible inspector, with the newest checklist; the visit ids.
    Read again inside the write, so a second click plans nothing."""
    require_lead(ws, "planning.lead_only")
    rules = active_rules(ws)
    with ws.write() as s:
        plans = _plans(s, today, rules)
        template = s.scalar(sa.select(ChecklistTemplate.id).where(ChecklistTemplate.deleted.is_(False),
                                                                  ChecklistTemplate.status == TemplateStatus.PUBLISHED)
                            .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc()).limit(1))
        return [add_visit(s, p.school_id, p.planned_on, Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                          Notice.ANNOUNCED, template, [(p.inspector_id, TeamRole.LEADER)]) for p in plans]
