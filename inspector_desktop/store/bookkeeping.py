"""Local-only bookkeeping: the audit trail, the outbox, settings, sync conflicts and
records set aside. Plain integer keys; these never leave the laptop as rows."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from inspector_desktop.store.models import Base, utcnow


class AuditEntry(Base):
    """Append-only: who changed which record when, and which fields."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_record", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(sa.String(36))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    action: Mapped[str] = mapped_column(sa.String(16))  # insert | update | delete
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> [old, new]


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"


class OutboxEntry(Base):
    """One local mutation waiting for the server; written in the edit's transaction.

    ``(client_id, seq)`` is the idempotency key the server dedups on.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(sa.String(36))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    op: Mapped[str] = mapped_column(sa.String(16))  # insert | update | delete
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)  # only the changed ones
    base_version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[OutboxState] = mapped_column(default=OutboxState.PENDING, index=True)
    result: Mapped[str] = mapped_column(sa.Text, default="")  # rejection reason, if any
    # A rejection stays on the Sync page until the inspector has seen it and said so.
    dismissed_at: Mapped[dt.datetime | None]


class Setting(Base):
    """Workspace facts that belong with the data: client id, current inspector, sync cursor."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class SyncConflict(Base):
    """A field two writers changed at once, as the server reported it (one row per
    server conflict id). Local only: the inspector's decision travels as an
    ordinary edit of the record, not as this row."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    server_id: Mapped[int] = mapped_column(unique=True)
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    field: Mapped[str] = mapped_column(sa.String(64))
    mine: Mapped[Any] = mapped_column(sa.JSON, nullable=True)  # wire-encoded values
    theirs: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    # True when this workspace's change is the one the server did not keep.
    mine_lost: Mapped[bool] = mapped_column(default=True)
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str] = mapped_column(sa.String(16), default="")  # mine | theirs | edited | kept


class SetAside(Base):
    """A pulled record this laptop could not apply yet: a record it points at has
    not arrived, or a value it cannot store. Kept as the server sent it, with the
    reason, shown on the Sync page and tried again on every sync, so one record
    never stops the rest (invariant 4, *never stall*)."""

    __tablename__ = "sync_set_aside"

    entity_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(40))
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    fields: Mapped[str] = mapped_column(sa.Text)  # the record's fields as the server sent them (JSON)
    reason: Mapped[str] = mapped_column(sa.String(200))  # a stable code, translated on screen
    detail: Mapped[str] = mapped_column(sa.String(200), default="")  # the field or record it is about
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_tried_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    tries: Mapped[int] = mapped_column(default=1)

