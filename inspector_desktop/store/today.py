"""The Today page: the day's visits and counts, and the chain's items falling due.

"Due soon" for a rectification deadline, and for the reply owed to a school's
objection (异议), is the rule file's ``deadline_warning_days``, here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import EscalationKind, FormStatus, RectificationStatus, ResponseKind, VisitStatus
from inspector_desktop.domain import chain
from inspector_desktop.domain.duties import TrainingProgress
from inspector_desktop.domain.rectification import days_left, effective_status
from inspector_desktop.domain.rules import RuleSet
from inspector_desktop.domain.schedule import RoutineDue, VisitDue
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.duties import Who, as_remit, remit_schools, responsible_names, routine_by_school
from inspector_desktop.store.models import Escalation, FeedbackForm, Rectification, Requirement, School, SchoolResponse, Visit
from inspector_desktop.store.rules import active_rules
from inspector_desktop.store.training import training_summary
from inspector_desktop.store.visit_list import VisitRow, visit_rows

S = RectificationStatus


def due_soon_until(today: dt.date, rules: RuleSet) -> dt.date:
    """The last deadline that counts as due soon today."""
    return today + dt.timedelta(days=rules.deadline_warning_days)


# ---------------------------------------------------------------- the day at a glance


@dataclass(frozen=True)
class TodaySummary:
    inspector_name: str
    visits_today: tuple[VisitRow, ...]
    upcoming: tuple[VisitRow, ...]
    overdue_rectifications: int
    due_soon_rectifications: int
    draft_forms: int
    training: TrainingProgress
    due_soon_days: int  # the rule file's warning window that due_soon_rectifications counts


def today_summary(ws: Workspace, today: dt.date, revealed: bool = False, horizon_days: int = 14) -> TodaySummary:
    rowid = sa.literal_column("visit.rowid")
    rules = active_rules(ws)
    soon = due_soon_until(today, rules)
    with ws.read() as s:
        keys = s.scalars(
            sa.select(rowid).select_from(Visit.__table__)
            .where(
                Visit.deleted.is_(False),
                Visit.planned_on >= today,
                Visit.planned_on <= today + dt.timedelta(days=horizon_days),
                Visit.status.in_([VisitStatus.PLANNED, VisitStatus.IN_PROGRESS]),
            )
            .order_by(Visit.planned_on, rowid)
        ).all()
        drafts = s.scalar(
            sa.select(sa.func.count()).select_from(FeedbackForm).where(
                FeedbackForm.deleted.is_(False), FeedbackForm.status == FormStatus.DRAFT
            )
        ) or 0
        overdue, due_soon = _rectification_counts(s, today, soon)
    rows = visit_rows(ws, keys, today, revealed)
    ordered = [rows[k] for k in keys if k in rows]
    # Hidden entries go first in key order, like the visit list: no date hint from position.
    hidden = sorted((r for r in ordered if r.hidden), key=lambda r: r.key)
    plain = [r for r in ordered if not r.hidden]
    training = training_summary(ws, today.year)
    return TodaySummary(
        inspector_name=training.inspector_name,
        visits_today=tuple(r for r in plain if r.planned_on == today),
        upcoming=tuple(hidden) + tuple(r for r in plain if r.planned_on != today),
        overdue_rectifications=overdue,
        due_soon_rectifications=due_soon,
        draft_forms=drafts,
        training=training.progress,
        due_soon_days=rules.deadline_warning_days,
    )


def _rectification_counts(s: Session, today: dt.date, soon: dt.date) -> tuple[int, int]:
    """Overdue as of today (an open item past its deadline counts) and open ones due by ``soon``.

    Counted in SQL over the same rows the rectification list shows (each with its
    requirement, form and school), not by building that list.
    """
    overdue = sa.or_(Rectification.status == S.OVERDUE,
                     sa.and_(Rectification.status == S.OPEN, Rectification.deadline < today))
    due_soon = sa.and_(Rectification.status == S.OPEN, Rectification.deadline.between(today, soon))
    row = s.execute(
        sa.select(sa.func.count().filter(overdue), sa.func.count().filter(due_soon))
        .select_from(Rectification)
        .join(Requirement, Requirement.id == Rectification.requirement_id)
        .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
        .join(School, School.id == Rectification.school_id)
        .where(Rectification.deleted.is_(False))
    ).one()
    return row[0] or 0, row[1] or 0


# ---------------------------------------------------------------- what falls due


@dataclass(frozen=True)
class DueVisit:
    school_id: str
    school_name: str
    routine: RoutineDue
    responsible: tuple[str, ...] = ()  # the school's inspectors, by name


@dataclass(frozen=True)
class DeadlineItem:
    rectification_id: str
    school_id: str
    school_name: str
    form_number: str
    requirement: str
    deadline: dt.date
    days_left: int  # negative once passed
    status: RectificationStatus  # as of today: an open item past its deadline shows overdue
    escalation_prompt: EscalationKind | None
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectionDue:
    """An objection whose reply falls due within the warning window, or is overdue."""

    response_id: str
    school_id: str
    form_number: str
    school_name: str
    reply_deadline: dt.date
    days_left: int  # negative once passed
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class TodayItems:
    as_of: dt.date
    visits: tuple[DueVisit, ...]
    deadlines: tuple[DeadlineItem, ...]
    objections: tuple[ObjectionDue, ...]
    region: str | None = None  # a lead's Today: the region's items, each naming its inspectors


def today_items(ws: Workspace, today: dt.date, inspector_id: Who = None, revealed: bool = False) -> TodayItems:
    """Routine visits due or overdue, rectification deadlines approaching or passed,
    objections whose reply is near or overdue: for the inspector's schools (all, for None;
    a lead's region, for a lead's remit). A hidden plan does not take its school off the
    routine list unless revealed."""
    rules = active_rules(ws)
    with ws.read() as s:
        schools = remit_schools(s, inspector_id, today)
        who = responsible_names(s, schools, today)
        names = dict(s.execute(sa.select(School.id, School.name).where(School.id.in_(schools))).all())
        routine = routine_by_school(s, schools, today, rules, revealed)
        visits = tuple(sorted(
            (DueVisit(sid, names[sid], r, who.get(sid, ())) for sid, r in routine.items()
             if r.state in (VisitDue.DUE_SOON, VisitDue.OVERDUE)),
            key=lambda v: (v.routine.due_on, v.school_name)))

        horizon = due_soon_until(today, rules)
        rows = s.execute(
            sa.select(Rectification.id, Rectification.school_id, Rectification.status, Rectification.deadline,
                      Requirement.text, FeedbackForm.number)
            .join(Requirement, Requirement.id == Rectification.requirement_id)
            .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
            .where(Rectification.deleted.is_(False), Rectification.school_id.in_(schools),
                   Rectification.status.in_([S.OPEN, S.OVERDUE, S.ESCALATED]),
                   sa.or_(Rectification.status != S.OPEN, Rectification.deadline <= horizon))
        ).all()
        steps = _steps(s, [r.id for r in rows])
        deadlines = []
        for r in rows:
            state = chain.ChainState(r.status, r.deadline, steps.get(r.id, ()))
            prompt = chain.escalation_prompt(state, today)
            if r.status is S.ESCALATED and prompt is None:
                continue  # the school is inside the time an escalation step gave it
            deadlines.append(DeadlineItem(r.id, r.school_id, names[r.school_id], r.number, r.text, r.deadline,
                                          days_left(r.deadline, today), effective_status(r.status, r.deadline, today),
                                          prompt, who.get(r.school_id, ())))
        objections = tuple(
            ObjectionDue(r.id, r.school_id, r.number, names.get(r.school_id, ""), r.reply_deadline,
                         days_left(r.reply_deadline, today), who.get(r.school_id, ()))
            for r in s.execute(
                sa.select(SchoolResponse.id, SchoolResponse.reply_deadline, FeedbackForm.number, Visit.school_id)
                .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
                .join(Visit, Visit.id == FeedbackForm.visit_id)
                .where(SchoolResponse.deleted.is_(False), SchoolResponse.kind == ResponseKind.OBJECTION,
                       SchoolResponse.replied_on.is_(None), Visit.school_id.in_(schools),
                       SchoolResponse.reply_deadline <= horizon)
                .order_by(SchoolResponse.reply_deadline, FeedbackForm.number))
        )
    return TodayItems(today, visits, tuple(sorted(deadlines, key=lambda d: (d.deadline, d.school_name))), objections,
                      as_remit(inspector_id).region)


def _steps(s: Session, rect_ids: list[str]) -> dict[str, tuple[EscalationKind, ...]]:
    out: dict[str, list[EscalationKind]] = {}
    for rid, kind in s.execute(
        sa.select(Escalation.rectification_id, Escalation.kind)
        .where(Escalation.rectification_id.in_(rect_ids), Escalation.deleted.is_(False),
               Escalation.kind != EscalationKind.INCENTIVE)
        .order_by(Escalation.decided_on, Escalation.created_at)):
        out.setdefault(rid, []).append(kind)
    return {k: tuple(v) for k, v in out.items()}
