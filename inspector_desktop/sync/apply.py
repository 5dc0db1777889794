"""Applying pulled pages to the local database, in one transaction with the cursor.

Pulled values never overwrite a field the inspector changed locally and has
not yet pushed: that edit is still on its way and will be merged by the server
(with a conflict if someone else changed the same field meanwhile). Everything
in a page is checked before the first row is written, so a hostile or broken
answer is refused whole.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.codec import decode, encode
from inspector_desktop.store.models import AuditEntry, MODEL_BY_TABLE, OutboxEntry, OutboxState, Setting, Synced, SyncConflict, utcnow
from inspector_desktop.sync import protocol as p, schema as shared, set_aside
from inspector_desktop.sync.transport import ProtocolError

CURSOR = "sync.cursor"
IN_CHUNK = 500  # ids per IN (...) query
# The searched tables and columns (migration 0002), and the flag of migration 0004
# that pauses their row-by-row indexing inside one transaction.
SEARCHED = {"visit": ("purpose", "notes"), "finding": ("problem", "evidence", "diagnosis", "recommendation")}
BULK_FLAG = "search.bulk_indexing"
BULK_MIN = 200  # below this, row-by-row indexing costs less than the extra statements


@dataclass(frozen=True)
class Column:
    name: str
    convert: Callable[[Any], Any]


class Schema:
    """Per entity: the columns a pulled record may carry, and how to read each."""

    def __init__(self) -> None:
        self.tables: dict[str, sa.Table] = {}
        self.columns: dict[str, dict[str, Column]] = {}
        for entity, model in MODEL_BY_TABLE.items():
            table: sa.Table = model.__table__  # type: ignore[attr-defined]
            self.tables[entity] = table
            self.columns[entity] = {
                c.name: Column(c.name, _converter(c))
                for c in table.columns
                if c.name != "id" and c.name not in Synced.SYNC_BOOKKEEPING
            }


def _converter(column: sa.Column) -> Callable[[Any], Any]:
    if isinstance(column.type, sa.Enum):
        allowed = frozenset(column.type.enums)

        def choice(value: Any) -> Any:
            # The column stores the value text, which is what the wire carries.
            if value is None or (isinstance(value, str) and value in allowed):
                return value
            raise ValueError(f"{column.name}: not one of the allowed values")
        return choice
    if isinstance(column.type, sa.String | sa.Text):
        def text(value: Any) -> Any:
            # Fast path for the commonest column; still refuses a number where text belongs.
            if value is None or isinstance(value, str):
                return value
            raise ValueError(f"{column.name}: expected text")
        return text
    return lambda value: decode(column, value)


SCHEMA: Schema | None = None


def schema() -> Schema:
    global SCHEMA
    if SCHEMA is None:
        SCHEMA = Schema()
    return SCHEMA


@dataclass
class Applied:
    inserted: int = 0
    updated: int = 0
    kept_local: int = 0  # fields left alone because a local edit is still pending
    conflicts: int = 0
    set_aside: int = 0  # records kept aside this time (see set_aside.py)
    relinked: int = 0  # local records that turned out to be the server's (a natural key)
    attachments: list[str] = field(default_factory=list)  # sha256 of attachments now referenced


@dataclass
class Pulled:
    entity: str
    id: str
    version: int
    deleted: bool
    values: dict[str, Any]  # converted for this laptop's columns
    raw: dict[str, Any]  # as the server sent them, kept if the record is set aside
    changed_by: str = ""  # the account whose change made this version


_UUID = re.compile(p.UUID_PATTERN)


def _valid_uuid(text: str) -> bool:
    return _UUID.fullmatch(text) is not None


def check_page(page: p.PullResponse, cursor: int) -> tuple[list[Pulled], list[tuple[Pulled, str, str]]]:
    """Decode and check every record of a page before anything is written.

    A page that is malformed as a whole (the cursor going back, a record with no
    usable id) is refused whole. A single record this laptop cannot store is
    returned apart, with its reason, to be set aside."""
    if page.cursor < cursor:
        raise ProtocolError(f"The server moved the sync position backwards ({page.cursor} < {cursor}); nothing was changed.")
    good: list[Pulled] = []
    bad: list[tuple[Pulled, str, str]] = []
    for rec in page.records:
        if not _valid_uuid(rec.id) or not 0 < rec.version <= 2**62:
            raise ProtocolError("The server sent a record with a malformed id or version; nothing was changed.")
        pulled, reason, detail = convert(rec.entity, rec.id, rec.version, rec.deleted, rec.fields)
        pulled.changed_by = rec.changed_by if _valid_uuid(rec.changed_by) else ""
        (good.append(pulled) if not reason else bad.append((pulled, reason, detail)))
    return good, bad


def convert(entity: str, record_id: str, version: int, deleted: bool, fields: dict[str, Any]) -> tuple[Pulled, str, str]:
    """The record in this laptop's terms, or the reason it cannot be stored here."""
    pulled = Pulled(entity, record_id.lower(), version, deleted, {}, fields)
    columns = schema().columns.get(entity)
    if columns is None:
        return pulled, "record.unknown_entity", entity[:40]
    try:
        shared.check_fields(entity, fields, inserting=False)  # the server's own door, checked again
    except shared.Invalid as bad:
        return pulled, bad.code, bad.field
    for name, value in fields.items():
        col = columns.get(name)
        if col is None:
            return pulled, "record.unknown_field", name[:40]
        try:
            pulled.values[name] = col.convert(value)
        except (ValueError, TypeError, LookupError, OverflowError):
            return pulled, "record.bad_value", name
    return pulled, "", ""


def pending_fields(s: Session, entity_ids: Iterable[str]) -> dict[str, set[str]]:
    """Fields with a local edit not yet pushed, per record."""
    out: dict[str, set[str]] = defaultdict(set)
    ids = list(set(entity_ids))
    for i in range(0, len(ids), IN_CHUNK):
        rows = s.execute(
            sa.select(OutboxEntry.entity_id, OutboxEntry.fields).where(
                OutboxEntry.state == OutboxState.PENDING, OutboxEntry.entity_id.in_(ids[i : i + IN_CHUNK])
            )
        )
        for entity_id, fields in rows:
            out[entity_id].update(fields)
    return out


def apply_pages(s: Session, pages: list[p.PullResponse], cursor: int, account_id: str) -> Applied:
    """Write checked pages and the new cursor in the caller's transaction (foreign
    keys deferred). Records set aside earlier are tried again first; whatever
    still cannot be applied is set aside, and the cursor moves on regardless."""
    sch = schema()
    result = Applied()
    records: list[Pulled] = []
    for page in pages:
        good, bad = check_page(page, cursor)
        cursor = page.cursor
        records += good
        for pulled, reason, detail in bad:
            _aside(s, pulled, reason, detail, result)
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
    conflicts = [c for page in pages for c in page.conflicts]
    ids = [r.id for r in records] + [c.entity_id for c in conflicts]
    pending = pending_fields(s, ids) if s.scalar(
        sa.select(OutboxEntry.seq).where(OutboxEntry.state == OutboxState.PENDING).limit(1)
    ) is not None else {}
    first_fill = int(s.scalar(sa.select(Setting.value).where(Setting.key == CURSOR)) or 0) == 0
    written = _write_records(s, sch, records, pending, result)
    _enter_history(s, written, result, with_inserts=not first_fill)
    # After the records: a kept value is set only where no newer version landed.
    for notice in conflicts:
        _note_conflict(s, sch, notice, pending, account_id, result)
    _settle_references(s, written, result)
    set_aside.settled(s, [r.id for r in retry if r.id in written])
    s.merge(Setting(key=CURSOR, value=str(cursor)))
    return result


def _aside(s: Session, pulled: Pulled, reason: str, detail: str, result: Applied) -> None:
    set_aside.set_aside(s, pulled.entity, pulled.id, pulled.version, pulled.deleted, pulled.raw, reason, detail)
    result.set_aside += 1


def _enter_history(s: Session, written: dict[str, "_Undo"], result: Applied, with_inserts: bool) -> None:
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


class _Undo:
    """How to take back one written record if it turns out to point at nothing."""

    def __init__(self, pulled: Pulled, old: dict[str, Any] | None) -> None:
        self.pulled, self.old = pulled, old


def _write_records(s: Session, sch: Schema, records: list[Pulled], pending: dict[str, set[str]], result: Applied) -> dict[str, _Undo]:
    by_entity: dict[str, dict[str, Pulled]] = defaultdict(dict)
    for rec in records:  # a page never repeats a record, but a hostile one might: last wins
        by_entity[rec.entity][rec.id] = rec
    written: dict[str, _Undo] = {}
    now = utcnow()
    for entity, latest in by_entity.items():
        table = sch.tables[entity]
        ids = list(latest)
        existing: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), IN_CHUNK):
            for row in s.execute(sa.select(table).where(table.c.id.in_(ids[i : i + IN_CHUNK]))).mappings():
                existing[row["id"]] = dict(row)
        inserts: list[tuple[Pulled, dict[str, Any]]] = []
        updates: list[tuple[Pulled, dict[str, Any]]] = []
        for entity_id, rec in latest.items():
            if entity_id in existing:
                if existing[entity_id]["server_version"] >= rec.version:
                    continue  # already have this or newer (a replayed page)
                keep = pending.get(entity_id, set())
                row = {k: v for k, v in rec.values.items() if k not in keep}
                result.kept_local += len(rec.values) - len(row)
                if "deleted" not in keep:
                    row["deleted"] = rec.deleted
                row.update(server_version=rec.version, updated_at=now)
                updates.append((rec, row))
            else:
                inserts.append((rec, dict(rec.values, id=entity_id, server_version=rec.version, deleted=rec.deleted,
                                          created_at=now, updated_at=now)))
        for rec, row in updates:
            if _guarded(s, lambda: s.execute(sa.update(table).where(table.c.id == rec.id), row), rec, result):
                written[rec.id] = _Undo(rec, existing[rec.id])
                result.updated += 1
        _write_inserts(s, table, inserts, result, written)
    for rec in records:
        if rec.id in written and rec.entity == "attachment" and not rec.deleted and isinstance(rec.values.get("sha256"), str):
            result.attachments.append(rec.values["sha256"])
    return written


STORE_ERRORS = (sa.exc.DBAPIError, sa.exc.StatementError, ValueError, TypeError, OverflowError, UnicodeError)


def _guarded(s: Session, write: Callable[[], Any], rec: Pulled, result: Applied) -> bool:
    """One write in a savepoint; a record the database refuses is set aside."""
    try:
        with s.begin_nested():
            write()
        return True
    except STORE_ERRORS as exc:
        _aside(s, rec, set_aside.CANNOT_STORE, str(getattr(exc, "orig", exc))[:200], result)
        return False


def _write_inserts(s: Session, table: sa.Table, inserts: list[tuple[Pulled, dict[str, Any]]], result: Applied,
                   written: dict[str, _Undo]) -> None:
    if not inserts:
        return
    entity = table.name
    bulk = entity in SEARCHED and len(inserts) >= BULK_MIN
    if bulk:
        before = s.scalar(sa.text(f"SELECT coalesce(max(rowid), 0) FROM {entity}"))
        s.execute(sa.insert(Setting.__table__).values(key=BULK_FLAG, value="1"))
    try:
        with s.begin_nested():
            _insert(s, table, [row for _rec, row in inserts])
        landed = [rec for rec, _row in inserts]
    except STORE_ERRORS:
        # Something in the batch does not fit: one by one, so only that record waits.
        landed = [rec for rec, row in inserts if _insert_one(s, table, rec, row, result)]
    for rec in landed:
        written[rec.id] = _Undo(rec, None)
    result.inserted += len(landed)
    if bulk:
        # New rows take rowids above the old maximum: index exactly those, in one statement.
        cols = ", ".join(SEARCHED[entity])
        s.execute(sa.text(f"INSERT INTO {entity}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {entity} WHERE rowid > :before"), {"before": before})
        s.execute(sa.delete(Setting.__table__).where(Setting.__table__.c.key == BULK_FLAG))


def _insert_one(s: Session, table: sa.Table, rec: Pulled, row: dict[str, Any], result: Applied) -> bool:
    holder = set_aside.local_holder(s, rec.entity, rec.values, rec.id)
    if holder is not None:
        holder_id, acknowledged = holder
        if acknowledged:
            # Two records the server itself keeps apart: not ours to merge.
            _aside(s, rec, set_aside.DUPLICATE, holder_id, result)
            return False
        # Begun here before the server's copy arrived: it is the same record.
        with s.begin_nested():
            set_aside.relink(s, rec.entity, holder_id, rec.id)
        result.relinked += 1
    return _guarded(s, lambda: _insert(s, table, [row]), rec, result)


def _settle_references(s: Session, written: dict[str, _Undo], result: Applied) -> None:
    """Set aside every written record that points at a record this laptop does not
    have, and take it back out; repeat, since taking one out can strand another."""
    touched: dict[str, list[str]] = defaultdict(list)
    for record_id, undo in written.items():
        touched[undo.pulled.entity].append(record_id)
    while touched:
        stranded: dict[str, list[str]] = {}
        for entity, ids in touched.items():
            missing = set_aside.dangling(s, entity, ids)
            for record_id, column in missing.items():
                undo = written.pop(record_id)
                table = schema().tables[entity]
                if undo.old is None:
                    s.execute(sa.delete(table).where(table.c.id == record_id))
                    result.inserted -= 1
                else:
                    s.execute(sa.update(table).where(table.c.id == record_id).values(undo.old))
                    result.updated -= 1
                _aside(s, undo.pulled, set_aside.MISSING_REFERENCE, column, result)
            if missing:
                stranded[entity] = list(missing)
        if not stranded:
            return
        # Whatever pointed at a record just taken out may now point at nothing.
        touched = defaultdict(list)
        for record_id, undo in written.items():
            touched[undo.pulled.entity].append(record_id)


def _insert(s: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """One executemany with values prepared by each column's own type: a first sync
    inserts a hundred thousand rows, and per-row statement bookkeeping was a fifth
    of its time. Missing fields get the column's default, as an ORM insert would."""
    conn = s.connection()
    plan = _insert_plan(table, conn.dialect)
    sql = f"INSERT INTO {table.name} ({', '.join(name for name, *_ in plan)}) VALUES ({', '.join('?' for _ in plan)})"
    missing = object()
    prepared = []
    for row in rows:
        values = []
        for name, proc, default in plan:
            value = row.get(name, missing)
            if value is missing:
                value = default()
            values.append(proc(value) if proc is not None and value is not None else value)
        prepared.append(tuple(values))
    conn.exec_driver_sql(sql, prepared)


_PLANS: dict[tuple[str, str], list[tuple[str, Any, Callable[[], Any]]]] = {}


def _insert_plan(table: sa.Table, dialect: sa.Dialect) -> list[tuple[str, Any, Callable[[], Any]]]:
    key = (table.name, dialect.name)
    if key not in _PLANS:
        plan = []
        for column in table.columns:
            default = column.default
            if default is None:
                make: Callable[[], Any] = lambda: None  # noqa: E731
            elif default.is_callable:
                make = lambda d=default: d.arg(None)  # noqa: E731 - SQLAlchemy wraps zero-argument callables
            else:
                make = lambda d=default: d.arg  # noqa: E731
            plan.append((column.name, column.type.bind_processor(dialect), make))
        _PLANS[key] = plan
    return _PLANS[key]


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
