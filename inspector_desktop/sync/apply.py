"""Applying pulled pages to the local database, in one transaction with the cursor.

Pulled values never overwrite a field the inspector changed locally and has
not yet pushed: that edit is still on its way and will be merged by the server
(with a conflict if someone else changed the same field meanwhile). Everything
in a page is checked before the first row is written: an answer malformed as a
whole is refused whole, and a record this laptop cannot store is set aside
(set_aside.py) while the rest lands.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store import search
from inspector_desktop.store.codec import encode
from inspector_desktop.store.models import utcnow
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry, OutboxState, Setting, SyncConflict
from inspector_desktop.sync import protocol as p, rows, schema as shared, set_aside
from inspector_desktop.sync.rows import Applied, Pulled, Schema, aside, schema
from inspector_desktop.sync.transport import ProtocolError

CURSOR = "sync.cursor"
# Set while an empty laptop is being filled, from its first page until the server
# has no more: a first sync spans many transactions (and perhaps several runs).
FILLING = "sync.first_fill"


_UUID = re.compile(p.UUID_PATTERN)


def _valid_uuid(text: str) -> bool:
    return _UUID.fullmatch(text) is not None


@dataclass
class CheckedPage:
    """A pull page decoded and checked, ready to write: what can be stored, and
    what is to be set aside with its reason."""

    page: p.PullResponse
    good: list[Pulled]
    bad: list[tuple[Pulled, str, str]]


def check_page(page: p.PullResponse, cursor: int) -> CheckedPage:
    """Decode and check every record of a page before anything is written.

    A page that is malformed as a whole (the cursor going back, a record with no
    usable id) is refused whole. A single record this laptop cannot store is
    returned apart, with its reason, to be set aside."""
    if page.cursor < cursor:
        raise ProtocolError(f"The server moved the sync position backwards ({page.cursor} < {cursor}); nothing was changed.")
    good: list[Pulled] = []
    bad: list[tuple[Pulled, str, str]] = []
    for rec in page.records:
        if not _valid_uuid(rec["id"]) or not 0 < rec["version"] <= 2**62:
            raise ProtocolError("The server sent a record with a malformed id or version; nothing was changed.")
        pulled, reason, detail = convert(rec["entity"], rec["id"], rec["version"], rec["deleted"], rec["fields"])
        changed_by = rec.get("changed_by", "")
        pulled.changed_by = changed_by if _valid_uuid(changed_by) else ""
        (good.append(pulled) if not reason else bad.append((pulled, reason, detail)))
    return CheckedPage(page, good, bad)


CONVERT_ERRORS = (ValueError, TypeError, LookupError, OverflowError)  # shared.Invalid is a ValueError


def convert(entity: str, record_id: str, version: int, deleted: bool, fields: dict[str, Any]) -> tuple[Pulled, str, str]:
    """The record in this laptop's terms, or the reason it cannot be stored here."""
    pulled = Pulled(entity, record_id.lower(), version, deleted, {}, fields)
    readers = _readers().get(entity)
    if readers is None:
        return pulled, "record.unknown_entity", entity[:40]
    values = pulled.values
    try:
        for name, value in fields.items():
            values[name] = readers[name](value)
    except CONVERT_ERRORS:
        # Something is wrong: the field-by-field path below names it exactly.
        pulled.values = {}
        return pulled, *_reason(pulled, entity, fields)
    return pulled, "", ""


def _reason(pulled: Pulled, entity: str, fields: dict[str, Any]) -> tuple[str, str]:
    """Why a record cannot be stored: the first field the server's door refuses,
    else the first field this laptop has no column for or cannot read."""
    columns = schema().columns[entity]
    try:
        shared.check_fields(entity, fields, inserting=False)
    except shared.Invalid as bad:
        return bad.code, bad.field
    for name, value in fields.items():
        col = columns.get(name)
        if col is None:
            return "record.unknown_field", name[:40]
        try:
            pulled.values[name] = col.convert(value)
        except CONVERT_ERRORS:
            return "record.bad_value", name
    raise AssertionError(f"{entity}: a record refused field by field was accepted whole")


Reader = Callable[[Any], Any]
_READERS: dict[str, dict[str, Reader]] = {}


def _readers() -> dict[str, dict[str, Reader]]:
    """Per entity and field this laptop stores: the server's check, then the
    column's own reading, as one call where the column stores what passes the
    check as it is (text, and choices it knows)."""
    if not _READERS:
        for entity, columns in schema().columns.items():
            table = shared.TABLES.get(entity)
            if table is None:
                continue
            checks = shared.checkers(entity)
            _READERS[entity] = {name: _reader(table.fields.get(name, shared.DELETED), checks[name], col)
                                for name, col in columns.items() if name in checks}
    return _READERS


def _reader(spec: shared.Field, check: shared.Check, col: rows.Column) -> Reader:
    if (col.any_text and spec.kind in ("text", "ref", "enum", "sha256")) or (
            col.as_is is not None and spec.kind == "enum" and spec.choices <= col.as_is):
        return check  # what it lets through is text (a reference in lower case)

    def both(value: Any) -> Any:
        check(value)
        return col.convert(value)
    return both


def pending_fields(s: Session, entity_ids: Iterable[str]) -> dict[str, set[str]]:
    """Fields with a local edit not yet pushed, per record."""
    out: dict[str, set[str]] = defaultdict(set)
    found = s.execute(
        sa.select(OutboxEntry.entity_id, OutboxEntry.fields).where(
            OutboxEntry.state == OutboxState.PENDING, OutboxEntry.entity_id.in_(rows.each_of(list(set(entity_ids))))
        )
    )
    for entity_id, fields in found:
        out[entity_id].update(fields)
    return out


def apply_pages(s: Session, pages: list[CheckedPage], account_id: str) -> Applied:
    """Write checked pages and the new cursor in the caller's transaction (foreign
    keys deferred). Records set aside earlier are tried again first; whatever
    still cannot be applied is set aside, and the cursor moves on regardless."""
    sch = schema()
    result = Applied()
    records: list[Pulled] = []
    for checked in pages:
        records += checked.good
        for pulled, reason, detail in checked.bad:
            aside(s, pulled, reason, detail, result)
    cursor = pages[-1].page.cursor
    newest = {r.id: r.version for r in records}
    retry, superseded = [], []
    for row in set_aside.waiting(s):
        if newest.get(row.entity_id, 0) >= row.version:
            superseded.append(row.entity_id)
            continue
        pulled, reason, detail = convert(row.entity, row.entity_id, row.version, row.deleted, json.loads(row.fields))
        if reason:
            set_aside.set_aside(s, row.entity, row.entity_id, row.version, row.deleted, pulled.raw, reason, detail)
        else:
            retry.append(pulled)
    set_aside.settled(s, superseded)
    records = retry + records  # older first: a newer copy of the same record wins
    conflicts = [c for checked in pages for c in checked.page.conflicts]
    ids = [r.id for r in records] + [c.entity_id for c in conflicts]
    pending = pending_fields(s, ids) if s.scalar(
        sa.select(OutboxEntry.seq).where(OutboxEntry.state == OutboxState.PENDING).limit(1)
    ) is not None else {}
    first_fill = _filling(s, more=pages[-1].page.has_more)
    if first_fill:
        # Filling the laptop comes first; its search index catches up afterwards
        # (store/search.py), and searches read the rows not yet indexed directly.
        search.start_lag(s)
    written = rows.write_records(s, sch, records, pending, result)
    _enter_history(s, written, result, with_inserts=not first_fill)
    # After the records: a kept value is set only where no newer version landed.
    for notice in conflicts:
        _note_conflict(s, sch, notice, pending, account_id, result)
    rows.settle_references(s, written, result, {c.entity_id for c in conflicts})
    result.entities.update(undo.pulled.entity for undo in written.values())
    set_aside.settled(s, [r.id for r in retry if r.id in written])
    s.merge(Setting(key=CURSOR, value=str(cursor)))
    # Written now, not at the commit: the engine lets the next page's checks run
    # once this returns, and a statement still to run would wait on them for the
    # interpreter (about 50 ms per page).
    s.flush()
    return result


def _filling(s: Session, more: bool) -> bool:
    """Whether these pages fill an empty laptop, and whether the next ones still will."""
    filling = int(s.scalar(sa.select(Setting.value).where(Setting.key == CURSOR)) or 0) == 0 or s.get(Setting, FILLING) is not None
    if filling and more:
        s.merge(Setting(key=FILLING, value="1"))
    elif filling:
        s.execute(sa.delete(Setting).where(Setting.key == FILLING))
    return filling


def _enter_history(s: Session, written: dict[str, rows._Undo], result: Applied, with_inserts: bool) -> None:
    """Colleagues' changes enter this laptop's History too, under who made them.
    A first sync fills an empty laptop: its records are not changes made here."""
    now = utcnow()
    rows = []
    for record_id, undo in written.items():
        rec = undo.pulled
        if undo.old is None and not with_inserts:
            continue
        old = undo.old or {}
        changes = {k: [encode(old.get(k)), v] for k, v in rec.raw.items() if undo.old is None or encode(old.get(k)) != v}
        if undo.old is not None and rec.deleted != bool(old.get("deleted")):
            changes["deleted"] = [bool(old.get("deleted")), rec.deleted]
        if not changes:
            continue
        action = "delete" if rec.deleted else "insert" if undo.old is None else "update"
        rows.append(dict(at=now, actor_id=rec.changed_by or None, entity=rec.entity, entity_id=record_id, action=action,
                         changes=changes))
    if rows:
        s.execute(sa.insert(AuditEntry.__table__), rows)


def _note_conflict(s: Session, sch: Schema, c: p.ConflictNotice, pending: dict[str, set[str]], account_id: str, result: Applied) -> None:
    if c.entity not in sch.columns or c.field not in sch.columns[c.entity] or not _valid_uuid(c.entity_id):
        return  # about nothing this laptop knows: nothing to show or set
    if s.scalar(sa.select(SyncConflict.id).where(SyncConflict.server_id == c.id)) is not None:
        return  # seen on an earlier pull
    # Lost by this account *and* edited on this laptop: a fresh install of the same
    # account does not inherit decisions about edits it never made.
    mine_lost = c.lost_by == account_id and any(
        c.field in fields
        for fields in s.scalars(sa.select(OutboxEntry.fields).where(OutboxEntry.entity_id == c.entity_id))
    )
    s.add(
        SyncConflict(
            server_id=c.id,
            entity=c.entity,
            entity_id=c.entity_id,
            field=c.field,
            mine=c.lost if mine_lost else c.kept,
            theirs=c.kept if mine_lost else c.lost,
            mine_lost=mine_lost,
            resolution="" if mine_lost else "kept",
            resolved_at=None if mine_lost else utcnow(),
        )
    )
    result.conflicts += 1
    # The server kept the other value; if the record did not change after that,
    # no newer version will bring it, so set it here (unless a newer local edit waits).
    if c.field in pending.get(c.entity_id, set()):
        return
    table = sch.tables[c.entity]
    try:
        value = sch.columns[c.entity][c.field].convert(shared.check_fields(c.entity, {c.field: c.kept}, False)[c.field])
    except (ValueError, TypeError, LookupError, OverflowError):
        return  # the record itself brings the value, or is set aside with the reason
    s.execute(sa.update(table).where(table.c.id == c.entity_id, table.c.server_version <= c.version).values({c.field: value}))
    result.entities.add(c.entity)
