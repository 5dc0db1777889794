"""What the printed document of one escalation step (or incentive) shows, and
what the lead fills in when recording a step (``StepDetails``, with defaults).

``reports/escalation.py`` turns an ``EscalationDocument`` into PDF bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.store.checks import live
from inspector_desktop.store.db import Workspace
from inspector_desktop.domain import DomainError, TeamRole
from inspector_desktop.store.models import (
    Escalation,
    FeedbackForm,
    Finding,
    Inspector,
    ReInspection,
    Rectification,
    Requirement,
    School,
    VisitTeamMember,
)
from inspector_desktop.store.office import Office, issuing_office
from inspector_desktop.store.rules import active_rules


@dataclass(frozen=True)
class StepDetails:
    """What the step's paper tells the school beyond the decision itself.

    An interview (约谈) needs its time and place; a public notification (通报)
    whom it goes to. The others are optional: an accountability recommendation
    (问责) may name the persons concerned and its addressee. ``held_at`` is the
    wall-clock time at the place, as the lead entered it: an appointment printed
    on paper, not a UTC moment."""

    held_at: dt.datetime | None = None
    place: str = ""
    participants: str = ""
    notified_to: str = ""

    def checked(self, kind: EscalationKind, decided_on: dt.date) -> StepDetails:
        clean = StepDetails(self.held_at, self.place.strip(), self.participants.strip(), self.notified_to.strip())
        if kind is EscalationKind.INTERVIEW:
            if clean.held_at is None:
                raise DomainError("escalation.interview_time_required")
            if clean.held_at.date() < decided_on:
                raise DomainError("escalation.interview_before_decision")
            if not clean.place:
                raise DomainError("escalation.interview_place_required")
        if kind is EscalationKind.PUBLIC_NOTIFICATION and not clean.notified_to:
            raise DomainError("escalation.notification_scope_required")
        return clean


@dataclass(frozen=True)
class StepDefaults:
    """What the step dialog proposes: who the school and its department are, and
    the inspectors who led the visit the rectification came from."""

    school_name: str
    competent_department: str
    district: str
    lead_inspectors: tuple[str, ...]


def step_defaults(ws: Workspace, rectification_id: str) -> StepDefaults:
    with ws.read() as s:
        rect = live(s, Rectification, rectification_id)
        school = live(s, School, rect.school_id)
        visit_id = s.scalar(sa.select(FeedbackForm.visit_id).join(Requirement, Requirement.form_id == FeedbackForm.id)
                            .where(Requirement.id == rect.requirement_id))
        leaders = s.scalars(
            sa.select(Inspector.name).join(VisitTeamMember, VisitTeamMember.inspector_id == Inspector.id)
            .where(VisitTeamMember.visit_id == visit_id, VisitTeamMember.deleted.is_(False),
                   VisitTeamMember.role == TeamRole.LEADER)
            .order_by(Inspector.code)).all()
        return StepDefaults(school.name, rect.competent_department or school.competent_department,
                            school.district, tuple(leaders))


@dataclass(frozen=True)
class StepSummary:
    kind: EscalationKind
    decided_on: dt.date
    decided_by: str
    reason: str


@dataclass(frozen=True)
class VerdictSummary:
    inspected_on: dt.date
    verdict: Verdict
    notes: str


@dataclass(frozen=True)
class EscalationDocument:
    """Everything the printed document of one escalation step shows."""

    escalation_id: str
    number: str  # form number / step number, e.g. "DX0417-2026-0046/2"
    kind: EscalationKind
    reason: str
    decided_on: dt.date
    decided_by: str
    evidence: str
    school_name: str
    school_code: str
    competent_department: str
    form_number: str | None
    requirement: str | None
    finding: str | None
    original_deadline: dt.date | None
    new_deadline: dt.date | None  # what the school must now meet; None for an incentive
    reported_on: dt.date | None
    earlier_steps: tuple[StepSummary, ...]
    verdicts: tuple[VerdictSummary, ...]
    details: StepDetails
    # The rule file in force, by its title: the paper names rules in words, not by file.
    rules_title_zh: str
    rules_title_en: str
    days_to_next_step: int
    office: Office


@dataclass(frozen=True)
class RecordedStep:
    """A decision recorded on a rectification (an escalation step or an incentive),
    as the tracker lists it: whoever holds the rectification sees what was decided."""

    escalation_id: str
    kind: EscalationKind
    decided_on: dt.date
    decided_by: str


def recorded_steps(ws: Workspace) -> dict[str, tuple[RecordedStep, ...]]:
    """Each rectification's recorded decisions, oldest first, by rectification id."""
    out: dict[str, list[RecordedStep]] = {}
    with ws.read() as s:
        for eid, rid, kind, day, lead in s.execute(
            sa.select(Escalation.id, Escalation.rectification_id, Escalation.kind, Escalation.decided_on,
                      Escalation.decided_by)
            .where(Escalation.deleted.is_(False), Escalation.rectification_id.is_not(None))
            .order_by(Escalation.decided_on, Escalation.created_at)):
            out.setdefault(rid, []).append(RecordedStep(eid, kind, day, lead))
    return {rid: tuple(found) for rid, found in out.items()}


def escalation_document(ws: Workspace, escalation_id: str) -> EscalationDocument:
    rules = active_rules(ws)
    office = issuing_office(ws)
    with ws.read() as s:
        step = live(s, Escalation, escalation_id)
        school = live(s, School, step.school_id)
        rect = s.get(Rectification, step.rectification_id) if step.rectification_id else None
        req = s.get(Requirement, rect.requirement_id) if rect else None
        form = s.get(FeedbackForm, req.form_id) if req else None
        finding = s.scalar(sa.select(Finding.problem).where(Finding.id == req.finding_id)) if req and req.finding_id else None
        history = s.scalars(
            sa.select(Escalation).where(Escalation.rectification_id == step.rectification_id,
                                        Escalation.deleted.is_(False), Escalation.kind != EscalationKind.INCENTIVE)
            .order_by(Escalation.decided_on, Escalation.created_at)).all() if rect else []
        earlier = []
        for e in history:
            if e.id == step.id:
                break
            earlier.append(StepSummary(e.kind, e.decided_on, e.decided_by, e.reason))
        verdicts = tuple(VerdictSummary(r.inspected_on, r.verdict, r.notes) for r in s.scalars(
            sa.select(ReInspection).where(ReInspection.rectification_id == step.rectification_id,
                                          ReInspection.deleted.is_(False),
                                          ReInspection.inspected_on <= step.decided_on)
            .order_by(ReInspection.inspected_on))) if rect else ()
        is_step = step.kind is not EscalationKind.INCENTIVE
        return EscalationDocument(
            escalation_id=step.id,
            number=f"{form.number}/{len(earlier) + 1}" if form and is_step else step.id[:8].upper(),
            kind=step.kind, reason=step.reason, decided_on=step.decided_on, decided_by=step.decided_by,
            evidence=step.evidence, school_name=school.name, school_code=school.code,
            competent_department=school.competent_department,
            form_number=form.number if form else None, requirement=req.text if req else None, finding=finding,
            original_deadline=req.deadline if req else None,
            # Recomputed from the rules rather than read from the item, whose deadline
            # a later step or verdict may have moved since this step was taken.
            new_deadline=rules.deadline(step.decided_on, rules.days_to_next_step) if rect and is_step else None,
            # The document states the facts as they stood when the step was decided.
            reported_on=rect.reported_on if rect and rect.reported_on and rect.reported_on <= step.decided_on else None,
            earlier_steps=tuple(earlier), verdicts=verdicts,
            details=StepDetails(step.held_at, step.place, step.participants, step.notified_to),
            rules_title_zh=rules.title_zh, rules_title_en=rules.title_en, days_to_next_step=rules.days_to_next_step,
            office=office,
        )
