"""What the printed document of one escalation step (or incentive) shows.

``reports/escalation.py`` turns an ``EscalationDocument`` into PDF bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.store.checks import live
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Escalation,
    FeedbackForm,
    Finding,
    ReInspection,
    Rectification,
    Requirement,
    School,
)
from inspector_desktop.store.rules import active_rules


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
    rules: str


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
            earlier_steps=tuple(earlier), verdicts=verdicts, rules=rules.key,
        )
