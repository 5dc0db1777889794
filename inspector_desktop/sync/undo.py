"""Undoing a refused edit locally, so this copy shows what the server holds.

The refused values are not lost: they stay in the rejected outbox entry, shown
on the Sync page with the reason, until the inspector deals with them. A
refused *insert* is left in place (it exists nowhere else; deleting it would
lose the inspector's work); only refused updates and deletes are undone. The
exception is an office decision this account may not make (an escalation
step, a draw, a region's rule file): it can never be accepted, and kept here it would make this copy
disagree with every other (a 约谈 the office never decided, counted by the
chain as a step taken), so it is withdrawn, its values kept in the refusal.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.codec import decode, encode
from inspector_desktop.store.models import MODEL_BY_TABLE
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry, OutboxState


# Records only a lead makes, and the refusal that says this account is not one.
OFFICE_DECISIONS = frozenset({"escalation", "random_pick", "region_rules"})
NOT_YOURS = "record.forbidden"


def undo_rejected(s: Session, entry: OutboxEntry) -> None:
    """Put back the values from before ``entry`` (in a remote-mode session), field by
    field, unless a later edit has changed the field again or is still on its way."""
    if entry.entity not in MODEL_BY_TABLE:
        return
    if entry.op == "insert":
        if entry.entity in OFFICE_DECISIONS and entry.result == NOT_YOURS:
            table = MODEL_BY_TABLE[entry.entity].__table__  # type: ignore[attr-defined]
            s.execute(sa.update(table).where(table.c.id == entry.entity_id).values(deleted=True))
        return
    # The audit entry is written in the same flush as the outbox entry, with the same time.
    audit = s.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.entity == entry.entity,
            AuditEntry.entity_id == entry.entity_id,
            AuditEntry.at == entry.created_at,
            AuditEntry.action == entry.op,
        ).order_by(AuditEntry.id.desc())
    )
    if audit is None:
        return
    model = MODEL_BY_TABLE[entry.entity]
    table = model.__table__  # type: ignore[attr-defined]
    later = s.scalars(
        sa.select(OutboxEntry.fields).where(
            OutboxEntry.entity_id == entry.entity_id,
            OutboxEntry.seq > entry.seq,
            OutboxEntry.state != OutboxState.REJECTED,
        )
    ).all()
    touched_later = {name for fields in later for name in fields}
    row = s.execute(sa.select(table).where(table.c.id == entry.entity_id)).first()
    if row is None:
        return
    restore = {}
    for name, new in entry.fields.items():
        if name in touched_later or name not in audit.changes or name not in table.c:
            continue
        if encode(getattr(row, name)) != new:
            continue  # changed since by a pull: the server's value already shows
        restore[name] = decode(table.c[name], audit.changes[name][0])
    if restore:
        s.execute(sa.update(table).where(table.c.id == entry.entity_id).values(restore))
