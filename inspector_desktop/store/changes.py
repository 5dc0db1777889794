"""Every edit writes its audit entry and its outbox entry in the same transaction.

This is done once, in session events, rather than in each repository function:
no code path can change a synced record and forget the outbox, which is what
makes "never loses a note" hold for sync as well as for the local file.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, FormStatus
from inspector_desktop.domain.forms import FIELDS_MUTABLE_AFTER_SIGNING, is_locked
from inspector_desktop.store import certified, template_guard
from inspector_desktop.store.codec import encode
from inspector_desktop.store.models import FeedbackForm, Requirement, Signature, Synced, utcnow
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry

# Session.info keys.
ACTOR = "actor_id"
CLIENT = "client_id"
REMOTE = "applying_remote"  # set by the sync engine: pulled changes are not new edits


def synced_fields(obj: Synced) -> list[str]:
    return [
        c.key
        for c in inspect(type(obj)).column_attrs
        if c.key != "id" and c.key not in Synced.SYNC_BOOKKEEPING
    ]


def _changed(obj: Synced) -> dict[str, tuple[Any, Any]]:
    state = inspect(obj)
    out: dict[str, tuple[Any, Any]] = {}
    for key in synced_fields(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                out[key] = (old, new)
    return out


def _committed_form_status(session: Session, form_id: str) -> FormStatus | None:
    row = session.connection().execute(
        sa.select(FeedbackForm.__table__.c.status).where(FeedbackForm.__table__.c.id == form_id)
    ).first()
    return FormStatus(row[0]) if row else None


def _guard_signed_forms(session: Session) -> None:
    """A signed form and everything on it is frozen; only the move to issued remains."""
    for obj in session.dirty:
        if isinstance(obj, FeedbackForm):
            changes = _changed(obj)
            hist = inspect(obj).attrs.status.history
            before = hist.deleted[0] if hist.deleted else obj.status
            if is_locked(before) and set(changes) - FIELDS_MUTABLE_AFTER_SIGNING:
                raise DomainError("form.locked", status=str(before), fields=sorted(changes))
        elif isinstance(obj, Requirement | Signature) and session.is_modified(obj):
            _refuse_if_locked(session, obj.form_id)
    for obj in session.new:
        if isinstance(obj, Requirement | Signature):
            _refuse_if_locked(session, obj.form_id)


def _refuse_if_locked(session: Session, form_id: str) -> None:
    status = _committed_form_status(session, form_id)
    if status is not None and is_locked(status):
        raise DomainError("form.locked", status=str(status))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, Synced):
            # A hard delete could never reach the server or other copies.
            raise DomainError("store.hard_delete", entity=type(obj).__tablename__)
    if not session.info.get(REMOTE):
        _guard_signed_forms(session)
        certified.refuse_certified_edits(session)
        template_guard.refuse_published_edits(session)


def _after_flush(session: Session, _ctx: Any) -> None:
    if session.info.get(REMOTE):
        return
    actor = session.info.get(ACTOR)
    client_id = session.info.get(CLIENT)
    audit: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    now = utcnow()

    def record(obj: Synced, op: str, changes: dict[str, tuple[Any, Any]], base: int) -> None:
        entity = type(obj).__tablename__  # type: ignore[attr-defined]
        audit.append(
            dict(
                at=now,
                actor_id=actor,
                entity=entity,
                entity_id=obj.id,
                action=op,
                changes={k: [encode(o), encode(n)] for k, (o, n) in changes.items()},
            )
        )
        if client_id is not None:
            outbox.append(
                dict(
                    client_id=client_id,
                    entity=entity,
                    entity_id=obj.id,
                    op=op,
                    fields={k: encode(n) for k, (_o, n) in changes.items()},
                    base_version=base,
                    created_at=now,
                )
            )

    for obj in session.new:
        if isinstance(obj, Synced):
            values = {k: (None, getattr(obj, k)) for k in synced_fields(obj)}
            record(obj, "insert", values, 0)
    for obj in session.dirty:
        if isinstance(obj, Synced):
            changes = _changed(obj)
            if changes:
                op = "delete" if changes.get("deleted", (None, False))[1] is True else "update"
                record(obj, op, changes, obj.server_version)

    # Core inserts: the unit of work is mid-flush, so new ORM objects would wait a turn.
    conn = session.connection()
    if audit:
        conn.execute(sa.insert(AuditEntry.__table__), audit)
    if outbox:
        conn.execute(sa.insert(OutboxEntry.__table__), outbox)


def install(session_class: Any) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "after_flush", _after_flush)
