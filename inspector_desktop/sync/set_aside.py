"""Pulled records a laptop cannot apply yet, and the records they turn out to be.

A record the server accepted must never stop anyone's sync (invariant 4). So a
pulled record that cannot be stored here (a value this laptop cannot hold, a
record it points at that has not arrived) is *set aside*: kept as the server
sent it, with the reason, shown on the Sync page, and tried again on every
sync, while the rest of the page applies and the cursor moves on.

A pulled record can also be one this laptop already holds under another id:
the same natural key (sync.schema) begun here before the server's copy arrived,
such as a profile begun offline or a checklist line rated on two laptops. The
server has made the laptop's id an alias of its record; here the local copy is
re-linked to the server's id, so nothing that pointed at it is lost.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.db import Workspace
from inspector_desktop.store.describe import Namer, RecordName
from inspector_desktop.store.models import MODEL_BY_TABLE, utcnow
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState, SetAside, Setting
from inspector_desktop.sync import schema

IN_CHUNK = 500

# Reasons, as stable codes the Sync page translates.
MISSING_REFERENCE = "sync.missing_reference"
DUPLICATE = "sync.duplicate"
CANNOT_STORE = "sync.cannot_store"


def set_aside(s: Session, entity: str, entity_id: str, version: int, deleted: bool, fields: dict[str, Any],
              reason: str, detail: str = "") -> None:
    row = s.get(SetAside, entity_id)
    if row is not None and row.version > version:
        return  # a newer copy is already waiting
    text = json.dumps(fields, default=str)  # ASCII escapes: even a lone surrogate can be kept
    if row is None:
        s.add(SetAside(entity_id=entity_id, entity=entity[:40], version=version, deleted=deleted, fields=text,
                       reason=reason[:200], detail=detail[:200]))
    else:
        row.entity, row.version, row.deleted, row.fields = entity[:40], version, deleted, text
        row.reason, row.detail, row.last_tried_at, row.tries = reason[:200], detail[:200], utcnow(), row.tries + 1
    s.flush()


def waiting(s: Session) -> list[SetAside]:
    return list(s.scalars(sa.select(SetAside).order_by(SetAside.version)))


def settled(s: Session, ids: Iterable[str]) -> None:
    ids = list(ids)
    for i in range(0, len(ids), IN_CHUNK):
        s.execute(sa.delete(SetAside).where(SetAside.entity_id.in_(ids[i : i + IN_CHUNK])))


@dataclass(frozen=True)
class Waiting:
    """One set-aside record, as the Sync page shows it."""

    entity: str
    entity_id: str
    reason: str
    detail: str
    first_seen_at: dt.datetime
    tries: int
    name: RecordName = RecordName("")  # in words: never its id


def waiting_rows(ws: Workspace) -> list[Waiting]:
    with ws.read() as s:
        namer = Namer(s)  # a hidden visit stays hidden here too: the Sync page has no reveal
        return [Waiting(r.entity, r.entity_id, r.reason, r.detail, r.first_seen_at, r.tries,
                        namer.pulled(r.entity, r.entity_id, _fields(r.fields))) for r in waiting(s)]


def _fields(text: str) -> dict[str, Any]:
    try:
        fields = json.loads(text)
    except ValueError:
        return {}
    return fields if isinstance(fields, dict) else {}


def count(s: Session) -> int:
    return s.scalar(sa.select(sa.func.count()).select_from(SetAside)) or 0


# ---------------------------------------------------------------- natural keys


def local_holder(s: Session, entity: str, values: dict[str, Any], record_id: str) -> tuple[str, int] | None:
    """The local record with the same natural key as a pulled one, if any."""
    table: sa.Table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
    for key in schema.TABLES[entity].natural_keys:
        if any(values.get(name) is None for name in key):
            continue
        row = s.execute(
            sa.select(table.c.id, table.c.server_version).where(
                table.c.id != record_id, *(table.c[name] == values[name] for name in key)
            )
        ).first()
        if row is not None:
            return row.id, row.server_version
    return None


def relink(s: Session, entity: str, old_id: str, new_id: str) -> None:
    """Make the local record ``old_id`` the server's ``new_id``: whatever pointed at
    it points at the new id, and the old row goes (the caller inserts the new one).
    Runs with foreign keys deferred, so the order of the three steps is free."""
    table: sa.Table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
    s.execute(sa.delete(table).where(table.c.id == old_id))
    for child, column in schema.referrers(entity):
        child_table: sa.Table = MODEL_BY_TABLE[child].__table__  # type: ignore[attr-defined]
        s.execute(sa.update(child_table).where(child_table.c[column] == old_id).values({column: new_id}))
    # Settings name records too (the current inspector, above all).
    s.execute(sa.update(Setting).where(Setting.value == old_id).values(value=new_id))
    # Changes already sent now read as changes to the server's record, so a
    # conflict the server reports about it is known here as this laptop's own.
    # Pending ones keep the old id: the server knows it as an alias.
    s.execute(sa.update(OutboxEntry).where(OutboxEntry.entity_id == old_id, OutboxEntry.state != OutboxState.PENDING)
              .values(entity_id=new_id))


# ---------------------------------------------------------------- references


def dangling(s: Session, entity: str, ids: list[str]) -> dict[str, str]:
    """Of ``ids``, those whose foreign keys name a missing row: id -> the field."""
    table: sa.Table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
    out: dict[str, str] = {}
    for fk in table.foreign_keys:
        column, target = fk.parent, fk.column.table
        parent = target.alias("parent")
        for i in range(0, len(ids), IN_CHUNK):
            rows = s.execute(
                sa.select(table.c.id)
                .select_from(table.outerjoin(parent, parent.c.id == column))
                .where(table.c.id.in_(ids[i : i + IN_CHUNK]), column.is_not(None), parent.c.id.is_(None))
            ).scalars()
            for record_id in rows:
                out.setdefault(record_id, column.name)
    return out
