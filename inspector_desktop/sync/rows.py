"""Writing pulled records into the workspace's tables: the bulk path for large
pages, one record at a time where something does not fit, and taking back what
turns out to point at a record this laptop does not have. A record that cannot
be stored is set aside (set_aside.py); everything else lands."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.codec import decode
from inspector_desktop.store import search
from inspector_desktop.store.models import MODEL_BY_TABLE, Synced, utcnow
from inspector_desktop.sync import set_aside

BULK_MIN = 200  # below this, row-by-row indexing costs less than the extra statements


@dataclass(frozen=True)
class Column:
    name: str
    convert: Callable[[Any], Any]
    # Text this column stores as it is: any (a text column), these (an enum), or none.
    as_is: frozenset[str] | None = None
    any_text: bool = False


class Schema:
    """Per entity: the columns a pulled record may carry, and how to read each."""

    def __init__(self) -> None:
        self.tables: dict[str, sa.Table] = {}
        self.columns: dict[str, dict[str, Column]] = {}
        for entity, model in MODEL_BY_TABLE.items():
            table: sa.Table = model.__table__  # type: ignore[attr-defined]
            self.tables[entity] = table
            self.columns[entity] = {
                c.name: Column(c.name, _converter(c), frozenset(c.type.enums) if isinstance(c.type, sa.Enum) else None,
                               isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum))
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
    entities: set[str] = field(default_factory=set)  # kinds of records written, for the views showing them


@dataclass
class Pulled:
    entity: str
    id: str
    version: int
    deleted: bool
    values: dict[str, Any]  # converted for this laptop's columns
    raw: dict[str, Any]  # as the server sent them, kept if the record is set aside
    changed_by: str = ""  # the account whose change made this version


def aside(s: Session, pulled: Pulled, reason: str, detail: str, result: Applied) -> None:
    set_aside.set_aside(s, pulled.entity, pulled.id, pulled.version, pulled.deleted, pulled.raw, reason, detail)
    result.set_aside += 1


class _Undo:
    """How to take back one written record if it turns out to point at nothing,
    and what it holds now (the values written over the row as it was)."""

    def __init__(self, pulled: Pulled, old: dict[str, Any] | None, row: dict[str, Any]) -> None:
        self.pulled, self.old, self.row = pulled, old, row

    def value(self, name: str) -> Any:
        return self.row[name] if name in self.row else (self.old or {}).get(name)


def write_records(s: Session, sch: Schema, records: list[Pulled], pending: dict[str, set[str]], result: Applied) -> dict[str, _Undo]:
    by_entity: dict[str, dict[str, Pulled]] = defaultdict(dict)
    for rec in records:  # a page never repeats a record, but a hostile one might: last wins
        by_entity[rec.entity][rec.id] = rec
    written: dict[str, _Undo] = {}
    now = utcnow()
    for entity, latest in by_entity.items():
        table = sch.tables[entity]
        ids = list(latest)
        existing: dict[str, dict[str, Any]] = {}
        for row in s.execute(sa.select(table).where(table.c.id.in_(each_of(ids)))).mappings():
            existing[row["id"]] = dict(row)
        inserts: list[Pulled] = []
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
                inserts.append(rec)
        for rec, row in updates:
            if _guarded(s, lambda table=table, rec=rec, row=row: s.execute(sa.update(table).where(table.c.id == rec.id), row), rec, result):
                written[rec.id] = _Undo(rec, existing[rec.id], row)
                result.updated += 1
        _write_inserts(s, table, inserts, now, result, written)
    for rec in records:
        if rec.id in written and rec.entity == "attachment" and not rec.deleted and isinstance(rec.values.get("sha256"), str):
            result.attachments.append(rec.values["sha256"])
    return written


def each_of(values: list[str]) -> sa.Select[Any]:
    """The values as rows of one query parameter (a JSON array), for ``IN``: one
    statement for a page of five thousand ids instead of one per few hundred."""
    return sa.select(sa.column("value")).select_from(sa.func.json_each(sa.literal(json.dumps(values))))


STORE_ERRORS = (sa.exc.DBAPIError, sa.exc.StatementError, ValueError, TypeError, OverflowError, UnicodeError)


def _guarded(s: Session, write: Callable[[], Any], rec: Pulled, result: Applied) -> bool:
    """One write in a savepoint; a record the database refuses is set aside."""
    try:
        with s.begin_nested():
            write()
        return True
    except STORE_ERRORS as exc:
        aside(s, rec, set_aside.CANNOT_STORE, str(getattr(exc, "orig", exc))[:200], result)
        return False


def _write_inserts(s: Session, table: sa.Table, inserts: list[Pulled], now: dt.datetime, result: Applied,
                   written: dict[str, _Undo]) -> None:
    if not inserts:
        return
    entity = table.name
    together = entity in search.SEARCHED and len(inserts) >= BULK_MIN
    with search.indexed_together(s, entity) if together else contextlib.nullcontext():
        landed = _insert_batch(s, table, inserts, now, result)
    for rec in landed:
        # A new row holds what the record brought (and defaults where it brought nothing).
        written[rec.id] = _Undo(rec, None, rec.values)
    result.inserted += len(landed)


def _insert_batch(s: Session, table: sa.Table, inserts: list[Pulled], now: dt.datetime, result: Applied) -> list[Pulled]:
    # No savepoint around the batch: SQLite would copy every page it touches aside
    # for it, which doubled the time of a first sync. Each row's insert is its own
    # statement, so a row the database refuses takes back only itself.
    try:
        _insert_pulled(s, table, inserts, now)
        return inserts
    except STORE_ERRORS:
        if not _in_transaction(s):
            raise  # SQLite gave up the whole transaction (a full disk): nothing is kept
    # Something in the batch does not fit: the rows before it are in; the rest
    # one by one, so only that record waits.
    have = set(s.scalars(sa.select(table.c.id).where(table.c.id.in_(each_of([rec.id for rec in inserts])))))
    landed = [rec for rec in inserts if rec.id in have]
    return landed + [rec for rec in inserts if rec.id not in have and _insert_one(s, table, rec, now, result)]


def _in_transaction(s: Session) -> bool:
    return bool(s.connection().connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]


def _insert_one(s: Session, table: sa.Table, rec: Pulled, now: dt.datetime, result: Applied) -> bool:
    holder = set_aside.local_holder(s, rec.entity, rec.values, rec.id)
    if holder is not None:
        holder_id, acknowledged = holder
        if acknowledged:
            # Two records the server itself keeps apart: not ours to merge.
            aside(s, rec, set_aside.DUPLICATE, holder_id, result)
            return False
        # Begun here before the server's copy arrived: it is the same record.
        with s.begin_nested():
            set_aside.relink(s, rec.entity, holder_id, rec.id)
        result.relinked += 1
    return _guarded(s, lambda: _insert_pulled(s, table, [rec], now), rec, result)


def settle_references(s: Session, written: dict[str, _Undo], result: Applied, unsure: set[str]) -> None:
    """Set aside every written record that points at a record this laptop does not
    have, and take it back out; repeat, since taking one out can strand another.
    ``unsure`` names records changed after they were written (a conflict's kept
    value): those are read back from the database, the rest checked as written.
    A re-linked record moves what pointed at it: then all are read back."""
    if result.relinked:
        unsure = set(written)
    while True:
        touched: dict[str, dict[str, _Undo]] = defaultdict(dict)
        for record_id, undo in written.items():
            touched[undo.pulled.entity][record_id] = undo
        stranded = False
        for entity, undos in touched.items():
            missing = _dangling(s, entity, undos, unsure)
            for record_id, column in missing.items():
                undo = written.pop(record_id)
                table = schema().tables[entity]
                if undo.old is None:
                    s.execute(sa.delete(table).where(table.c.id == record_id))
                    result.inserted -= 1
                else:
                    s.execute(sa.update(table).where(table.c.id == record_id).values(undo.old))
                    result.updated -= 1
                aside(s, undo.pulled, set_aside.MISSING_REFERENCE, column, result)
            stranded |= bool(missing)
        if not stranded:
            return
        # Whatever pointed at a record just taken out may now point at nothing.


def _dangling(s: Session, entity: str, undos: dict[str, _Undo], unsure: set[str]) -> dict[str, str]:
    """Of the written records, those naming a missing record: id -> the field. A
    page of findings names a handful of visits: each is looked up once, not once
    per finding."""
    table = schema().tables[entity]
    out = set_aside.dangling(s, entity, [i for i in undos if i in unsure])
    for fk in table.foreign_keys:
        name, key = fk.parent.name, fk.column
        naming: dict[Any, list[str]] = defaultdict(list)
        for record_id, undo in undos.items():
            value = undo.value(name)
            if value is not None and record_id not in unsure:
                naming[value].append(record_id)
        if naming:
            for value in s.scalars(sa.select(key).where(key.in_(each_of(list(naming))))):
                naming.pop(value, None)
        for record_ids in naming.values():
            for record_id in record_ids:
                out.setdefault(record_id, name)
    return out


# The columns a pulled record's own row fills from the record itself, not its fields.
_OWN = ("id", "server_version", "deleted", "created_at", "updated_at")


@dataclass(frozen=True)
class _PulledPlan:
    sql: str
    fields: Callable[[dict[str, Any]], tuple[Any, ...]]  # the fields' values, in column order
    defaults: list[tuple[str, Callable[[], Any]]]  # for a record that leaves a field out
    typed: list[tuple[int, Any]]  # fields the column's type prepares
    own: dict[str, Any]  # the driver-side preparation of the record's own columns


_PULLED_PLANS: dict[tuple[str, str], _PulledPlan] = {}


def _pulled_plan(table: sa.Table, dialect: sa.Dialect) -> _PulledPlan:
    key = (table.name, dialect.name)
    if key not in _PULLED_PLANS:
        plan = [step for step in _insert_plan(table, dialect) if step[0] not in _OWN]
        names = [name for name, *_ in plan] + list(_OWN)
        get = operator.itemgetter(*(name for name, *_ in plan))
        # Choices are checked as they are read (sync/apply.py) and stored as the wire
        # carries them: the type's own check would only repeat that, per row.
        typed = [(i, proc) for i, (name, proc, _default) in enumerate(plan)
                 if proc is not None and not isinstance(table.c[name].type, sa.Enum)]
        procs = {name: proc for name, proc, _default in _insert_plan(table, dialect) if name in _OWN}
        _PULLED_PLANS[key] = _PulledPlan(
            f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            (lambda values: (get(values),)) if len(plan) == 1 else get,
            [(name, default) for name, _proc, default in plan], typed, procs)
    return _PULLED_PLANS[key]


def _insert_pulled(s: Session, table: sa.Table, recs: list[Pulled], now: dt.datetime) -> None:
    """One executemany for a page's new records, each row's parameters read straight
    from the record: a first sync inserts a hundred thousand rows, and building a
    row mapping per record, then its parameters from it, was a sixth of its time."""
    conn = s.connection()
    plan = _pulled_plan(table, conn.dialect)

    def prepared(name: str, value: Any) -> Any:
        proc = plan.own[name]
        return value if proc is None or value is None else proc(value)
    stamp = prepared("created_at", now), prepared("updated_at", now)
    deleted = {flag: prepared("deleted", flag) for flag in (False, True)}
    fields, typed = plan.fields, plan.typed
    rows = []
    for rec in recs:
        try:
            values = fields(rec.values)
        except KeyError:
            values = tuple(rec.values[name] if name in rec.values else default() for name, default in plan.defaults)
        if typed:
            listed = list(values)
            for i, proc in typed:
                if listed[i] is not None:
                    listed[i] = proc(listed[i])
            values = tuple(listed)
        rows.append((*values, rec.id, rec.version, deleted.get(rec.deleted, rec.deleted), *stamp))
    conn.exec_driver_sql(plan.sql, rows)


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
            proc = column.type.bind_processor(dialect)
            if proc is None and isinstance(column.type, sa.DateTime) and dialect.name == "sqlite":
                # What the driver's own adapter writes, done here once per page (the
                # rows share their timestamps) instead of once per row.
                proc = _sqlite_datetime
            plan.append((column.name, proc, make))
        _PLANS[key] = plan
    return _PLANS[key]


def _sqlite_datetime(value: Any) -> Any:
    return value.isoformat(" ") if isinstance(value, dt.datetime) else value
