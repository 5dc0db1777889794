"""One visit in full: its checklist, findings, team and files, and its audit history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import Category, Notice, Planning, Rating, Scope, Severity, Stage, TeamRole, VisitStatus
from inspector_desktop.store.certified import SignedForm, signed_forms
from inspector_desktop.domain.templates import effective_weights, scale_of
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Attachment, ChecklistTemplate, Finding, IndicatorResult, Inspector, Visit, VisitTeamMember
from inspector_desktop.store.bookkeeping import AuditEntry
from inspector_desktop.store.describe import FieldChange, Namer, RecordName, shown_changes
from inspector_desktop.store.template_moves import NewerVersion, newer_version

# ---------------------------------------------------------------- one visit, in full


@dataclass(frozen=True)
class AttachmentSnap:
    id: str
    sha256: str
    filename: str
    mime_type: str
    size: int


@dataclass(frozen=True)
class ChecklistItem:
    indicator_id: str
    code: str
    category: Category
    title_zh: str
    title_en: str
    guidance_zh: str
    guidance_en: str
    result_id: str | None
    rating: Rating
    observation: str
    attachments: tuple[AttachmentSnap, ...] = ()
    weight: int = 0  # its share of the score, as the score counts it (domain/templates.py)


@dataclass(frozen=True)
class FindingSnap:
    id: str
    indicator_id: str | None
    category: Category
    severity: Severity
    problem: str
    evidence: str
    diagnosis: str
    recommendation: str
    attachments: tuple[AttachmentSnap, ...] = ()


@dataclass(frozen=True)
class TeamMemberSnap:
    inspector_id: str
    name: str
    role: TeamRole


@dataclass(frozen=True)
class VisitDetail:
    id: str
    school_id: str
    school_name: str
    template_title_zh: str
    template_title_en: str
    scope: Scope
    stage: Stage
    planning: Planning
    notice: Notice
    status: VisitStatus
    planned_on: dt.date
    purpose: str
    notes: str
    team: tuple[TeamMemberSnap, ...]
    checklist: tuple[ChecklistItem, ...]
    findings: tuple[FindingSnap, ...]
    signed_forms: tuple[SignedForm, ...] = ()  # what certifies findings: those become read-only
    template_id: str | None = None
    template_version: int = 0
    scale: dict[Rating, int] = field(default_factory=dict)  # points per rating, for the score
    newer_template: NewerVersion | None = None  # a newer published version the visit may move to

    def certified_by(self, finding_id: str) -> SignedForm | None:
        return next((f for f in self.signed_forms if finding_id in f.finding_ids), None)


def _attachments(s: Session, column: sa.Column, ids: Iterable[str]) -> dict[str, tuple[AttachmentSnap, ...]]:
    out: dict[str, list[AttachmentSnap]] = defaultdict(list)
    ids = list(ids)
    if ids:
        for a in s.scalars(
            sa.select(Attachment).where(column.in_(ids), Attachment.deleted.is_(False)).order_by(Attachment.created_at)
        ):
            out[getattr(a, column.key)].append(AttachmentSnap(a.id, a.sha256, a.filename, a.mime_type, a.size))
    return {k: tuple(v) for k, v in out.items()}


def visit_detail(ws: Workspace, visit_id: str) -> VisitDetail:
    with ws.read() as s:
        v = s.get(Visit, visit_id)
        if v is None:
            raise LookupError(visit_id)
        template = s.get(ChecklistTemplate, v.template_id) if v.template_id else None
        indicators = [i for i in template.indicators if not i.deleted] if template else []
        results = {
            r.indicator_id: r
            for r in s.scalars(sa.select(IndicatorResult).where(IndicatorResult.visit_id == visit_id))
        }
        result_files = _attachments(s, Attachment.indicator_result_id, [r.id for r in results.values()])
        findings = list(
            s.scalars(
                sa.select(Finding)
                .where(Finding.visit_id == visit_id, Finding.deleted.is_(False))
                .order_by(Finding.created_at, Finding.id)
            )
        )
        finding_files = _attachments(s, Attachment.finding_id, [f.id for f in findings])
        team = s.execute(
            sa.select(VisitTeamMember.inspector_id, Inspector.name, VisitTeamMember.role)
            .join(Inspector, Inspector.id == VisitTeamMember.inspector_id)
            .where(VisitTeamMember.visit_id == visit_id, VisitTeamMember.deleted.is_(False))
            .order_by(VisitTeamMember.role, Inspector.name)
        ).all()
        checklist = []
        weights = effective_weights([ind.weight for ind in indicators])
        for ind, weight in zip(indicators, weights, strict=True):
            r = results.get(ind.id)
            checklist.append(
                ChecklistItem(
                    ind.id, ind.code, ind.category, ind.title_zh, ind.title_en, ind.guidance_zh, ind.guidance_en,
                    r.id if r else None, r.rating if r else Rating.NOT_ASSESSED, r.observation if r else "",
                    result_files.get(r.id, ()) if r else (), weight,
                )
            )
        return VisitDetail(
            id=v.id,
            school_id=v.school_id,
            school_name=v.school.name,
            template_title_zh=template.title_zh if template else "",
            template_title_en=template.title_en if template else "",
            scope=v.scope, stage=v.stage, planning=v.planning, notice=v.notice, status=v.status,
            planned_on=v.planned_on, purpose=v.purpose, notes=v.notes,
            team=tuple(TeamMemberSnap(i, n, r) for i, n, r in team),
            checklist=tuple(checklist),
            findings=tuple(
                FindingSnap(f.id, f.indicator_id, f.category, f.severity, f.problem, f.evidence, f.diagnosis,
                            f.recommendation, finding_files.get(f.id, ()))
                for f in findings
            ),
            signed_forms=signed_forms(s, visit_id),
            template_id=template.id if template else None,
            template_version=template.version if template else 0,
            scale=scale_of(template.scale if template else None),
            newer_template=newer_version(s, v.template_id),
        )


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    entity: str
    action: str
    name: RecordName  # the record in words: its finding, checklist line or file, never its id
    fields: tuple[FieldChange, ...]  # only the fields a person is shown (wording.records)


def visit_history(ws: Workspace, visit_id: str, limit: int = 500) -> tuple[HistoryEntry, ...]:
    """The audit trail of a visit and everything recorded on it, newest first."""
    with ws.read() as s:
        related = {visit_id}
        related |= set(s.scalars(sa.select(Finding.id).where(Finding.visit_id == visit_id)))
        related |= set(s.scalars(sa.select(IndicatorResult.id).where(IndicatorResult.visit_id == visit_id)))
        related |= set(s.scalars(sa.select(VisitTeamMember.id).where(VisitTeamMember.visit_id == visit_id)))
        related |= set(
            s.scalars(
                sa.select(Attachment.id).where(
                    sa.or_(
                        Attachment.visit_id == visit_id,
                        Attachment.finding_id.in_(related),
                        Attachment.indicator_result_id.in_(related),
                    )
                )
            )
        )
        names = dict(s.execute(sa.select(Inspector.id, Inspector.name)).all())
        entries = s.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity_id.in_(related))
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        # The visit page shows the visit in full, hidden or not.
        namer = Namer(s, revealed=True)
        return tuple(
            HistoryEntry(e.at, names.get(e.actor_id, ""), e.entity, e.action, namer.name(e.entity, e.entity_id),
                         shown_changes(e.entity, e.changes))
            for e in entries
        )
