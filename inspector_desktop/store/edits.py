"""The mutations the desktop window makes, one write transaction each.

Each goes through ``ws.write()``, so the audit entry and the outbox entry are
written with the edit (store/changes.py). Only whitelisted fields can be set
from the window; anything else is refused with a DomainError code the UI words.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import (
    Category,
    DomainError,
    Notice,
    Planning,
    Rating,
    Scope,
    Severity,
    Stage,
    TeamRole,
    VisitStatus,
)
from inspector_desktop.domain.visits import VISIT_LIFECYCLE
from inspector_desktop.store import certified
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Attachment,
    Finding,
    Indicator,
    IndicatorResult,
    Inspector,
    School,
    TrainingRecord,
    Visit,
    VisitTeamMember,
    utcnow,
)
from inspector_desktop.store.profile import current_inspector_id, set_current_inspector

# The fields the window edits in place, with the type each must hold.
EDITABLE: dict[str, dict[str, type]] = {
    "visit": {"purpose": str, "notes": str, "planned_on": dt.date},
    "finding": {
        "problem": str,
        "evidence": str,
        "diagnosis": str,
        "recommendation": str,
        "severity": Severity,
        "category": Category,
        "indicator_id": str,
    },
    "indicator_result": {"observation": str, "rating": Rating},
}
MODELS = {"visit": Visit, "finding": Finding, "indicator_result": IndicatorResult}
MAX_TRAINING_MINUTES_PER_DAY = 24 * 60


def create_visit(
    ws: Workspace,
    school_id: str,
    planned_on: dt.date,
    scope: Scope,
    stage: Stage,
    planning: Planning,
    notice: Notice,
    template_id: str | None,
    team: Sequence[tuple[str, TeamRole]],
    purpose: str = "",
) -> str:
    """A planned visit with its team; exactly one leader is required."""
    with ws.write() as s:
        return add_visit(s, school_id, planned_on, scope, stage, planning, notice, template_id, team, purpose)


def add_visit(
    s: Session,
    school_id: str,
    planned_on: dt.date,
    scope: Scope,
    stage: Stage,
    planning: Planning,
    notice: Notice,
    template_id: str | None,
    team: Sequence[tuple[str, TeamRole]],
    purpose: str = "",
) -> str:
    """``create_visit`` inside the caller's transaction, for a write that plans
    visits with something else (a 双随机 draw and the plans it makes)."""
    leaders = [i for i, role in team if role is TeamRole.LEADER]
    if len(leaders) != 1:
        raise DomainError("visit.one_leader_required", leaders=len(leaders))
    if len({i for i, _r in team}) != len(team):
        raise DomainError("visit.duplicate_team_member")
    if s.get(School, school_id) is None:
        raise DomainError("visit.unknown_school", school_id=school_id)
    visit = Visit(
        school_id=school_id, template_id=template_id, scope=scope, stage=stage, planning=planning,
        notice=notice, status=VisitStatus.PLANNED, planned_on=planned_on, purpose=purpose, notes="",
    )
    s.add(visit)
    s.flush()  # the visit's outbox entry before its team's: the server needs it first
    for inspector_id, role in team:
        s.add(VisitTeamMember(visit_id=visit.id, inspector_id=inspector_id, role=role))
    s.flush()
    return visit.id


def update_field(ws: Workspace, entity: str, record_id: str, field: str, value: object) -> None:
    """Set one whitelisted field; no write at all when the value did not change."""
    kinds = EDITABLE.get(entity)
    if kinds is None or field not in kinds:
        raise DomainError("edit.field_not_editable", entity=entity, field=field)
    value = _coerce(kinds[field], value, field)
    if entity == "finding" and field == "problem" and not str(value).strip():
        raise DomainError("finding.problem_required")
    with ws.write() as s:
        row = s.get(MODELS[entity], record_id)
        if row is None or row.deleted:
            raise DomainError("edit.record_missing", entity=entity, id=record_id)
        if getattr(row, field) != value:
            setattr(row, field, value)


def _coerce(kind: type, value: object, field: str) -> object:
    if value is None and field == "indicator_id":
        return None
    try:
        if kind is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if isinstance(value, kind):
            return value
        return kind(value)  # type: ignore[call-arg]
    except (TypeError, ValueError):
        raise DomainError("edit.bad_value", field=field, value=str(value)) from None


def set_indicator_result(ws: Workspace, visit_id: str, indicator_id: str, **values: object) -> str:
    """Set rating and/or observation on a checklist line, creating the line on first use."""
    for name in values:
        if name not in EDITABLE["indicator_result"]:
            raise DomainError("edit.field_not_editable", entity="indicator_result", field=name)
    with ws.write() as s:
        row = s.scalar(
            sa.select(IndicatorResult).where(
                IndicatorResult.visit_id == visit_id, IndicatorResult.indicator_id == indicator_id
            )
        )
        if row is None:
            row = IndicatorResult(visit_id=visit_id, indicator_id=indicator_id, rating=Rating.NOT_ASSESSED, observation="")
            s.add(row)
        for name, value in values.items():
            value = _coerce(EDITABLE["indicator_result"][name], value, name)
            if getattr(row, name) != value:
                setattr(row, name, value)
        s.flush()
        return row.id


def add_finding(
    ws: Workspace,
    visit_id: str,
    problem: str,
    severity: Severity = Severity.MINOR,
    indicator_id: str | None = None,
    category: Category | None = None,
    diagnosis: str = "",
    recommendation: str = "",
) -> str:
    if not problem.strip():
        raise DomainError("finding.problem_required")
    with ws.write() as s:
        if s.get(Visit, visit_id) is None:
            raise DomainError("edit.record_missing", entity="visit", id=visit_id)
        if category is None:
            # A finding linked to an indicator belongs to that indicator's routine item.
            ind = s.get(Indicator, indicator_id) if indicator_id else None
            category = ind.category if ind else Category.OTHER
        f = Finding(
            visit_id=visit_id, indicator_id=indicator_id, category=category, severity=severity,
            problem=problem, evidence="", diagnosis=diagnosis, recommendation=recommendation,
        )
        s.add(f)
        s.flush()
        return f.id


def remove_finding(ws: Workspace, finding_id: str) -> None:
    """Delete a finding (refused once a signed form certifies it); ``restore_finding`` undoes it."""
    _set_deleted(ws, Finding, finding_id, True)


def restore_finding(ws: Workspace, finding_id: str) -> None:
    _set_deleted(ws, Finding, finding_id, False)


def _set_deleted(ws: Workspace, model: type[Finding] | type[Attachment], record_id: str, deleted: bool) -> None:
    # A tombstone, not a hard delete: the removal (and its undo) must reach the server too.
    with ws.write() as s:
        row = s.get(model, record_id)
        if row is None:
            raise DomainError("edit.record_missing", entity=model.__tablename__, id=record_id)
        row.deleted = deleted


def attach_file(
    ws: Workspace,
    source: Path,
    *,
    finding_id: str | None = None,
    indicator_result_id: str | None = None,
    visit_id: str | None = None,
    caption: str = "",
) -> str:
    """Store a file content-addressed, then record it on exactly one owner."""
    if sum(x is not None for x in (finding_id, indicator_result_id, visit_id)) != 1:
        raise DomainError("attachment.one_owner_required")
    source = Path(source)
    if not source.is_file():
        raise DomainError("attachment.not_a_file", path=str(source))
    with ws.read() as s:
        certified.ensure_not_certified(s, finding_id)  # before the bytes are stored for nothing
    # The bytes are durable before the row that refers to them is committed.
    sha, size = ws.attachments.put_file(source)
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    with ws.write() as s:
        a = Attachment(
            sha256=sha, filename=source.name, mime_type=mime, size=size, visit_id=visit_id,
            finding_id=finding_id, indicator_result_id=indicator_result_id, caption=caption,
        )
        s.add(a)
        s.flush()
        return a.id


def remove_attachment(ws: Workspace, attachment_id: str) -> None:
    """Take a file off its record (refused on a certified finding); ``restore_attachment`` undoes it."""
    _set_deleted(ws, Attachment, attachment_id, True)


def restore_attachment(ws: Workspace, attachment_id: str) -> None:
    _set_deleted(ws, Attachment, attachment_id, False)


def add_training(
    ws: Workspace, attended_on: dt.date, minutes: int, title: str, provider: str = "", inspector_id: str | None = None
) -> str:
    inspector_id = inspector_id or current_inspector_id(ws)
    if not inspector_id:
        raise DomainError("training.no_inspector")
    if not title.strip():
        raise DomainError("training.title_required")
    if not 0 < minutes <= MAX_TRAINING_MINUTES_PER_DAY:
        raise DomainError("training.bad_minutes", minutes=minutes)
    with ws.write() as s:
        r = TrainingRecord(inspector_id=inspector_id, attended_on=attended_on, minutes=minutes, title=title.strip(), provider=provider.strip())
        s.add(r)
        s.flush()
        return r.id


def move_visit(ws: Workspace, visit_id: str, target: VisitStatus) -> VisitStatus:
    """Start, complete or cancel a visit, by the domain's lifecycle."""
    with ws.write() as s:
        v = s.get(Visit, visit_id)
        if v is None:
            raise DomainError("edit.record_missing", entity="visit", id=visit_id)
        VISIT_LIFECYCLE.check(v.status, target)
        v.status = target
        if target is VisitStatus.IN_PROGRESS:
            v.started_at = utcnow()
        elif target is VisitStatus.COMPLETED:
            v.completed_at = utcnow()
        return target


def start_profile(ws: Workspace, name: str, code: str) -> str:
    """The inspector using this laptop, for a workspace started empty."""
    if not name.strip() or not code.strip() or "-" in code:
        raise DomainError("profile.bad_name_or_code", name=name, code=code)
    with ws.write() as s:
        i = Inspector(code=code.strip(), name=name.strip(), region="", phone="", is_lead=False, active=True)
        s.add(i)
        s.flush()
        inspector_id = i.id
    set_current_inspector(ws, inspector_id)
    return inspector_id


def add_school(ws: Workspace, code: str, name: str, competent_department: str, district: str = "", is_large: bool = False) -> str:
    if not code.strip() or not name.strip() or not competent_department.strip():
        raise DomainError("school.fields_required")
    with ws.write() as s:
        if s.scalar(sa.select(School.id).where(School.code == code.strip())):
            raise DomainError("school.duplicate_code", code=code)
        sc = School(code=code.strip(), name=name.strip(), competent_department=competent_department.strip(),
                    district=district.strip(), address="", school_type="", is_large=is_large)
        s.add(sc)
        s.flush()
        return sc.id
