"""Applying pulled pages to the local database, in one transaction with the cursor.

Pulled values never overwrite a field the inspector changed locally and has
not yet pushed: that edit is still on its way and will be merged by the server
(with a conflict if someone else changed the same field meanwhile). Everything
in a page is checked before the first row is written, so a hostile or broken
answer is refused whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.codec import decode
from inspector_desktop.store.models import MODEL_BY_TABLE, OutboxEntry, OutboxState, Setting, Synced, SyncConflict, utcnow
from inspector_desktop.sync import protocol as p
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
    attachments: list[str] = field(default_factory=list)  # sha256 of attachments now referenced


_UUID = re.compile(p.UUID_PATTERN)


def _valid_uuid(text: str) -> bool:
    return _UUID.fullmatch(text) is not None


def check_page(page: p.PullResponse, cursor: int) -> list[tuple[str, str, int, bool, dict[str, Any]]]:
    """Decode and check every record of a page; raise before anything is written."""
    sch = schema()
    if page.cursor < cursor:
        raise ProtocolError(f"The server moved the sync position backwards ({page.cursor} < {cursor}); nothing was changed.")
    out = []
    for rec in page.records:
        columns = sch.columns.get(rec.entity)
        if columns is None:
            raise ProtocolError(f"The server sent a record of an unknown kind ({rec.entity[:40]!r}); nothing was changed.")
        if not _valid_uuid(rec.id) or not 0 < rec.version <= 2**62:
            raise ProtocolError("The server sent a record with a malformed id or version; nothing was changed.")
        values: dict[str, Any] = {}
        for name, value in rec.fields.items():
            col = columns.get(name)
            if col is None:
                raise ProtocolError(f"The server sent an unknown field {rec.entity}.{name[:40]}; nothing was changed.")
            try:
                values[name] = col.convert(value)
            except (ValueError, TypeError, LookupError):
                raise ProtocolError(f"The server sent a bad value for {rec.entity}.{name}; nothing was changed.") from None
        out.append((rec.entity, rec.id, rec.version, rec.deleted, values))
    for c in page.conflicts:
        if c.entity not in sch.columns or c.field not in sch.columns[c.entity] or not _valid_uuid(c.entity_id):
            raise ProtocolError("The server sent a conflict about an unknown record or field; nothing was changed.")
    return out


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
    """Write checked pages and the new cursor in the caller's transaction."""
    sch = schema()
    result = Applied()
    for page in pages:
        records = check_page(page, cursor)
        cursor = page.cursor
        ids = [r[1] for r in records] + [c.entity_id for c in page.conflicts]
        pending = pending_fields(s, ids) if s.scalar(
            sa.select(OutboxEntry.seq).where(OutboxEntry.state == OutboxState.PENDING).limit(1)
        ) is not None else {}
        _write_records(s, sch, records, pending, result)
        # After the records: a kept value is set only where no newer version landed.
        for notice in page.conflicts:
            _note_conflict(s, sch, notice, pending, account_id, result)
    s.merge(Setting(key=CURSOR, value=str(cursor)))
    return result


def _write_records(s: Session, sch: Schema, records: list, pending: dict[str, set[str]], result: Applied) -> None:
    by_entity: dict[str, list] = defaultdict(list)
    for rec in records:
        by_entity[rec[0]].append(rec)
    now = utcnow()
    for entity, recs in by_entity.items():
        table = sch.tables[entity]
        latest: dict[str, tuple] = {}
        for rec in recs:  # a page never repeats a record, but a hostile one might: last wins
            latest[rec[1]] = rec
        ids = list(latest)
        existing: dict[str, int] = {}
        for i in range(0, len(ids), IN_CHUNK):
            existing.update(s.execute(sa.select(table.c.id, table.c.server_version).where(table.c.id.in_(ids[i : i + IN_CHUNK]))).all())
        inserts: list[dict[str, Any]] = []
        for entity_id, (_e, _id, version, deleted, values) in latest.items():
            if entity == "attachment" and not deleted and isinstance(values.get("sha256"), str):
                result.attachments.append(values["sha256"])
            if entity_id in existing:
                if existing[entity_id] >= version:
                    continue  # already have this or newer (a replayed page)
                keep = pending.get(entity_id, set())
                row = {k: v for k, v in values.items() if k not in keep}
                result.kept_local += len(values) - len(row)
                if "deleted" not in keep:
                    row["deleted"] = deleted
                row.update(server_version=version, updated_at=now)
                s.execute(sa.update(table).where(table.c.id == entity_id), row)
                result.updated += 1
            else:
                row = dict(values, id=entity_id, server_version=version, deleted=deleted, created_at=now, updated_at=now)
                inserts.append(row)
        n_new = len(inserts)
        bulk = entity in SEARCHED and n_new >= BULK_MIN
        if bulk:
            before = s.scalar(sa.text(f"SELECT coalesce(max(rowid), 0) FROM {entity}"))
            s.execute(sa.insert(Setting.__table__).values(key=BULK_FLAG, value="1"))
        if inserts:
            _insert(s, table, inserts)
            result.inserted += len(inserts)
        if bulk:
            # New rows take rowids above the old maximum: index exactly those, in one statement.
            cols = ", ".join(SEARCHED[entity])
            s.execute(sa.text(f"INSERT INTO {entity}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {entity} WHERE rowid > :before"), {"before": before})
            s.execute(sa.delete(Setting.__table__).where(Setting.__table__.c.key == BULK_FLAG))


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
        value = sch.columns[c.entity][c.field].convert(c.kept)
    except (ValueError, TypeError, LookupError):
        raise ProtocolError(f"The server sent a bad kept value for {c.entity}.{c.field}; nothing was changed.") from None
    s.execute(sa.update(table).where(table.c.id == c.entity_id, table.c.server_version <= c.version).values({c.field: value}))
