"""Services of the accountability chain on a Workspace.

Each service is one write transaction through ``ws.write(actor_id=...)``, so the
audit trail and the outbox are written with the change. The rules of the chain
are in ``domain/chain.py``; this module loads the state, asks the domain for
the next state and stores it. Snapshots (frozen dataclasses) come back, never
ORM objects.
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
    ResponseKind,
    Scope,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)
from inspector_desktop.domain import chain, random_pick
from inspector_desktop.domain.rules import DEFAULT_RULES, RuleSet, load_rules
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Attachment,
    Escalation,
    FeedbackForm,
    Finding,
    ReInspection,
    RandomPick,
    Rectification,
    Requirement,
    SchoolAssignment,
    School,
    SchoolResponse,
    Visit,
    VisitTeamMember,
    utcnow,
)

RULES_SETTING = "rules"  # which rule file this workspace follows, e.g. "jiangxi.v1"
PICK_ALGORITHM = "random.Random(seed).sample/sorted-candidates/v1"


def active_rules(ws: Workspace) -> RuleSet:
    return load_rules(ws.setting(RULES_SETTING) or DEFAULT_RULES)


def set_rules(ws: Workspace, name: str) -> RuleSet:
    """Follow another rule file from now on; refused (and nothing saved) if it is bad."""
    rules = load_rules(name)
    ws.set_setting(RULES_SETTING, rules.key)
    return rules


def _required(value: str, code: str) -> str:
    if not value or not value.strip():
        raise DomainError(code)
    return value.strip()


def _get(s: Session, model: type, record_id: str):  # type: ignore[no-untyped-def]
    row = s.get(model, record_id)
    if row is None or row.deleted:
        raise DomainError("record.not_found", entity=model.__tablename__, id=record_id)
    return row


# ---------------------------------------------------------------- rectifications


def open_rectifications(ws: Workspace, form_id: str, actor_id: str | None = None) -> list[str]:
    """One rectification per requirement of a signed form; safe to call again."""
    with ws.write(actor_id=actor_id) as s:
        form = _get(s, FeedbackForm, form_id)
        if form.status is FormStatus.DRAFT:
            raise DomainError("rectification.form_not_signed", form=form.number)
        school_id = s.scalar(sa.select(Visit.school_id).where(Visit.id == form.visit_id))
        have = set(s.scalars(sa.select(Rectification.requirement_id).join(Requirement).where(
            Requirement.form_id == form_id, Rectification.deleted.is_(False))))
        made = []
        for req in form.requirements:
            if req.deleted or req.id in have:
                continue
            rect = Rectification(requirement_id=req.id, school_id=school_id, deadline=req.deadline)
            s.add(rect)
            s.flush()
            made.append(rect.id)
        return made


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
    text = _required(text, "rectification.report_needs_text")
    # Files first: content-addressed, so a failed transaction leaves only an unused copy.
    stored = [(p, *ws.attachments.put_file(p)) for p in attachments]
    with ws.write(actor_id=actor_id) as s:
        rect = _get(s, Rectification, rectification_id)
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
        form = _get(s, FeedbackForm, form_id)
        original = _get(s, Visit, form.visit_id)
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
            visit = _get(s, Visit, visit_id)
            if visit.reinspection_of_form_id != form_id:
                raise DomainError("reinspection.visit_not_linked", visit=visit_id, form=form.number)
        on_form = set(s.scalars(sa.select(Requirement.id).where(Requirement.form_id == form_id)))
        for rect_id, (verdict, notes) in verdicts.items():
            rect = _get(s, Rectification, rect_id)
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
) -> str:
    """One rung of the ladder, decided by a lead; the school gets a new deadline."""
    reason = _required(reason, "escalation.reason_required")
    decided_by = _required(decided_by, "escalation.lead_required")
    rules = active_rules(ws)
    with ws.write(actor_id=actor_id) as s:
        rect = _get(s, Rectification, rectification_id)
        _store(rect, chain.escalate(_state(s, rect), kind, decided_on, rules))
        step = Escalation(rectification_id=rect.id, school_id=rect.school_id, kind=kind, reason=reason,
                          decided_on=decided_on, decided_by=decided_by, evidence=evidence)
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
    reason = _required(reason, "escalation.reason_required")
    decided_by = _required(decided_by, "escalation.lead_required")
    with ws.write(actor_id=actor_id) as s:
        _get(s, School, school_id)
        if rectification_id is not None:
            rect = _get(s, Rectification, rectification_id)
            if rect.school_id != school_id:
                raise DomainError("incentive.other_school", rectification=rectification_id)
            chain.check_incentive(rect.status)
        row = Escalation(rectification_id=rectification_id, school_id=school_id, kind=EscalationKind.INCENTIVE,
                         reason=reason, decided_on=decided_on, decided_by=decided_by, evidence=evidence)
        s.add(row)
        s.flush()
        return row.id


# ---------------------------------------------------------------- the school's response (异议)


def record_response(
    ws: Workspace,
    form_id: str,
    kind: ResponseKind,
    text: str,
    received_on: dt.date,
    actor_id: str | None = None,
) -> str:
    rules = active_rules(ws)
    with ws.write(actor_id=actor_id) as s:
        form = _get(s, FeedbackForm, form_id)
        earlier = list(s.scalars(sa.select(SchoolResponse.kind).where(
            SchoolResponse.form_id == form_id, SchoolResponse.deleted.is_(False),
            # An answered objection is settled; the school may then acknowledge or object anew.
            sa.or_(SchoolResponse.kind == ResponseKind.ACKNOWLEDGEMENT, SchoolResponse.replied_on.is_(None)))))
        chain.check_response(form.status, kind, text, earlier)
        row = SchoolResponse(form_id=form_id, kind=kind, text=text.strip(), received_on=received_on,
                             reply_deadline=chain.reply_deadline(kind, received_on, rules))
        s.add(row)
        s.flush()
        return row.id


def reply_to_objection(
    ws: Workspace, response_id: str, text: str, replied_on: dt.date, actor_id: str | None = None
) -> None:
    with ws.write(actor_id=actor_id) as s:
        row = _get(s, SchoolResponse, response_id)
        chain.check_reply(row.kind, row.replied_on, text)
        row.reply_text = text.strip()
        row.replied_on = replied_on


# ---------------------------------------------------------------- 双随机


@dataclass(frozen=True)
class PickRecord:
    id: str
    seed: str
    made_on: dt.date
    made_by: str
    school_ids: tuple[str, ...]
    inspectors: Mapping[str, tuple[str, ...]]


def run_random_pick(
    ws: Workspace,
    made_on: dt.date,
    made_by: str,
    school_count: int,
    purpose: str = "",
    school_ids: Sequence[str] | None = None,
    inspector_ids: Sequence[str] = (),
    inspectors_per_school: int = 0,
    avoid_own_schools: bool = True,
    seed: str | None = None,
    actor_id: str | None = None,
) -> PickRecord:
    """Draw and store in one step: a draw that was not stored could be re-drawn until liked."""
    made_by = _required(made_by, "random_pick.made_by_required")
    seed = seed or random_pick.new_seed()
    with ws.write(actor_id=actor_id) as s:
        pool = list(school_ids) if school_ids is not None else list(
            s.scalars(sa.select(School.id).where(School.deleted.is_(False))))
        conflicts: dict[str, list[str]] = {}
        if inspectors_per_school and avoid_own_schools:
            for school, inspector in s.execute(sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id)
                                               .where(SchoolAssignment.deleted.is_(False),
                                                      sa.or_(SchoolAssignment.until.is_(None),
                                                             SchoolAssignment.until >= made_on))):
                conflicts.setdefault(school, []).append(inspector)
        rule = {
            "algorithm": PICK_ALGORITHM,
            "school_count": school_count,
            "inspectors_per_school": inspectors_per_school,
            "inspector_candidates": sorted(set(inspector_ids)),
            "conflicts": {k: sorted(v) for k, v in sorted(conflicts.items())},
        }
        result = _draw(seed, sorted(set(pool)), rule)
        row = RandomPick(made_on=made_on, made_by=made_by, purpose=purpose, seed=seed, rule=rule,
                         candidates=sorted(set(pool)), picked=_picked_json(result))
        s.add(row)
        s.flush()
        return PickRecord(row.id, seed, made_on, made_by, result.school_ids, result.inspectors)


def _draw(seed: str, candidates: list[str], rule: dict) -> random_pick.Draw:  # type: ignore[type-arg]
    return random_pick.draw(
        seed, candidates, rule["school_count"], rule["inspector_candidates"], rule["inspectors_per_school"],
        {k: frozenset(v) for k, v in rule["conflicts"].items()},
    )


def _picked_json(result: random_pick.Draw) -> list[dict]:  # type: ignore[type-arg]
    return [{"school_id": sid, "inspector_ids": list(result.inspectors.get(sid, ()))} for sid in result.school_ids]


def audit_random_pick(ws: Workspace, pick_id: str) -> bool:
    """Re-run a stored draw from its seed and candidates: True if it gives the stored result."""
    with ws.read() as s:
        row = _get(s, RandomPick, pick_id)
        seed, candidates, rule, picked = row.seed, list(row.candidates), dict(row.rule), list(row.picked)
    return _picked_json(_draw(seed, candidates, rule)) == picked


# ---------------------------------------------------------------- the escalation step's document


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


def escalation_document(ws: Workspace, escalation_id: str) -> EscalationDocument:
    rules = active_rules(ws)
    with ws.read() as s:
        step = _get(s, Escalation, escalation_id)
        school = _get(s, School, step.school_id)
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

