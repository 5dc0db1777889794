"""Conflicts and the sync queue as the inspector sees them, and their decisions.

A decision is an ordinary edit of the record made through ``ws.write()``, so it
lands in the outbox and syncs like any other change; the conflict row only
remembers that the inspector has decided.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from inspector_desktop.store.codec import decode
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import MODEL_BY_TABLE, utcnow
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry, OutboxState, SyncConflict
from inspector_desktop.store.describe import FieldChange, Namer, RecordName, shown_changes, wire_value


class Decision(StrEnum):
    KEEP_MINE = "mine"
    TAKE_THEIRS = "theirs"
    EDIT = "edited"


@dataclass(frozen=True)
class ConflictView:
    id: int
    entity: str
    entity_id: str
    field: str
    mine: Any
    theirs: Any
    current: Any
    detected_at: dt.datetime
    # For the screen: the record in words and the two values as the column holds them.
    name: RecordName = RecordName("")
    change: FieldChange = FieldChange("", None, None)


@dataclass(frozen=True)
class QueueItem:
    seq: int
    entity: str
    entity_id: str
    op: str
    fields: tuple[str, ...]
    state: str
    reason: str
    created_at: dt.datetime
    values: str  # the change itself, short: a refused value stays readable here
    # For the screen: the record in words, and the fields a person is shown, old → new.
    name: RecordName = RecordName("")
    changes: tuple[FieldChange, ...] = ()


def open_conflicts(ws: Workspace) -> list[ConflictView]:
    with ws.read() as s:
        rows = s.scalars(
            sa.select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.id)
        ).all()
        out = []
        namer = Namer(s)
        for c in rows:
            model = MODEL_BY_TABLE[c.entity]
            current = s.scalar(sa.select(getattr(model, c.field)).where(model.id == c.entity_id))
            change = FieldChange(c.field, wire_value(model, c.field, c.mine), wire_value(model, c.field, c.theirs))
            out.append(ConflictView(c.id, c.entity, c.entity_id, c.field, c.mine, c.theirs, _wire(current), c.detected_at,
                                    namer.name(c.entity, c.entity_id), change))
        return out


def _wire(value: Any) -> Any:
    from inspector_desktop.store.codec import encode

    return encode(value)


def resolve(ws: Workspace, conflict_id: int, decision: Decision, edited: Any = None) -> None:
    """Record the inspector's decision; the chosen value becomes a new edit that syncs."""
    with ws.write() as s:
        c = s.get(SyncConflict, conflict_id)
        if c is None or c.resolved_at is not None:
            return  # decided already (perhaps in another window)
        model = MODEL_BY_TABLE[c.entity]
        column = model.__table__.c[c.field]  # type: ignore[attr-defined]
        wire = {Decision.KEEP_MINE: c.mine, Decision.TAKE_THEIRS: c.theirs, Decision.EDIT: edited}[decision]
        record = s.get(model, c.entity_id)
        if record is not None:
            # Through the ORM on purpose: the edit writes its own outbox entry.
            setattr(record, c.field, decode(column, wire))
        c.resolved_at, c.resolution = utcnow(), decision.value


def queue(ws: Workspace, limit: int = 1000) -> list[QueueItem]:
    """Pending and rejected changes (rejections until dismissed), then the latest sent."""
    with ws.read() as s:
        waiting = s.scalars(
            sa.select(OutboxEntry)
            .where(sa.or_(OutboxEntry.state == OutboxState.PENDING,
                          sa.and_(OutboxEntry.state == OutboxState.REJECTED, OutboxEntry.dismissed_at.is_(None))))
            .order_by(OutboxEntry.seq).limit(limit)
        ).all()
        sent = s.scalars(
            sa.select(OutboxEntry).where(OutboxEntry.state == OutboxState.SENT).order_by(OutboxEntry.seq.desc()).limit(50)
        ).all()
        entries = [*waiting, *reversed(sent)]
        # The old values: the audit entry written with the change, in the same flush.
        before = {
            (a.entity_id, a.at): a.changes
            for a in s.scalars(sa.select(AuditEntry).where(AuditEntry.entity.in_({e.entity for e in entries}),
                                                           AuditEntry.entity_id.in_({e.entity_id for e in entries})))
        }
        namer = Namer(s)  # a hidden visit stays hidden here too: the Sync page has no reveal
        out = []
        for e in entries:
            name = namer.name(e.entity, e.entity_id)
            # A hidden visit's date and purpose are what discreet mode keeps off the screen.
            changes = () if name.hidden else _changes(e.entity, e.fields, before.get((e.entity_id, e.created_at)))
            out.append(QueueItem(e.seq, e.entity, e.entity_id, e.op, tuple(sorted(e.fields)), e.state.value, e.result,
                                 e.created_at, _short(e.fields), name, changes))
        return out


def _changes(entity: str, fields: dict[str, Any], audit: dict[str, Any] | None) -> tuple[FieldChange, ...]:
    if audit is not None and set(fields) <= set(audit):
        return shown_changes(entity, {k: audit[k] for k in fields})
    return shown_changes(entity, fields, new_only=True)


def _short(fields: dict[str, Any], limit: int = 160) -> str:
    text = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(fields.items()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dismiss_rejection(ws: Workspace, seq: int) -> None:
    with ws.write(remote=True) as s:
        entry = s.get(OutboxEntry, seq)
        if entry is not None and entry.state == OutboxState.REJECTED:
            entry.dismissed_at = utcnow()


def counts(ws: Workspace) -> dict[str, int]:
    with ws.read() as s:
        rows = s.execute(sa.select(OutboxEntry.state, sa.func.count()).group_by(OutboxEntry.state)).all()
        out = {state.value: 0 for state in OutboxState}
        out.update({str(getattr(state, "value", state)): n for state, n in rows})
        out["conflicts"] = s.scalar(sa.select(sa.func.count()).where(SyncConflict.resolved_at.is_(None))) or 0
        return out
