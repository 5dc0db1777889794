"""The office's figures for a 督导报告 (one school, or the region) and the 通报 over a period.

Computed from the records this laptop holds: a lead's laptop pulls its region's
records by sync, so the region's figures are those. Every figure is a SQL
aggregate (a region may hold 100 000 visits); the rows that reach Python are
one per school, category, inspector or escalation step. The result is a frozen
snapshot that can cross to the UI thread and feeds the PDF, the spreadsheet and
the page alike, so the three never disagree.

What each figure counts, as the report states it:
- visits: completed visits dated in the period; due: the routine cadence of the
  rule file in force (one visit per school every N months) over the months of
  the period gone by;
- findings: those of the period's completed visits, by category and severity;
  a repeated finding is a category found at a school in the period that was
  also found there before it;
- rectifications: those set by the period's visits, as they stand on the report
  day; closed on time means verified by the requirement's original deadline;
- escalations (约谈, 通报, 问责) and objections (异议): decided or received in
  the period;
- inspectors: responsible schools on the report day (or the period's last day)
  against the 1:5 rule, and training hours of that year to then, towards 30.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    RectificationStatus,
    ResponseKind,
    Severity,
    Verdict,
)
from inspector_desktop.domain.duties import SCHOOLS_PER_INSPECTOR
from inspector_desktop.domain.office_report import (
    STEPS,
    InspectorDuty,
    Objections,
    OfficeReport,
    Period,
    Rectifications,
    Repeat,
    SchoolLine,
    Step,
)
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.duties import completed_visit
from inspector_desktop.store.models import (
    Escalation,
    FeedbackForm,
    Finding,
    Inspector,
    ReInspection,
    Rectification,
    Requirement,
    School,
    SchoolAssignment,
    SchoolResponse,
    TrainingRecord,
    Visit,
    VisitTeamMember,
)
from inspector_desktop.store.office import issuing_office
from inspector_desktop.store.rules import active_rules

S = RectificationStatus

# ---------------------------------------------------------------- the figures


def _in_period(column: sa.ColumnElement, period: Period) -> sa.ColumnElement[bool]:
    return column.between(period.start, period.end)


def _count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def office_report(ws: Workspace, period: Period, as_of: dt.date, school_code: str | None = None) -> OfficeReport:
    """The figures of one school's report (``school_code``) or the region's.

    LookupError when the workspace has no school ``school_code``.
    """
    rules = active_rules(ws)
    office = issuing_office(ws)
    ref = min(as_of, period.end)
    months = period.months_gone(as_of)
    with ws.read() as s:
        query = sa.select(School.id, School.code, School.name).where(School.deleted.is_(False))
        if school_code is not None:
            query = query.where(School.code == school_code)
        schools = {sid: (code, name) for sid, code, name in s.execute(query)}
        if school_code is not None and not schools:
            raise LookupError(school_code)
        ours = Visit.school_id.in_(schools) if school_code is not None else sa.true()
        mine = Rectification.school_id.in_(schools) if school_code is not None else sa.true()

        done = dict(s.execute(sa.select(Visit.school_id, sa.func.count())
                              .where(completed_visit(), _in_period(Visit.planned_on, period), ours)
                              .group_by(Visit.school_id)).all())

        grid: dict[tuple[Category, Severity], int] = {}
        per_school: dict[str, int] = {}
        for sid, category, severity, n in s.execute(
                sa.select(Visit.school_id, Finding.category, Finding.severity, sa.func.count())
                .join(Visit, Visit.id == Finding.visit_id)
                .where(Finding.deleted.is_(False), completed_visit(), _in_period(Visit.planned_on, period), ours)
                .group_by(Visit.school_id, Finding.category, Finding.severity)):
            grid[category, severity] = grid.get((category, severity), 0) + n
            per_school[sid] = per_school.get(sid, 0) + n

        repeats = _repeats(s, period, ours, schools)
        chain = _rectifications(s, period, as_of, mine)
        steps = _steps(s, period, school_code is not None, schools)
        step_counts = dict(s.execute(sa.select(Escalation.kind, sa.func.count())
                                     .where(Escalation.deleted.is_(False), Escalation.kind.in_(STEPS),
                                            _in_period(Escalation.decided_on, period),
                                            Escalation.school_id.in_(schools) if school_code else sa.true())
                                     .group_by(Escalation.kind)).all())
        objections = _objections(s, period, as_of, ours)
        inspectors = _inspectors(s, period, ref, school_code is not None, schools)

    due_each = math.ceil(months / rules.routine_every_months) if months else 0
    lines = []
    for sid, (code, name) in sorted(schools.items(), key=lambda kv: kv[1][0]):
        on_time, late, still_open, overdue = chain.get(sid, (0, 0, 0, 0))
        lines.append(SchoolLine(code, name, done.get(sid, 0), due_each, per_school.get(sid, 0),
                                on_time + late + still_open + overdue, on_time, late, still_open, overdue))
    totals = [sum(v[i] for v in chain.values()) for i in range(4)]
    return OfficeReport(
        kind="school" if school_code is not None else "region", period=period, as_of=as_of,
        office_name=office.name, region=office.region,
        school=next(iter(schools.values())) if school_code is not None else None,
        rules_title_zh=rules.title_zh, rules_title_en=rules.title_en, every_months=rules.routine_every_months,
        schools=tuple(lines),
        findings=tuple((c, tuple(grid.get((c, sev), 0) for sev in Severity)) for c in Category),
        repeats=repeats,
        rectifications=Rectifications(sum(totals), *totals),
        steps=steps, step_counts=tuple((k, step_counts.get(k, 0)) for k in STEPS),
        objections=objections, inspectors=inspectors,
    )


def _repeats(s, period: Period, ours, schools: dict[str, tuple[str, str]]) -> tuple[Repeat, ...]:  # type: ignore[no-untyped-def]
    def found(when: sa.ColumnElement[bool]):  # type: ignore[no-untyped-def]
        return (sa.select(Visit.school_id.label("sid"), Finding.category.label("cat"),
                          sa.func.count().label("n"), sa.func.max(Visit.planned_on).label("last"))
                .join(Visit, Visit.id == Finding.visit_id)
                .where(Finding.deleted.is_(False), completed_visit(), ours, when)
                .group_by(Visit.school_id, Finding.category).subquery())

    now, before = found(_in_period(Visit.planned_on, period)), found(Visit.planned_on < period.start)
    rows = s.execute(sa.select(now.c.sid, now.c.cat, now.c.n, before.c.n, before.c.last)
                     .join(before, sa.and_(before.c.sid == now.c.sid, before.c.cat == now.c.cat))).all()
    out = [Repeat(*schools[sid], Category(cat), n, earlier, _day(last)) for sid, cat, n, earlier, last in rows
           if sid in schools]
    return tuple(sorted(out, key=lambda r: (r.school_code, list(Category).index(r.category))))


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _rectifications(s, period: Period, as_of: dt.date, mine) -> dict[str, tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    verified = Rectification.status == S.VERIFIED
    on_time = sa.and_(verified, Rectification.verified_on.is_not(None),
                      Rectification.verified_on <= Requirement.deadline)
    overdue = sa.or_(Rectification.status.in_([S.OVERDUE, S.ESCALATED]),
                     sa.and_(Rectification.status == S.OPEN, Rectification.deadline < as_of))
    rows = s.execute(
        sa.select(Rectification.school_id, _count_if(on_time), _count_if(sa.and_(verified, sa.not_(on_time))),
                  _count_if(sa.and_(sa.not_(verified), sa.not_(overdue))), _count_if(overdue))
        .join(Requirement, Requirement.id == Rectification.requirement_id)
        .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
        .join(Visit, Visit.id == FeedbackForm.visit_id)
        .where(Rectification.deleted.is_(False), Visit.deleted.is_(False), _in_period(Visit.planned_on, period), mine)
        .group_by(Rectification.school_id))
    return {sid: (a, b, c, d) for sid, a, b, c, d in rows}


def _steps(s, period: Period, one_school: bool, schools: dict[str, tuple[str, str]]) -> tuple[Step, ...]:  # type: ignore[no-untyped-def]
    last_verdict = (sa.select(ReInspection.verdict)
                    .where(ReInspection.rectification_id == Escalation.rectification_id,
                           ReInspection.deleted.is_(False), ReInspection.inspected_on <= Escalation.decided_on)
                    .order_by(ReInspection.inspected_on.desc()).limit(1).scalar_subquery())
    rows = s.execute(
        sa.select(Escalation.school_id, Escalation.kind, Escalation.decided_on, Escalation.decided_by,
                  Escalation.reason, FeedbackForm.number, Requirement.text, Requirement.deadline, last_verdict)
        .outerjoin(Rectification, Rectification.id == Escalation.rectification_id)
        .outerjoin(Requirement, Requirement.id == Rectification.requirement_id)
        .outerjoin(FeedbackForm, FeedbackForm.id == Requirement.form_id)
        .where(Escalation.deleted.is_(False), Escalation.kind.in_(STEPS),
               _in_period(Escalation.decided_on, period),
               Escalation.school_id.in_(schools) if one_school else sa.true()))
    out = [Step(*schools[sid], kind, day, by, reason, number, text, deadline, Verdict(v) if v else None)
           for sid, kind, day, by, reason, number, text, deadline, v in rows if sid in schools]
    return tuple(sorted(out, key=lambda x: (x.school_code, x.decided_on, STEPS.index(x.kind))))


def _objections(s, period: Period, as_of: dt.date, ours) -> Objections:  # type: ignore[no-untyped-def]
    replied = SchoolResponse.replied_on.is_not(None)
    row = s.execute(
        sa.select(sa.func.count(), _count_if(replied),
                  _count_if(sa.and_(replied, SchoolResponse.replied_on > SchoolResponse.reply_deadline)),
                  _count_if(sa.not_(replied)),
                  _count_if(sa.and_(sa.not_(replied), SchoolResponse.reply_deadline < as_of)))
        .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
        .join(Visit, Visit.id == FeedbackForm.visit_id)
        .where(SchoolResponse.deleted.is_(False), SchoolResponse.kind == ResponseKind.OBJECTION,
               _in_period(SchoolResponse.received_on, period), ours)).one()
    return Objections(*row)


def _inspectors(s, period: Period, ref: dt.date, one_school: bool,  # type: ignore[no-untyped-def]
                schools: dict[str, tuple[str, str]]) -> tuple[InspectorDuty, ...]:
    active = sa.and_(SchoolAssignment.deleted.is_(False), SchoolAssignment.since <= ref,
                     sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= ref))
    load = {iid: (n, large) for iid, n, large in s.execute(
        sa.select(SchoolAssignment.inspector_id, sa.func.count(sa.distinct(SchoolAssignment.school_id)),
                  sa.func.count(sa.distinct(sa.case((School.is_large.is_(True), School.id)))))
        .join(School, School.id == SchoolAssignment.school_id)
        .where(active, School.deleted.is_(False)).group_by(SchoolAssignment.inspector_id))}
    minutes = dict(s.execute(sa.select(TrainingRecord.inspector_id, sa.func.sum(TrainingRecord.minutes))
                             .where(TrainingRecord.deleted.is_(False),
                                    TrainingRecord.attended_on.between(dt.date(ref.year, 1, 1), ref))
                             .group_by(TrainingRecord.inspector_id)).all())
    visits = dict(s.execute(sa.select(VisitTeamMember.inspector_id, sa.func.count(sa.distinct(Visit.id)))
                            .join(Visit, Visit.id == VisitTeamMember.visit_id)
                            .where(VisitTeamMember.deleted.is_(False), completed_visit(),
                                   _in_period(Visit.planned_on, period),
                                   Visit.school_id.in_(schools) if one_school else sa.true())
                            .group_by(VisitTeamMember.inspector_id)).all())
    query = sa.select(Inspector.id, Inspector.code, Inspector.name, Inspector.is_lead).where(
        Inspector.deleted.is_(False), Inspector.active.is_(True))
    if one_school:
        # A school's report names its responsible inspectors.
        query = query.where(Inspector.id.in_(sa.select(SchoolAssignment.inspector_id).where(
            active, SchoolAssignment.school_id.in_(schools))))
    out = []
    for iid, code, name, is_lead in s.execute(query.order_by(Inspector.code)):
        if is_lead and iid not in load and not one_school:
            continue  # a lead with no school of their own is the office, not a 责任督学
        n, large = load.get(iid, (0, 0))
        share = large + Fraction(n - large, SCHOOLS_PER_INSPECTOR)
        out.append(InspectorDuty(code, name, n, large, round(share * 100), round((minutes.get(iid) or 0) / 60, 1),
                                 visits.get(iid, 0)))
    return tuple(out)


