"""Rectifications (整改): opened from a signed form, reported, re-inspected, escalated, rewarded.

Each write is one transaction through ``ws.write(actor_id=...)``, so the audit
trail and the outbox are written with the change. The rules of the chain are in
``domain/chain.py``; this module loads the state, asks the domain for the next
state and stores it. Snapshots (frozen dataclasses) come back, never ORM objects.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import (
    DomainError,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    RectificationStatus,
    Scope,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)
from inspector_desktop.domain import chain
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.store.checks import live, required
from inspector_desktop.store.escalation_docs import StepDetails
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Attachment,
    Escalation,
    FeedbackForm,
    ReInspection,
    Rectification,
    Requirement,
    School,
    Visit,
    VisitTeamMember,
    utcnow,
)
from inspector_desktop.store.roles import require_lead
from inspector_desktop.store.rules import active_rules

# ---------------------------------------------------------------- opening and reporting


def open_rectifications(ws: Workspace, form_id: str, actor_id: str | None = None) -> list[str]:
    """One rectification per requirement of a signed form; safe to call again.
    Signing opens them (store.forms.sign_form); this is for a form signed elsewhere."""
    with ws.write(actor_id=actor_id) as s:
        return open_for_form(s, live(s, FeedbackForm, form_id))


def open_for_form(s: Session, form: FeedbackForm) -> list[str]:
    """Open the form's rectifications inside the caller's transaction: signing
    locks the form and opens them in one commit, so neither exists without the other.

    Each live requirement gets one rectification, owned by the visited school,
    with the competent department the requirement names (else the school's), the
    requirement's deadline, and status open. A requirement that already has one
    gets nothing new. An addendum's requirement that carries on one of the
    corrected form's (same finding, else same text) takes over that form's
    rectification, with its history, instead of opening a second one for the
    same problem; the corrected deadline applies while the item is still open
    on the deadline it was given. Returns the ids of the new rectifications.
    """
    if form.status is FormStatus.DRAFT:
        raise DomainError("rectification.form_not_signed", form=form.number)
    corrected = s.scalar(sa.select(FeedbackForm.id).where(
        FeedbackForm.addendum_of_id == form.id, FeedbackForm.deleted.is_(False), FeedbackForm.status != FormStatus.DRAFT))
    if corrected is not None:
        return []  # a signed addendum's requirements stand for this form's now
    school = live(s, School, s.scalar(sa.select(Visit.school_id).where(Visit.id == form.visit_id)))
    requirements = s.scalars(sa.select(Requirement).where(Requirement.form_id == form.id, Requirement.deleted.is_(False))
                             .order_by(Requirement.ordinal)).all()
    have = set(s.scalars(sa.select(Rectification.requirement_id).where(
        Rectification.requirement_id.in_([r.id for r in requirements]), Rectification.deleted.is_(False))))
    earlier = _corrected_items(s, form)
    made = []
    for req in requirements:
        if req.id in have:
            continue
        department = req.copied_to or school.competent_department
        carried = _carried_on_by(earlier, req)
        if carried is not None:
            rect, before = carried
            if rect.status is RectificationStatus.OPEN and rect.deadline == before.deadline:
                rect.deadline = req.deadline
            rect.requirement_id, rect.competent_department = req.id, department
            continue
        rect = Rectification(requirement_id=req.id, school_id=school.id, competent_department=department,
                             deadline=req.deadline, status=RectificationStatus.OPEN)
        s.add(rect)
        made.append(rect)
    s.flush()
    return [r.id for r in made]


def _corrected_items(s: Session, form: FeedbackForm) -> list[tuple[Rectification, Requirement]]:
    """The rectifications of the forms an addendum corrects (its original, that
    one's original, ...), each with the requirement it stands on now."""
    chain_ids, at = [], form.addendum_of_id
    while at is not None and at not in chain_ids:
        chain_ids.append(at)
        at = s.scalar(sa.select(FeedbackForm.addendum_of_id).where(FeedbackForm.id == at))
    if not chain_ids:
        return []
    rows = s.execute(
        sa.select(Rectification, Requirement).join(Requirement, Requirement.id == Rectification.requirement_id)
        .where(Requirement.form_id.in_(chain_ids), Rectification.deleted.is_(False))
        .order_by(Requirement.ordinal)
    ).all()
    return [(rect, req) for rect, req in rows]


def _carried_on_by(earlier: list[tuple[Rectification, Requirement]], req: Requirement) -> tuple[Rectification, Requirement] | None:
    """The first not yet taken earlier item this requirement carries on; taken once."""
    for i, (_rect, before) in enumerate(earlier):
        same_finding = req.finding_id is not None and before.finding_id == req.finding_id
        if same_finding or (req.finding_id is None and before.finding_id is None and before.text == req.text):
            return earlier.pop(i)
    return None


def _state(s: Session, rect: Rectification) -> chain.ChainState:
    steps = s.scalars(
        sa.select(Escalation.kind)
        .where(Escalation.rectification_id == rect.id, Escalation.deleted.is_(False),
               Escalation.kind != EscalationKind.INCENTIVE)
        .order_by(Escalation.decided_on, Escalation.created_at)
    ).all()
    verdict = s.scalar(
        sa.select(ReInspection.verdict).where(ReInspection.rectification_id == rect.id, ReInspection.deleted.is_(False))
        .order_by(ReInspection.inspected_on.desc(), ReInspection.created_at.desc()).limit(1)
    )
    return chain.ChainState(rect.status, rect.deadline, tuple(steps), verdict)


def _store(rect: Rectification, state: chain.ChainState) -> None:
    # Unchanged values write no audit line or outbox field (store/changes.py compares).
    rect.status = state.status
    rect.deadline = state.deadline


def report_rectification(
    ws: Workspace,
    rectification_id: str,
    text: str,
    reported_on: dt.date,
    attachments: Sequence[Path] = (),
    actor_id: str | None = None,
) -> list[str]:
    """The school's rectification report; returns the new attachment ids."""
    text = required(text, "rectification.report_needs_text")
    # Files first: content-addressed, so a failed transaction leaves only an unused copy.
    stored = [(p, *ws.attachments.put_file(p)) for p in attachments]
    with ws.write(actor_id=actor_id) as s:
        rect = live(s, Rectification, rectification_id)
        _store(rect, chain.report(_state(s, rect)))
        rect.report_text = text
        rect.reported_on = reported_on
        ids = []
        for path, sha, size in stored:
            att = Attachment(sha256=sha, filename=path.name, size=size, rectification_id=rect.id,
                             mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            s.add(att)
            s.flush()
            ids.append(att.id)
        return ids


def mark_overdue(ws: Workspace, today: dt.date, actor_id: str | None = None) -> list[str]:
    """Record as overdue every open item whose deadline passed (e.g. while offline)."""
    with ws.write(actor_id=actor_id) as s:
        rows = s.scalars(sa.select(Rectification).where(
            Rectification.status == RectificationStatus.OPEN, Rectification.deadline < today,
            Rectification.deleted.is_(False))).all()
        for rect in rows:
            _store(rect, chain.mark_overdue(_state(s, rect), today))
        return [r.id for r in rows]


# ---------------------------------------------------------------- re-inspection


def record_reinspection(
    ws: Workspace,
    form_id: str,
    inspected_on: dt.date,
    verdicts: Mapping[str, tuple[Verdict, str]],
    inspector_id: str,
    visit_id: str | None = None,
    actor_id: str | None = None,
) -> str:
    """A re-inspection (复查) visit with a verdict per rectification; returns the visit id.

    ``verdicts`` maps rectification id -> (verdict, notes). Every item must
    belong to the form; all verdicts land in one transaction or none do.
    """
    if not verdicts:
        raise DomainError("reinspection.no_verdicts")
    rules = active_rules(ws)
    with ws.write(actor_id=actor_id) as s:
        form = live(s, FeedbackForm, form_id)
        original = live(s, Visit, form.visit_id)
        if visit_id is None:
            visit = Visit(
                school_id=original.school_id, template_id=None, scope=Scope.SPECIAL, stage=Stage.RESULT,
                planning=Planning.ROUTINE, notice=Notice.ANNOUNCED, status=VisitStatus.COMPLETED,
                planned_on=inspected_on, started_at=utcnow(), completed_at=utcnow(),
                purpose=f"复查 {form.number}", reinspection_of_form_id=form_id,
            )
            s.add(visit)
            s.flush()
            s.add(VisitTeamMember(visit_id=visit.id, inspector_id=inspector_id, role=TeamRole.LEADER))
        else:
            visit = live(s, Visit, visit_id)
            if visit.reinspection_of_form_id != form_id:
                raise DomainError("reinspection.visit_not_linked", visit=visit_id, form=form.number)
        on_form = set(s.scalars(sa.select(Requirement.id).where(Requirement.form_id == form_id)))
        for rect_id, (verdict, notes) in verdicts.items():
            rect = live(s, Rectification, rect_id)
            if rect.requirement_id not in on_form:
                raise DomainError("reinspection.not_on_form", rectification=rect_id, form=form.number)
            _store(rect, chain.apply_verdict(_state(s, rect), verdict, inspected_on, rules))
            if verdict is Verdict.RECTIFIED:
                rect.verified_on = inspected_on
            s.add(ReInspection(visit_id=visit.id, rectification_id=rect.id, verdict=verdict,
                               notes=notes, inspected_on=inspected_on))
        return visit.id


# ---------------------------------------------------------------- escalation and incentive


def record_escalation(
    ws: Workspace,
    rectification_id: str,
    kind: EscalationKind,
    reason: str,
    decided_on: dt.date,
    decided_by: str,
    evidence: str = "",
    actor_id: str | None = None,
    details: StepDetails | None = None,
) -> str:
    """One rung of the ladder, decided by a lead; the school gets a new deadline.

    ``details`` are what the step's paper tells the school (an interview's time and
    place, a notification's addressees); the window always gives them, and they are
    checked when given. A step recorded without them prints them as to be arranged."""
    # Not written at all for a non-lead: the server would refuse the step and the
    # status change that goes with it, and neither copy must show half of it.
    require_lead(ws, "escalation.lead_only")
    reason = required(reason, "escalation.reason_required")
    decided_by = required(decided_by, "escalation.lead_required")
    paper = details.checked(kind, decided_on) if details is not None else StepDetails()
    rules = active_rules(ws)
    with ws.write(actor_id=actor_id) as s:
        rect = live(s, Rectification, rectification_id)
        _store(rect, chain.escalate(_state(s, rect), kind, decided_on, rules))
        step = Escalation(rectification_id=rect.id, school_id=rect.school_id, kind=kind, reason=reason,
                          decided_on=decided_on, decided_by=decided_by, evidence=evidence, held_at=paper.held_at,
                          place=paper.place, participants=paper.participants, notified_to=paper.notified_to)
        s.add(step)
        s.flush()
        return step.id


def record_incentive(
    ws: Workspace,
    school_id: str,
    reason: str,
    decided_on: dt.date,
    decided_by: str,
    evidence: str = "",
    rectification_id: str | None = None,
    actor_id: str | None = None,
) -> str:
    require_lead(ws, "escalation.lead_only")  # an incentive is the office's decision too
    reason = required(reason, "escalation.reason_required")
    decided_by = required(decided_by, "escalation.lead_required")
    with ws.write(actor_id=actor_id) as s:
        live(s, School, school_id)
        if rectification_id is not None:
            rect = live(s, Rectification, rectification_id)
            if rect.school_id != school_id:
                raise DomainError("incentive.other_school", rectification=rectification_id)
            chain.check_incentive(rect.status)
        row = Escalation(rectification_id=rectification_id, school_id=school_id, kind=EscalationKind.INCENTIVE,
                         reason=reason, decided_on=decided_on, decided_by=decided_by, evidence=evidence)
        s.add(row)
        s.flush()
        return row.id


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class RectificationRow:
    id: str
    school_id: str
    school_name: str
    requirement: str
    deadline: dt.date
    status: RectificationStatus  # effective today: a passed deadline reads as overdue
    form_number: str


def rectification_rows(ws: Workspace, today: dt.date, school_id: str | None = None) -> tuple[RectificationRow, ...]:
    with ws.read() as s:
        stmt = (
            sa.select(Rectification, Requirement.text, School.name, FeedbackForm.number)
            .join(Requirement, Requirement.id == Rectification.requirement_id)
            .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
            .join(School, School.id == Rectification.school_id)
            .where(Rectification.deleted.is_(False))
            .order_by(Rectification.deadline)
        )
        if school_id is not None:
            stmt = stmt.where(Rectification.school_id == school_id)
        return tuple(
            RectificationRow(r.id, r.school_id, name, text, r.deadline, effective_status(r.status, r.deadline, today), number)
            for r, text, name, number in s.execute(stmt)
        )
