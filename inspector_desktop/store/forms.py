"""Feedback forms (督导意见书): drafting from a visit, numbering, signatures, sealing, addenda.

Plain functions on a Workspace; each takes its own Session and returns frozen
snapshots, so the GUI can call them through ui/ops.run_op. Once sealed, the
stored ``canonical_content`` is what gets printed and verified: the sheet is
rendered from the very bytes that were digested.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, FormStatus, Notice, Scope, Severity, SignatureRole, TeamRole
from inspector_desktop.domain.forms import FORM_LIFECYCLE, check_language, ensure_editable, ensure_signable, form_number
from inspector_desktop.signing import content, seal
from inspector_desktop.signing.content import SheetSource
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.form_content import content_from_db, form_inspector, live, office_name
from inspector_desktop.store.form_content import office_verify_url as office_verify_url  # for the sheet's callers
from inspector_desktop.store.models import (
    DeviceKey,
    FeedbackForm,
    Finding,
    Inspector,
    Requirement,
    School,
    Signature,
    Visit,
    VisitTeamMember,
    utcnow,
)
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.store.rectifications import open_for_form
from inspector_desktop.store.rules import active_rules

# An inspector's id in, that inspector's private device key out (signing.device_key.private_key).
DeviceKeySource = Callable[[str], Ed25519PrivateKey]


# ---------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class RequirementDraft:
    text: str
    deadline: dt.date
    responsible_party: str
    copied_to: str = ""
    finding_id: str | None = None


@dataclass(frozen=True)
class SignatureSnapshot:
    role: SignatureRole
    signer_name: str
    signer_title: str
    signed_at: dt.datetime
    stroke_count: int


@dataclass(frozen=True)
class FormSnapshot:
    id: str
    number: str
    status: FormStatus
    language: str
    visit_id: str
    school_name: str
    competent_department: str
    notice: Notice
    finding_count: int
    summary: str
    no_issues_statement: str
    free_text: str
    requirements: tuple[RequirementDraft, ...]
    signatures: tuple[SignatureSnapshot, ...]
    digest: str | None
    addendum_of_id: str | None

    @property
    def locked(self) -> bool:
        return self.status is not FormStatus.DRAFT


# ---------------------------------------------------------------- who is signing


def _acting_inspector(s: Session, ws: Workspace, visit: Visit) -> Inspector:
    """The laptop's inspector if one is set, else the visit's team leader."""
    current = current_inspector_id(ws)
    if current and (inspector := s.get(Inspector, current)) is not None:
        return inspector
    leader = s.scalar(
        sa.select(Inspector).join(VisitTeamMember, VisitTeamMember.inspector_id == Inspector.id)
        .where(VisitTeamMember.visit_id == visit.id, VisitTeamMember.role == TeamRole.LEADER)
    )
    if leader is None:
        raise DomainError("form.no_inspector", visit_id=visit.id)
    return leader


def _record_device_key(ws: Workspace, inspector_id: str, private: Ed25519PrivateKey) -> str:
    """The key's id, its public half recorded in DeviceKey so that the server, and
    anyone verifying a sheet, can check what it signs."""
    kid = seal.key_id(seal.raw_public_key(private))
    with ws.write() as s:
        if s.scalar(sa.select(DeviceKey.id).where(DeviceKey.key_id == kid)) is None:
            s.add(DeviceKey(inspector_id=inspector_id, key_id=kid, public_key=seal.public_key_text(private),
                            label=f"client {ws.client_id[:8]}"))
    return kid


def public_key(ws: Workspace, key_id: str) -> str | None:
    with ws.read() as s:
        return s.scalar(sa.select(DeviceKey.public_key).where(DeviceKey.key_id == key_id, DeviceKey.deleted.is_(False)))


# ---------------------------------------------------------------- drafting


def _next_number(s: Session, code: str, year: int) -> str:
    # Runs inside the write transaction (BEGIN IMMEDIATE), so two drafts cannot take one number.
    prefix = f"{code}-{year:04d}-"
    numbers = s.scalars(sa.select(FeedbackForm.number).where(FeedbackForm.number.startswith(prefix)))
    used = [int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()]
    return form_number(code, year, max(used, default=0) + 1)


def new_requirement_deadline(ws: Workspace, today: dt.date) -> dt.date:
    """The deadline a requirement added by hand starts with. It answers no finding,
    so it has no severity: it gets the rule file's period for a minor problem (the
    usual one), which the inspector shortens where the problem calls for it."""
    return active_rules(ws).rectification_deadline(today, Severity.MINOR)


def draft_form(ws: Workspace, visit_id: str, language: str = "zh_CN", today: dt.date | None = None) -> str:
    """A new draft from the visit's findings: summary, findings, one requirement each,
    due by the active rule file's period for the finding's severity."""
    check_language(language)
    today = today or dt.date.today()
    rules = active_rules(ws)
    with ws.write() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted:
            raise DomainError("visit.not_found", visit_id=visit_id)
        school = s.get(School, visit.school_id)
        assert school is not None
        inspector = _acting_inspector(s, ws, visit)
        findings = live(s, Finding, Finding.visit_id == visit_id)
        form = FeedbackForm(
            visit_id=visit_id, number=_next_number(s, inspector.code, today.year), language=language,
            summary=content.default_summary(language, Scope(visit.scope), visit.planned_on, inspector.name,
                                            school.name, len(findings)),
        )
        s.add(form)
        s.flush()
        for k, f in enumerate(findings, start=1):
            s.add(Requirement(
                form_id=form.id, finding_id=f.id, ordinal=k, text=f.recommendation or f.problem,
                deadline=rules.rectification_deadline(today, Severity(f.severity)),
                responsible_party=school.name, copied_to=school.competent_department,
            ))
        return form.id


def save_draft(
    ws: Workspace,
    form_id: str,
    *,
    summary: str | None = None,
    no_issues_statement: str | None = None,
    free_text: str | None = None,
    language: str | None = None,
    requirements: Sequence[RequirementDraft] | None = None,
) -> None:
    """Edit a draft; ``requirements`` replaces the whole list, in the order given."""
    with ws.write() as s:
        form = _form(s, form_id)
        ensure_editable(form.status)
        for field, value in (("summary", summary), ("no_issues_statement", no_issues_statement),
                             ("free_text", free_text)):
            if value is not None:
                setattr(form, field, value)
        if language is not None:
            form.language = check_language(language)
        if requirements is None:
            return
        for r in requirements:
            if not r.text.strip() or not r.responsible_party.strip():
                raise DomainError("requirement.incomplete", text=r.text)
        existing = live(s, Requirement, Requirement.form_id == form_id)
        for k, draft in enumerate(requirements, start=1):
            row = existing[k - 1] if k <= len(existing) else Requirement(form_id=form_id)
            row.ordinal, row.text, row.deadline = k, draft.text, draft.deadline
            row.responsible_party, row.copied_to, row.finding_id = (
                draft.responsible_party, draft.copied_to, draft.finding_id)
            s.add(row)
        for row in existing[len(requirements):]:
            row.deleted = True  # tombstones: hard deletes never reach other copies


def put_signature(
    ws: Workspace,
    form_id: str,
    role: SignatureRole,
    signer_name: str,
    signer_title: str,
    strokes: list[Any],
    png: bytes,
    at: dt.datetime | None = None,
) -> None:
    """Record (or redo) one party's handwritten signature on a draft."""
    if not signer_name.strip():
        raise DomainError("signature.name_required", role=str(role))
    if not strokes or not png:
        raise DomainError("signature.empty", role=str(role))
    try:
        seal.strokes_digest(strokes)  # refuses malformed points before they are stored
    except (TypeError, ValueError, IndexError) as exc:
        raise DomainError("signature.bad_strokes", role=str(role), detail=str(exc)) from None
    with ws.write() as s:
        ensure_editable(_form(s, form_id).status)
        # One row per role (a unique constraint): a redone signature updates it.
        row = s.scalar(sa.select(Signature).where(Signature.form_id == form_id, Signature.role == role))
        row = row or Signature(form_id=form_id, role=role)
        row.signer_name, row.signer_title = signer_name.strip(), signer_title.strip()
        row.strokes, row.png, row.signed_at, row.deleted = strokes, png, at or utcnow(), False
        s.add(row)


def draft_addendum(ws: Workspace, form_id: str, today: dt.date | None = None) -> str:
    """A correction to a signed form: a new draft, linked to it, starting from its content."""
    today = today or dt.date.today()
    with ws.write() as s:
        original = _form(s, form_id)
        if original.status is FormStatus.DRAFT:
            raise DomainError("form.addendum_of_draft", form_id=form_id)
        visit = s.get(Visit, original.visit_id)
        assert visit is not None
        inspector = _acting_inspector(s, ws, visit)
        form = FeedbackForm(
            visit_id=original.visit_id, number=_next_number(s, inspector.code, today.year),
            language=original.language, summary=original.summary, free_text=original.free_text,
            no_issues_statement=original.no_issues_statement, addendum_of_id=original.id,
        )
        s.add(form)
        s.flush()
        for r in live(s, Requirement, Requirement.form_id == original.id):
            s.add(Requirement(form_id=form.id, finding_id=r.finding_id, ordinal=r.ordinal, text=r.text,
                              deadline=r.deadline, responsible_party=r.responsible_party, copied_to=r.copied_to))
        return form.id


# ---------------------------------------------------------------- signing


def sign_form(ws: Workspace, form_id: str, device_key: DeviceKeySource, now: dt.datetime | None = None) -> FormSnapshot:
    """Seal a draft: both signatures present, content digested and signed by the
    inspector's device key; and, in the same transaction, one rectification per
    requirement (store.rectifications.open_for_form). Either both are stored or neither."""
    with ws.read() as s:
        form = _form(s, form_id)
        inspector_id = form_inspector(s, form).id
    private = device_key(inspector_id)  # outside the write lock: a keyring may prompt
    key_id = _record_device_key(ws, inspector_id, private)
    moment = now or utcnow()
    tz = content.local_zone()
    issuer = office_name(ws)  # the 落款: who issues the sheet
    with ws.write() as s:
        form = _form(s, form_id)
        roles = [SignatureRole(g.role) for g in live(s, Signature, Signature.form_id == form_id)]
        findings = s.scalar(sa.select(sa.func.count()).select_from(Finding)
                            .where(Finding.visit_id == form.visit_id, Finding.deleted.is_(False)))
        ensure_signable(form.status, roles, findings or 0, form.no_issues_statement)
        sealed = seal.seal(content_from_db(s, form, tz, moment, key_id, issuer), private)
        form.canonical_content, form.digest = sealed.canonical, sealed.digest
        form.device_key_id, form.device_signature = sealed.device_key_id, sealed.device_signature
        form.status, form.signed_at = FormStatus.SIGNED, moment
        s.flush()  # the lock goes out before the items it opens
        open_for_form(s, form)
    return load_form(ws, form_id)


def issue_form(ws: Workspace, form_id: str, now: dt.datetime | None = None) -> None:
    """The printed sheet was handed to the school; the only change a signed form allows."""
    with ws.write() as s:
        form = _form(s, form_id)
        FORM_LIFECYCLE.check(form.status, FormStatus.ISSUED)
        form.status, form.issued_at = FormStatus.ISSUED, now or utcnow()


# ---------------------------------------------------------------- reading


def _form(s: Session, form_id: str) -> FeedbackForm:
    form = s.get(FeedbackForm, form_id)
    if form is None or form.deleted:
        raise DomainError("form.not_found", form_id=form_id)
    return form


def load_form(ws: Workspace, form_id: str) -> FormSnapshot:
    with ws.read() as s:
        form = _form(s, form_id)
        visit = s.get(Visit, form.visit_id)
        assert visit is not None
        school = s.get(School, visit.school_id)
        assert school is not None
        findings = s.scalar(sa.select(sa.func.count()).select_from(Finding)
                            .where(Finding.visit_id == visit.id, Finding.deleted.is_(False)))
        reqs = sorted(live(s, Requirement, Requirement.form_id == form_id), key=lambda r: r.ordinal)
        sigs = live(s, Signature, Signature.form_id == form_id)
        return FormSnapshot(
            id=form.id, number=form.number, status=FormStatus(form.status), language=form.language,
            visit_id=visit.id, school_name=school.name, competent_department=school.competent_department,
            notice=Notice(visit.notice), finding_count=findings or 0, summary=form.summary,
            no_issues_statement=form.no_issues_statement, free_text=form.free_text,
            requirements=tuple(RequirementDraft(r.text, r.deadline, r.responsible_party, r.copied_to, r.finding_id)
                               for r in reqs),
            signatures=tuple(SignatureSnapshot(SignatureRole(g.role), g.signer_name, g.signer_title, g.signed_at,
                                               len(g.strokes or [])) for g in sigs),
            digest=form.digest, addendum_of_id=form.addendum_of_id,
        )


def signed_form_ids(ws: Workspace) -> list[str]:
    with ws.read() as s:
        return list(s.scalars(
            sa.select(FeedbackForm.id)
            .where(FeedbackForm.deleted.is_(False), FeedbackForm.status != FormStatus.DRAFT)
            .order_by(FeedbackForm.number)
        ))


def sheet_source(ws: Workspace, form_id: str) -> SheetSource:
    """What to print: the sealed content as stored, or a draft's current content."""
    with ws.read() as s:
        form = _form(s, form_id)
        pngs = tuple((str(g.role), g.png or b"") for g in live(s, Signature, Signature.form_id == form_id))
        if form.status is FormStatus.DRAFT:
            draft = seal.canonical_json(content_from_db(s, form, content.local_zone(), None, None, office_name(ws)))
            return SheetSource(draft, pngs, None, None)
        if not (form.canonical_content and form.digest and form.device_key_id and form.device_signature):
            raise DomainError("form.not_sealed", number=form.number)
        sealed = seal.Seal(form.canonical_content, form.digest, form.device_key_id, form.device_signature)
        key = s.scalar(sa.select(DeviceKey.public_key).where(DeviceKey.key_id == form.device_key_id))
        return SheetSource(form.canonical_content, pngs, sealed, key)


def stored_form_problems(ws: Workspace, form_id: str) -> list[str]:
    """Why the stored signed form can no longer be trusted; empty when it is intact."""
    source = sheet_source(ws, form_id)
    if source.seal is None:
        return ["not signed"]
    problems = seal.seal_problems(source.content_json, source.seal, source.public_key)
    try:
        sealed = json.loads(source.content_json)
        with ws.read() as s:
            form = _form(s, form_id)
            tz = content.tz_from_offset(sealed["timezone"])
            now = content_from_db(s, form, tz, form.signed_at, form.device_key_id)
    except (ValueError, KeyError, TypeError) as exc:
        return [*problems, f"the stored content cannot be read ({exc})"]
    return problems + [f"the stored {key} differs from what was signed"
                       for key in content.changed_form_fields(sealed, now)]
