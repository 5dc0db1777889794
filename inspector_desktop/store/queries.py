"""Read queries for the desktop window, returning frozen snapshots.

The visit list follows calibre's shape: a compact in-memory index of every visit
(key, date, school, the four axes, status) is loaded once, filters run over it
in memory, and the full rows of only the visible keys are fetched on demand.
A full scan of the wide visit table takes ~200 ms at 100 000 visits; filtering
the compact index takes a few milliseconds, which is what a keystroke needs.

Discreet mode is enforced here, not in the widgets: a sealed visit's row never
carries its school or date, so no view can leak them by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import (
    Category,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    ResponseKind,
    Scope,
    Severity,
    Stage,
    TeamRole,
    VisitStatus,
)
from inspector_desktop.domain.duties import TrainingProgress, training_progress
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.store import search
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import (
    Attachment,
    AuditEntry,
    ChecklistTemplate,
    FeedbackForm,
    Finding,
    Indicator,
    IndicatorResult,
    Inspector,
    Rectification,
    Requirement,
    School,
    SchoolResponse,
    TrainingRecord,
    Visit,
    VisitTeamMember,
)

# ---------------------------------------------------------------- discretion


def is_confidential(notice: Notice | str, status: VisitStatus | str, planned_on: dt.date | str, today: dt.date) -> bool:
    """An unannounced visit that has not happened yet ("four no, two direct").

    Today's planned visit counts: until it starts, the school must not learn of it.
    """
    day = planned_on if isinstance(planned_on, str) else planned_on.isoformat()
    return (
        Notice(notice) is Notice.UNANNOUNCED
        and VisitStatus(status) is VisitStatus.PLANNED
        and day >= today.isoformat()
    )


# ---------------------------------------------------------------- the visit index

_SCOPES, _STAGES, _PLANNINGS, _NOTICES, _STATUSES = (
    list(Scope), list(Stage), list(Planning), list(Notice), list(VisitStatus),
)


@dataclass(frozen=True)
class VisitFilter:
    scope: Scope | None = None
    stage: Stage | None = None
    planning: Planning | None = None
    notice: Notice | None = None
    status: VisitStatus | None = None
    school_id: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""

    @property
    def narrows_by_place_time_or_text(self) -> bool:
        # Any of these would place a sealed visit at a school or on a day.
        return bool(self.school_id or self.date_from or self.date_to or self.text.strip())


_BITS = (1, 1, 1, 1, 2)  # bits per axis code: scope, stage, planning, notice, status
_SHIFTS = (0, 1, 2, 3, 4)
_SEALABLE_MASK = (1 << 3) | (3 << 4)
_SEALABLE = (_NOTICES.index(Notice.UNANNOUNCED) << 3) | (_STATUSES.index(VisitStatus.PLANNED) << 4)


def _pack(codes: Iterable[int]) -> int:
    return sum(c << s for c, s in zip(codes, _SHIFTS))


@dataclass(frozen=True)
class VisitIndex:
    """Every live visit, newest first, in parallel tuples (compact: 100 000 visits ~ 10 MB)."""

    keys: tuple[int, ...]
    days: tuple[str, ...]  # ISO dates compare correctly as text
    schools: tuple[int, ...]  # index into school_ids
    codes: tuple[int, ...]  # the four axes and the status, packed by _pack
    school_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.keys)

    def select(
        self,
        flt: VisitFilter,
        today: dt.date,
        discreet: bool = True,
        text_hits: frozenset[int] | None = None,
    ) -> tuple[int, ...]:
        """The keys matching ``flt``: sealed visits first (undated), then newest first."""
        mask = value = 0
        for n, (axis, members) in enumerate(
            ((flt.scope, _SCOPES), (flt.stage, _STAGES), (flt.planning, _PLANNINGS), (flt.notice, _NOTICES), (flt.status, _STATUSES))
        ):
            if axis is not None:
                mask |= ((1 << _BITS[n]) - 1) << _SHIFTS[n]
                value |= members.index(axis) << _SHIFTS[n]
        if flt.school_id is not None and flt.school_id not in self.school_ids:
            return ()
        school = self.school_ids.index(flt.school_id) if flt.school_id is not None else -1
        lo = flt.date_from.isoformat() if flt.date_from else ""
        hi = flt.date_to.isoformat() if flt.date_to else "9999"
        # One pass, cheapest tests first; every comparison is on small ints or short text.
        rows = [
            (key, day, code)
            for key, day, sch, code in zip(self.keys, self.days, self.schools, self.codes)
            if code & mask == value
            and (school < 0 or sch == school)
            and lo <= day <= hi
            and (text_hits is None or key in text_hits)
        ]
        if not discreet:
            return tuple(k for k, _d, _c in rows)
        today_s = today.isoformat()
        sealed = [k for k, d, c in rows if c & _SEALABLE_MASK == _SEALABLE and d >= today_s]
        if not sealed:
            return tuple(k for k, _d, _c in rows)
        hidden = set(sealed)
        rest = tuple(k for k, _d, _c in rows if k not in hidden)
        if flt.narrows_by_place_time_or_text:
            return rest  # listed under a school, a date or a search, a sealed entry would give it away
        # Sealed entries keep key order, not date order: their position must not hint a date.
        return tuple(sorted(sealed)) + rest


def load_visit_index(ws: Workspace) -> VisitIndex:
    v = Visit.__table__.c
    stmt = (
        sa.select(sa.literal_column("visit.rowid"), v.planned_on, v.school_id, v.scope, v.stage, v.planning, v.notice, v.status)
        .where(v.deleted.is_(False))
        .order_by(v.planned_on.desc(), sa.literal_column("visit.rowid").desc())
    )
    maps = [{m.value: i for i, m in enumerate(e)} for e in (_SCOPES, _STAGES, _PLANNINGS, _NOTICES, _STATUSES)]
    school_pos: dict[str, int] = {}
    day_text: dict[str, str] = {}
    code_cache: dict[tuple[str, ...], int] = {}
    keys, days, schools, codes = [], [], [], []
    # Raw driver rows in batches: dates stay ISO text and enums stay strings (ORM
    # conversion of 100 000 rows would cost more than the scan), and repeated
    # values are shared, so the index stays a few megabytes.
    compiled = stmt.compile(dialect=ws.engine.dialect, compile_kwargs={"literal_binds": True})
    with ws.engine.connect() as conn:
        result = conn.exec_driver_sql(str(compiled))
        while batch := result.fetchmany(5000):
            for key, day, school_id, *axes in batch:
                keys.append(key)
                days.append(day_text.setdefault(day, day))
                schools.append(school_pos.setdefault(school_id, len(school_pos)))
                t = tuple(axes)
                code = code_cache.get(t)
                if code is None:
                    code = code_cache[t] = _pack(m[a] for m, a in zip(maps, axes))
                codes.append(code)
    return VisitIndex(tuple(keys), tuple(days), tuple(schools), tuple(codes), tuple(school_pos))


def search_visit_keys(ws: Workspace, text: str) -> frozenset[int]:
    """Keys of visits whose notes or findings contain every term of ``text`` (FTS5)."""
    with ws.read() as s:
        ids = search.matching_visit_ids(s, text).subquery()
        rows = s.execute(
            sa.select(sa.literal_column("visit.rowid")).select_from(Visit.__table__).where(Visit.id.in_(sa.select(ids.c.id)))
        ).scalars()
        return frozenset(rows)


# ---------------------------------------------------------------- visit rows


@dataclass(frozen=True)
class VisitRow:
    key: int
    id: str
    sealed: bool
    confidential: bool  # sealed now, or would be sealed if not revealed
    school_id: str | None
    school_name: str  # "" when sealed
    planned_on: dt.date | None  # None when sealed
    scope: Scope
    stage: Stage
    planning: Planning
    notice: Notice
    status: VisitStatus
    leader: str
    findings: int


def visit_rows(ws: Workspace, keys: Sequence[int], today: dt.date, revealed: bool = False) -> dict[int, VisitRow]:
    if not keys:
        return {}
    rowid = sa.literal_column("visit.rowid")
    with ws.read() as s:
        rows = s.execute(
            sa.select(rowid, Visit, School.name).join(School, School.id == Visit.school_id).where(rowid.in_(list(keys)))
        ).all()
        ids = [v.id for _k, v, _n in rows]
        leaders = dict(
            s.execute(
                sa.select(VisitTeamMember.visit_id, Inspector.name)
                .join(Inspector, Inspector.id == VisitTeamMember.inspector_id)
                .where(VisitTeamMember.visit_id.in_(ids), VisitTeamMember.role == TeamRole.LEADER)
            ).all()
        )
        counts = dict(
            s.execute(
                sa.select(Finding.visit_id, sa.func.count())
                .where(Finding.visit_id.in_(ids), Finding.deleted.is_(False))
                .group_by(Finding.visit_id)
            ).all()
        )
        out = {}
        for key, v, school_name in rows:
            out[key] = _visit_row(key, v, school_name, leaders.get(v.id, ""), counts.get(v.id, 0), today, revealed)
        return out


def _visit_row(key: int, v: Visit, school_name: str, leader: str, findings: int, today: dt.date, revealed: bool) -> VisitRow:
    confidential = is_confidential(v.notice, v.status, v.planned_on, today)
    sealed = confidential and not revealed
    return VisitRow(
        key=key,
        id=v.id,
        sealed=sealed,
        confidential=confidential,
        school_id=None if sealed else v.school_id,
        school_name="" if sealed else school_name,
        planned_on=None if sealed else v.planned_on,
        scope=v.scope,
        stage=v.stage,
        planning=v.planning,
        notice=v.notice,
        status=v.status,
        leader="" if sealed else leader,
        findings=findings,
    )


def visit_key(ws: Workspace, visit_id: str) -> int | None:
    with ws.read() as s:
        return s.scalar(sa.select(sa.literal_column("visit.rowid")).select_from(Visit.__table__).where(Visit.id == visit_id))


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
        indicators = list(template.indicators) if template else []
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
        for ind in indicators:
            r = results.get(ind.id)
            checklist.append(
                ChecklistItem(
                    ind.id, ind.code, ind.category, ind.title_zh, ind.title_en, ind.guidance_zh, ind.guidance_en,
                    r.id if r else None, r.rating if r else Rating.NOT_ASSESSED, r.observation if r else "",
                    result_files.get(r.id, ()) if r else (),
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
        )


# ---------------------------------------------------------------- choices for forms


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    detail: str = ""


def schools(ws: Workspace) -> tuple[Choice, ...]:
    with ws.read() as s:
        rows = s.execute(sa.select(School.id, School.name, School.code).where(School.deleted.is_(False)).order_by(School.code))
        return tuple(Choice(i, n, c) for i, n, c in rows)


def inspectors(ws: Workspace) -> tuple[Choice, ...]:
    with ws.read() as s:
        rows = s.execute(
            sa.select(Inspector.id, Inspector.name, Inspector.code)
            .where(Inspector.deleted.is_(False), Inspector.active.is_(True))
            .order_by(Inspector.code)
        )
        return tuple(Choice(i, n, c) for i, n, c in rows)


@dataclass(frozen=True)
class TemplateChoice:
    id: str
    title_zh: str
    title_en: str
    version: int


def templates(ws: Workspace) -> tuple[TemplateChoice, ...]:
    with ws.read() as s:
        rows = s.execute(
            sa.select(ChecklistTemplate.id, ChecklistTemplate.title_zh, ChecklistTemplate.title_en, ChecklistTemplate.version)
            .where(ChecklistTemplate.deleted.is_(False))
            .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())
        )
        return tuple(TemplateChoice(*r) for r in rows)


def is_empty(ws: Workspace) -> bool:
    """A workspace with no schools and no visits: the first run."""
    with ws.read() as s:
        return not s.scalar(sa.select(sa.func.count()).select_from(School)) and not s.scalar(
            sa.select(sa.func.count()).select_from(Visit)
        )


# ---------------------------------------------------------------- schools and dossiers


@dataclass(frozen=True)
class SchoolRow:
    id: str
    code: str
    name: str
    competent_department: str
    district: str
    school_type: str
    is_large: bool
    visits: int
    open_rectifications: int


def school_rows(ws: Workspace, today: dt.date) -> tuple[SchoolRow, ...]:
    with ws.read() as s:
        visits = dict(
            s.execute(sa.select(Visit.school_id, sa.func.count()).where(Visit.deleted.is_(False)).group_by(Visit.school_id)).all()
        )
        open_counts: dict[str, int] = defaultdict(int)
        for sid, status, deadline in s.execute(
            sa.select(Rectification.school_id, Rectification.status, Rectification.deadline).where(
                Rectification.deleted.is_(False),
                Rectification.status.notin_([RectificationStatus.VERIFIED]),
            )
        ):
            open_counts[sid] += 1
        return tuple(
            SchoolRow(sc.id, sc.code, sc.name, sc.competent_department, sc.district, sc.school_type, sc.is_large,
                      visits.get(sc.id, 0), open_counts.get(sc.id, 0))
            for sc in s.scalars(sa.select(School).where(School.deleted.is_(False)).order_by(School.code))
        )


@dataclass(frozen=True)
class DossierFinding:
    visit_id: str
    day: dt.date
    category: Category
    severity: Severity
    problem: str
    repeated: bool  # the same kind of problem was found here in another year


@dataclass(frozen=True)
class RectificationRow:
    id: str
    school_id: str
    school_name: str
    requirement: str
    deadline: dt.date
    status: RectificationStatus  # effective today: a passed deadline reads as overdue
    form_number: str


@dataclass(frozen=True)
class SchoolDossier:
    school: SchoolRow
    visits: tuple[VisitRow, ...]
    findings: tuple[DossierFinding, ...]
    open_rectifications: tuple[RectificationRow, ...]
    repeated_categories: frozenset[Category] = field(default_factory=frozenset)
    responses: tuple[ResponseRow, ...] = ()


@dataclass(frozen=True)
class ResponseRow:
    """The school's answer to one of its forms, with the reply owed to an objection."""

    id: str
    form_number: str
    kind: ResponseKind
    text: str
    received_on: dt.date
    reply_deadline: dt.date | None
    reply_text: str
    replied_on: dt.date | None
    overdue: bool  # an objection past its reply deadline with no reply yet


def school_responses(ws: Workspace, school_id: str, today: dt.date) -> tuple[ResponseRow, ...]:
    with ws.read() as s:
        return tuple(
            ResponseRow(r.id, number, r.kind, r.text, r.received_on, r.reply_deadline, r.reply_text, r.replied_on,
                        r.kind is ResponseKind.OBJECTION and r.replied_on is None
                        and r.reply_deadline is not None and r.reply_deadline < today)
            for r, number in s.execute(
                sa.select(SchoolResponse, FeedbackForm.number)
                .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
                .join(Visit, Visit.id == FeedbackForm.visit_id)
                .where(Visit.school_id == school_id, SchoolResponse.deleted.is_(False))
                .order_by(SchoolResponse.received_on.desc())
            )
        )


def school_dossier(ws: Workspace, school_id: str, today: dt.date, revealed: bool = False, limit: int = 200) -> SchoolDossier:
    school = next(r for r in school_rows(ws, today) if r.id == school_id)
    rowid = sa.literal_column("visit.rowid")
    with ws.read() as s:
        keys = s.scalars(
            sa.select(rowid).select_from(Visit.__table__)
            .where(Visit.school_id == school_id, Visit.deleted.is_(False))
            .order_by(Visit.planned_on.desc()).limit(limit)
        ).all()
        found = s.execute(
            sa.select(Finding, Visit.planned_on)
            .join(Visit, Visit.id == Finding.visit_id)
            .where(Visit.school_id == school_id, Finding.deleted.is_(False), Visit.deleted.is_(False))
            .order_by(Visit.planned_on.desc())
            .limit(limit * 5)
        ).all()
        # Counted over the school's whole history, not just the rows shown.
        year = sa.func.strftime("%Y", Visit.planned_on)
        repeated = {
            (cat, ind)
            for cat, ind in s.execute(
                sa.select(Finding.category, Finding.indicator_id)
                .join(Visit, Visit.id == Finding.visit_id)
                .where(Visit.school_id == school_id, Finding.deleted.is_(False), Visit.deleted.is_(False))
                .group_by(Finding.category, Finding.indicator_id)
                .having(sa.func.count(sa.distinct(year)) > 1)
            )
        }
        findings = tuple(
            DossierFinding(f.visit_id, day, f.category, f.severity, f.problem, (f.category, f.indicator_id) in repeated)
            for f, day in found
        )
    # The dossier names the school, so a sealed visit is left out rather than shown sealed.
    rows = visit_rows(ws, keys, today, revealed)
    visible = tuple(rows[k] for k in keys if k in rows and not rows[k].sealed)
    return SchoolDossier(
        school=school,
        visits=visible,
        findings=findings,
        open_rectifications=tuple(r for r in rectification_rows(ws, today, school_id) if r.status is not RectificationStatus.VERIFIED),
        repeated_categories=frozenset(k[0] for k in repeated),
        responses=school_responses(ws, school_id, today),
    )


# ---------------------------------------------------------------- rectifications and forms


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


@dataclass(frozen=True)
class FormRow:
    id: str
    visit_id: str
    number: str
    status: FormStatus
    school_name: str
    visit_day: dt.date | None
    signed_at: dt.datetime | None


def form_rows(ws: Workspace, today: dt.date) -> tuple[FormRow, ...]:
    with ws.read() as s:
        out = []
        for f, name, v in s.execute(
            sa.select(FeedbackForm, School.name, Visit)
            .join(Visit, Visit.id == FeedbackForm.visit_id)
            .join(School, School.id == Visit.school_id)
            .where(FeedbackForm.deleted.is_(False))
            .order_by(Visit.planned_on.desc(), FeedbackForm.number.desc())
        ):
            secret = is_confidential(v.notice, v.status, v.planned_on, today)
            out.append(FormRow(f.id, v.id, f.number, f.status, "" if secret else name, None if secret else v.planned_on, f.signed_at))
        return tuple(out)


# ---------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainingRow:
    id: str
    attended_on: dt.date
    minutes: int
    title: str
    provider: str


@dataclass(frozen=True)
class TrainingSummary:
    inspector_id: str | None
    inspector_name: str
    year: int
    records: tuple[TrainingRow, ...]
    progress: TrainingProgress


def training_summary(ws: Workspace, year: int) -> TrainingSummary:
    me = ws.setting("current_inspector_id")
    with ws.read() as s:
        name = s.scalar(sa.select(Inspector.name).where(Inspector.id == me)) if me else None
        rows = (
            s.scalars(
                sa.select(TrainingRecord)
                .where(
                    TrainingRecord.inspector_id == me,
                    TrainingRecord.deleted.is_(False),
                    TrainingRecord.attended_on >= dt.date(year, 1, 1),
                    TrainingRecord.attended_on <= dt.date(year, 12, 31),
                )
                .order_by(TrainingRecord.attended_on.desc())
            ).all()
            if me
            else []
        )
        records = tuple(TrainingRow(r.id, r.attended_on, r.minutes, r.title, r.provider) for r in rows)
    return TrainingSummary(me, name or "", year, records, training_progress(r.minutes for r in records))


# ---------------------------------------------------------------- today


@dataclass(frozen=True)
class TodaySummary:
    inspector_name: str
    visits_today: tuple[VisitRow, ...]
    upcoming: tuple[VisitRow, ...]
    overdue_rectifications: int
    due_soon_rectifications: int
    draft_forms: int
    training: TrainingProgress


def today_summary(ws: Workspace, today: dt.date, revealed: bool = False, horizon_days: int = 14) -> TodaySummary:
    rowid = sa.literal_column("visit.rowid")
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
    rows = visit_rows(ws, keys, today, revealed)
    ordered = [rows[k] for k in keys if k in rows]
    # Sealed entries go first in key order, like the visit list: no date hint from position.
    sealed = sorted((r for r in ordered if r.sealed), key=lambda r: r.key)
    plain = [r for r in ordered if not r.sealed]
    rects = rectification_rows(ws, today)
    soon = today + dt.timedelta(days=7)
    training = training_summary(ws, today.year)
    return TodaySummary(
        inspector_name=training.inspector_name,
        visits_today=tuple(r for r in plain if r.planned_on == today),
        upcoming=tuple(sealed) + tuple(r for r in plain if r.planned_on != today),
        overdue_rectifications=sum(r.status is RectificationStatus.OVERDUE for r in rects),
        due_soon_rectifications=sum(
            r.status is RectificationStatus.OPEN and today <= r.deadline <= soon for r in rects
        ),
        draft_forms=drafts,
        training=training.progress,
    )


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    fields: tuple[tuple[str, object, object], ...]  # (field, old, new)


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
        return tuple(
            HistoryEntry(
                e.at, names.get(e.actor_id, ""), e.entity, e.entity_id, e.action,
                tuple((k, v[0], v[1]) for k, v in sorted(e.changes.items())),
            )
            for e in entries
        )
