"""The local workspace schema: SQLAlchemy 2.x typed ORM.

Every record an inspector makes is a ``Synced`` row: a UUID made on this laptop,
the ``server_version`` it was last seen at, and a tombstone instead of a delete,
so that the sync engine can replay it anywhere. Local-only bookkeeping (audit
trail, outbox, settings) lives in bookkeeping.py and never leaves the machine as rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector_desktop.domain import (
    Category,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    ResponseKind,
    Scope,
    Severity,
    SignatureRole,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)

# The base every record shares, and the checklist templates, live beside this module;
# they are re-exported so ``store.models`` stays the one place to import records from.
from inspector_desktop.store.checklist_models import ChecklistTemplate, Indicator
from inspector_desktop.store.model_base import Base, Synced, fk, new_id, utcnow  # noqa: F401


# ---------------------------------------------------------------- people and places


class Inspector(Synced, Base):
    __tablename__ = "inspector"

    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    is_lead: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class School(Synced, Base):
    __tablename__ = "school"

    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    competent_department: Mapped[str] = mapped_column(sa.String(200))  # 主管部门
    district: Mapped[str] = mapped_column(sa.String(100), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    school_type: Mapped[str] = mapped_column(sa.String(40), default="")
    # A large school takes one inspector to itself (1:1 instead of 1:5).
    is_large: Mapped[bool] = mapped_column(default=False)


class SchoolAssignment(Synced, Base):
    """An inspector's responsibility (责任督学) for a school."""

    __tablename__ = "school_assignment"

    inspector_id: Mapped[str] = fk("inspector.id")
    school_id: Mapped[str] = fk("school.id")
    since: Mapped[dt.date]
    until: Mapped[dt.date | None]


# ---------------------------------------------------------------- visits


class Visit(Synced, Base):
    __tablename__ = "visit"
    __table_args__ = (
        sa.Index("ix_visit_planned_on", "planned_on"),
        # A school's cadence (last visit done, next one booked, this year's visit days) read from the index alone.
        sa.Index("ix_visit_school_status_planned_on", "school_id", "status", "planned_on", "deleted"),
    )

    school_id: Mapped[str] = fk("school.id")
    template_id: Mapped[str | None] = fk("checklist_template.id", nullable=True)
    scope: Mapped[Scope]
    stage: Mapped[Stage]
    planning: Mapped[Planning]
    notice: Mapped[Notice]
    status: Mapped[VisitStatus] = mapped_column(default=VisitStatus.PLANNED)
    planned_on: Mapped[dt.date]
    started_at: Mapped[dt.datetime | None]
    completed_at: Mapped[dt.datetime | None]
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # A re-inspection (复查) visit points at the feedback form whose requirements it
    # checks. No FOREIGN KEY: feedback_form already points at visit, and a cycle
    # would make both tables impossible to create or drop in one order.
    reinspection_of_form_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)

    team: Mapped[list[VisitTeamMember]] = relationship(back_populates="visit")
    school: Mapped[School] = relationship()


class VisitTeamMember(Synced, Base):
    __tablename__ = "visit_team_member"

    visit_id: Mapped[str] = fk("visit.id")
    inspector_id: Mapped[str] = fk("inspector.id")
    role: Mapped[TeamRole] = mapped_column(default=TeamRole.MEMBER)

    visit: Mapped[Visit] = relationship(back_populates="team")


class IndicatorResult(Synced, Base):
    __tablename__ = "indicator_result"
    __table_args__ = (sa.UniqueConstraint("visit_id", "indicator_id"),)

    visit_id: Mapped[str] = fk("visit.id")
    indicator_id: Mapped[str] = fk("indicator.id")
    rating: Mapped[Rating] = mapped_column(default=Rating.NOT_ASSESSED)
    observation: Mapped[str] = mapped_column(sa.Text, default="")


class Finding(Synced, Base):
    __tablename__ = "finding"

    visit_id: Mapped[str] = fk("visit.id")
    indicator_id: Mapped[str | None] = fk("indicator.id", nullable=True)
    category: Mapped[Category]
    severity: Mapped[Severity]
    problem: Mapped[str] = mapped_column(sa.Text)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    diagnosis: Mapped[str] = mapped_column(sa.Text, default="")
    recommendation: Mapped[str] = mapped_column(sa.Text, default="")


class Attachment(Synced, Base):
    """Evidence file metadata; the bytes live content-addressed under the data dir."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    mime_type: Mapped[str] = mapped_column(sa.String(100), default="application/octet-stream")
    size: Mapped[int]
    visit_id: Mapped[str | None] = fk("visit.id", nullable=True)
    finding_id: Mapped[str | None] = fk("finding.id", nullable=True)
    indicator_result_id: Mapped[str | None] = fk("indicator_result.id", nullable=True)
    rectification_id: Mapped[str | None] = fk("rectification.id", nullable=True)
    caption: Mapped[str] = mapped_column(sa.Text, default="")


# ---------------------------------------------------------------- feedback forms


class FeedbackForm(Synced, Base):
    __tablename__ = "feedback_form"

    visit_id: Mapped[str] = fk("visit.id")
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[FormStatus] = mapped_column(default=FormStatus.DRAFT)
    language: Mapped[str] = mapped_column(sa.String(10), default="zh_CN")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    no_issues_statement: Mapped[str] = mapped_column(sa.Text, default="")
    free_text: Mapped[str] = mapped_column(sa.Text, default="")
    addendum_of_id: Mapped[str | None] = fk("feedback_form.id", nullable=True)
    signed_at: Mapped[dt.datetime | None]
    issued_at: Mapped[dt.datetime | None]
    # Filled at signing: the canonical content, its SHA-256, and the device signature.
    canonical_content: Mapped[str | None] = mapped_column(sa.Text)
    digest: Mapped[str | None] = mapped_column(sa.String(64))
    device_key_id: Mapped[str | None] = mapped_column(sa.String(64))
    device_signature: Mapped[str | None] = mapped_column(sa.String(200))

    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="form", order_by="Requirement.ordinal"
    )
    signatures: Mapped[list[Signature]] = relationship(back_populates="form")


class Requirement(Synced, Base):
    """A rectification requirement (整改要求) written into a feedback form."""

    __tablename__ = "requirement"

    form_id: Mapped[str] = fk("feedback_form.id")
    finding_id: Mapped[str | None] = fk("finding.id", nullable=True)
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    deadline: Mapped[dt.date]
    responsible_party: Mapped[str] = mapped_column(sa.String(200))
    copied_to: Mapped[str] = mapped_column(sa.String(200), default="")  # competent department

    form: Mapped[FeedbackForm] = relationship(back_populates="requirements")


class Signature(Synced, Base):
    __tablename__ = "signature"
    __table_args__ = (sa.UniqueConstraint("form_id", "role"),)

    form_id: Mapped[str] = fk("feedback_form.id")
    role: Mapped[SignatureRole]
    signer_name: Mapped[str] = mapped_column(sa.String(100))
    signer_title: Mapped[str] = mapped_column(sa.String(100), default="")
    strokes: Mapped[list[Any]] = mapped_column(default=list)  # [[x, y, pressure, t], ...] per stroke
    png: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    form: Mapped[FeedbackForm] = relationship(back_populates="signatures")


# ---------------------------------------------------------------- the accountability chain


class Rectification(Synced, Base):
    __tablename__ = "rectification"

    requirement_id: Mapped[str] = fk("requirement.id")
    school_id: Mapped[str] = fk("school.id")  # the owner: the school that must rectify
    # The department that must guide and push the rectification, and shares the
    # liability, as the signed form named it (a later change of department does
    # not move an item already opened).
    competent_department: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[RectificationStatus] = mapped_column(default=RectificationStatus.OPEN)
    deadline: Mapped[dt.date] = mapped_column(index=True)
    reported_on: Mapped[dt.date | None]
    report_text: Mapped[str] = mapped_column(sa.Text, default="")
    verified_on: Mapped[dt.date | None]


class ReInspection(Synced, Base):
    """One requirement's verdict at a re-inspection (复查) visit."""

    __tablename__ = "reinspection"

    visit_id: Mapped[str] = fk("visit.id")
    rectification_id: Mapped[str] = fk("rectification.id")
    verdict: Mapped[Verdict]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    inspected_on: Mapped[dt.date]


class Escalation(Synced, Base):
    __tablename__ = "escalation"

    rectification_id: Mapped[str | None] = fk("rectification.id", nullable=True)
    school_id: Mapped[str] = fk("school.id")
    kind: Mapped[EscalationKind]
    reason: Mapped[str] = mapped_column(sa.Text)
    decided_on: Mapped[dt.date]
    decided_by: Mapped[str] = mapped_column(sa.String(100))  # the lead who decided
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    held_at: Mapped[dt.datetime | None]  # the interview's local wall-clock time, not UTC (escalation_docs.StepDetails)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    participants: Mapped[str] = mapped_column(sa.Text, default="")
    notified_to: Mapped[str] = mapped_column(sa.Text, default="")


class SchoolResponse(Synced, Base):
    """The school's answer to a feedback form: an acknowledgement or an objection (异议)."""

    __tablename__ = "school_response"

    form_id: Mapped[str] = fk("feedback_form.id")
    kind: Mapped[ResponseKind]
    text: Mapped[str] = mapped_column(sa.Text, default="")
    received_on: Mapped[dt.date]
    # An objection must be answered by this date; None for an acknowledgement.
    reply_deadline: Mapped[dt.date | None]
    reply_text: Mapped[str] = mapped_column(sa.Text, default="")
    replied_on: Mapped[dt.date | None]


class RandomPick(Synced, Base):
    """A random-inspection draw (双随机), stored with its seed so it can be re-run and audited."""

    __tablename__ = "random_pick"

    made_on: Mapped[dt.date]
    made_by: Mapped[str] = mapped_column(sa.String(100))
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    seed: Mapped[str] = mapped_column(sa.String(64))
    rule: Mapped[dict[str, Any]] = mapped_column(default=dict)  # how many, from which pool
    candidates: Mapped[list[Any]] = mapped_column(default=list)  # ids in the order drawn from
    picked: Mapped[list[Any]] = mapped_column(default=list)


class DeviceKey(Synced, Base):
    """An inspector's Ed25519 public key; the private half lives only in the OS keyring."""

    __tablename__ = "device_key"

    inspector_id: Mapped[str] = fk("inspector.id")
    key_id: Mapped[str] = mapped_column(sa.String(64), unique=True)  # SHA-256 of the raw public key
    public_key: Mapped[str] = mapped_column(sa.String(100))  # base64 of the 32 raw bytes
    label: Mapped[str] = mapped_column(sa.String(100), default="")
    revoked_at: Mapped[dt.datetime | None]


class TrainingRecord(Synced, Base):
    __tablename__ = "training_record"

    inspector_id: Mapped[str] = fk("inspector.id")
    attended_on: Mapped[dt.date] = mapped_column(index=True)
    minutes: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    provider: Mapped[str] = mapped_column(sa.String(200), default="")


class RegionRules(Synced, Base):
    """Which rule file a region follows, as its lead inspectors decided it on the
    office's server; one per region, and every laptop of the region follows it."""

    __tablename__ = "region_rules"

    region: Mapped[str] = mapped_column(sa.String(100), unique=True)
    rules: Mapped[str] = mapped_column(sa.String(40))  # a rule file's key, e.g. "jiangxi.v1"
    decided_on: Mapped[dt.date]
    decided_by: Mapped[str] = mapped_column(sa.String(100), default="")  # the lead; empty when set by the office


SYNCED_MODELS: tuple[type[Synced], ...] = (
    Inspector,
    School,
    SchoolAssignment,
    ChecklistTemplate,
    Indicator,
    Visit,
    VisitTeamMember,
    IndicatorResult,
    Finding,
    Attachment,
    FeedbackForm,
    Requirement,
    Signature,
    Rectification,
    ReInspection,
    Escalation,
    SchoolResponse,
    RandomPick,
    DeviceKey,
    TrainingRecord,
    RegionRules,
)
MODEL_BY_TABLE: dict[str, type[Synced]] = {m.__tablename__: m for m in SYNCED_MODELS}  # type: ignore[attr-defined]
