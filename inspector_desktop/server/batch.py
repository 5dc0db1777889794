"""A push's ordinary mutations applied together, not one by one.

records.py applies one mutation at a time: about ten statements and a savepoint
each. Most of what laptops push is ordinary work (visits, findings, ratings,
notes), and such a *run* of mutations is applied here: the records it changes,
the records they hang on and name, the aliases and the natural keys are read (and
locked, as records.py locks them) with one query each; every mutation is decided
in memory, seeing what the mutations before it wrote; what was accepted is
written with one statement per table.

A run stops before a mutation it does not decide: a merge into another copy's
record, a move to another school or region, a change of who sees what (an
assignment, a team member), a device key, a template, a rule file, a file's hash.
records.py applies that one, then a new run starts.

Once written, one query reads back that the writer sees every record the run
wrote (records.py asks that of each). If one is unseen (rare: a lead writing
into another region), the whole push is rolled back and applied again one by
one, so that refusal still refuses only its own mutation.
"""

from __future__ import annotations

import functools
import itertools
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from inspector_desktop.server import admission, door, scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.server.db import insert_rows
from inspector_desktop.server.security import utcnow
from inspector_desktop.server.versions import Versions
from inspector_desktop.sync import schema
from inspector_desktop.sync.protocol import FieldConflict, Mutation, MutationResult, MutationStatus, Op

# Entities whose changes move what others see, or need checks of their own.
ONE_BY_ONE = {"device_key", "region_rules", *admission.TEMPLATE_ENTITIES, "school_assignment", "visit_team_member"}
PLACE = ("scope", "school_id", "visit_id", "subject_id", "region", "unannounced")


class _OneByOne(Exception):
    """records.py decides this mutation (raised before the run changed anything for it)."""


@dataclass
class Held:
    """A record as this run knows it: stored, or written by the run."""

    id: str
    entity: str
    version: int
    deleted: bool
    fields: dict[str, Any]
    field_versions: dict[str, list[Any]]
    created_by: str
    scope: str
    school_id: str | None
    visit_id: str | None
    subject_id: str | None
    region: str
    unannounced: bool
    natural_key: str | None
    seen: bool  # by the writer; a record the run wrote is checked when the run ends
    stored: bool
    pos: int = 0
    changed_by: str | None = None
    dirty: bool = False

    @classmethod
    def of(cls, row: sa.Row) -> Held:
        return cls(row.id, row.entity, row.version, row.deleted, json.loads(row.fields), json.loads(row.field_versions),
                   row.created_by, row.scope, row.school_id, row.visit_id, row.subject_id, row.region, row.unannounced,
                   row.natural_key, bool(row.seen), True, row.pos, row.changed_by)

    def place(self) -> scope.Place:
        return scope.Place(self.scope, self.school_id, self.visit_id, self.subject_id, self.region, self.unannounced)

    def columns(self) -> dict[str, Any]:
        return dict(version=self.version, pos=self.pos, deleted=self.deleted, fields=json.dumps(self.fields, ensure_ascii=False),
                    field_versions=json.dumps(self.field_versions), natural_key=self.natural_key, changed_by=self.changed_by,
                    **self.place().columns())


def runs(m: Mutation) -> bool:
    return m.entity not in ONE_BY_ONE and not (m.entity == "attachment" and "sha256" in m.fields)


class Unseen(Exception):
    """The writer cannot read back a record the run wrote: run the push again, one by one."""


def apply_run(conn: sa.Connection, counter: Versions, me: Me, mutations: list[Mutation], client_id: str,
              vis: sa.ColumnElement[bool]) -> tuple[list[MutationResult], int]:
    """Apply the run at the head of ``mutations``; returns its results, and how
    many mutations after them records.py applies one by one (one when the run
    decided none). Raises Unseen (the transaction is then rolled back) when the
    writer could not read back all it wrote."""
    run = list(itertools.takewhile(runs, mutations))
    if not run:
        return [], 1
    state = _Run(conn, me, run, vis)
    counter.refill(len(run))  # after the locks: these versions fit any record of the run
    results: list[MutationResult] = []
    for m in run:
        try:
            results.append(state.decide(counter, m, client_id))
        except _OneByOne:
            break
    if not results:
        return [], 1
    if not state.write():
        raise Unseen()
    return results, 1 if len(results) < len(run) else 0


class _Run:
    def __init__(self, conn: sa.Connection, me: Me, run: list[Mutation], vis: sa.ColumnElement[bool]) -> None:
        self.conn, self.me = conn, me
        self.pg = conn.dialect.name == "postgresql"
        self.checked: list[dict[str, Any] | door.Rejected] = []
        for m in run:
            try:
                self.checked.append(door.canonical_fields(m.entity, m.fields, m.op))
            except door.Rejected as refused:
                self.checked.append(refused)
        named = {m.entity_id for m in run} | {v for m, c in zip(run, self.checked) if isinstance(c, dict) for v in _refs(m.entity, c)}
        self.reads = _reads(vis, self.pg)
        self.alias: dict[str, str] = dict(conn.execute(self.reads.aliases, dict(ids=sorted(named))).all())
        for m, c in zip(run, self.checked):
            if isinstance(c, dict):
                for name in schema.TABLES[m.entity].refs():
                    if c.get(name):
                        c[name] = self.resolve(c[name])
        self.held: dict[str, Held | None] = {}
        # As records.py locks them: the records changed FOR UPDATE (before their versions
        # are taken), the records they name and those records' school and visit FOR SHARE.
        self._load({self.resolve(m.entity_id) for m in run}, update=True)
        parents = {v for m, c in zip(run, self.checked) if isinstance(c, dict) for v in _refs(m.entity, c)}
        parents |= {v for h in self.held.values() if h is not None for v in _refs(h.entity, h.fields)}
        self._load(parents - self.held.keys(), update=False)
        above = {v for i in parents if (h := self.held.get(i)) is not None for v in (h.school_id, h.visit_id) if v}
        if self.pg and (above := above - self.held.keys()):
            conn.execute(self.reads.above, dict(ids=sorted(above))).all()
        self.keys: dict[str, str | None] = {}
        wanted = {k for m, c in zip(run, self.checked) if isinstance(c, dict) and (k := _key(m.entity, c)) is not None}
        self._load_keys(wanted)
        self.conflicts: list[dict[str, Any]] = []
        self.regions: dict[str | None, str] = {}
        self.stored_forms: dict[str, dict[str, dict[str, Any]]] = {}  # by visit, read when a check first asks
        self.new_forms: dict[str | None, set[str]] = {}  # by visit, inserted by the run

    # ------------------------------------------------------------ reading

    def resolve(self, record_id: str) -> str:
        return self.alias.get(record_id, record_id)

    def _load(self, ids: set[str], update: bool) -> None:
        if not ids:
            return
        for row in self.conn.execute(self.reads.for_update if update else self.reads.for_share, dict(ids=sorted(ids))):
            self.held[row.id] = Held.of(row)
        for i in ids:
            self.held.setdefault(i, None)

    def _load_keys(self, keys: set[str]) -> None:
        keys -= self.keys.keys()
        if keys:
            found = dict(self.conn.execute(self.reads.keys, dict(keys=sorted(keys))).all())
            self.keys.update({k: found.get(k) for k in keys})

    def _record(self, record_id: str) -> Held | None:
        if record_id not in self.held:  # not named up front (it should have been): read it now
            self._load({record_id}, update=False)
        return self.held[record_id]

    def _seen(self, record_id: str) -> Held | None:
        h = self._record(record_id)
        return h if h is not None and h.seen else None

    def _holder(self, key: str, record_id: str) -> str | None:
        self._load_keys({key})
        holder = self.keys[key]
        return holder if holder != record_id else None

    def _region_of(self, account_id: str | None) -> str:
        if account_id not in self.regions:
            self.regions[account_id] = self.conn.execute(sa.select(t.account.c.region).where(t.account.c.id == account_id)).scalar() or ""
        return self.regions[account_id]

    def _fields_of(self, record_id: str) -> dict[str, Any] | None:
        h = self._record(record_id)
        return None if h is None else h.fields

    def _forms_of(self, visit_id: str) -> list[dict[str, Any]]:
        """The visit's forms (not deleted) as the run has them: stored, or written by it."""
        if visit_id not in self.stored_forms:
            rows = self.conn.execute(door.VISIT_FORMS, dict(visit_id=visit_id))
            self.stored_forms[visit_id] = {row.id: json.loads(row.fields) for row in rows}
        stored = self.stored_forms[visit_id]
        now = [stored[i] if (h := self.held.get(i)) is None else None if h.deleted else h.fields
               for i in stored.keys() | self.new_forms.get(visit_id, set())]
        return [fields for fields in now if fields is not None]

    # ------------------------------------------------------------ deciding

    def decide(self, counter: Versions, m: Mutation, client_id: str) -> MutationResult:
        try:
            return self._decide(counter, m, client_id)
        except door.Rejected as r:
            return MutationResult(seq=m.seq, entity_id=m.entity_id, status=MutationStatus.REJECTED, code=r.code, field=r.field)

    def _decide(self, counter: Versions, m: Mutation, client_id: str) -> MutationResult:
        """records._apply's rules, over what the run holds; nothing changes until the end."""
        checked = self.checked.pop(0)
        if isinstance(checked, door.Rejected):
            raise checked
        incoming = dict(checked)
        deleting = m.op is Op.DELETE or incoming.pop("deleted", False) is True
        entity_id = self.resolve(m.entity_id)
        existing = self._record(entity_id)
        if existing is None and m.op is Op.INSERT and (key := _key(m.entity, incoming)) and self._holder(key, entity_id):
            raise _OneByOne()  # merged into that copy, or refused: records.py knows how
        if existing is not None and (not existing.seen or existing.entity != m.entity):
            raise door.Rejected("record.not_found")  # the same answer as for no record at all
        if existing is None and m.op is not Op.INSERT:
            raise door.Rejected("record.not_found")
        if existing is not None and existing.deleted:
            raise door.Rejected("record.deleted")
        current: dict[str, Any] = dict(existing.fields) if existing else {}
        meta: dict[str, list[Any]] = dict(existing.field_versions) if existing else {}
        writer = self.me.id
        door.guard_signed(m.entity, current, incoming, deleting, existing is not None, self._fields_of)
        door.guard_certified(m.entity, entity_id, current, incoming, deleting, existing is not None, self._fields_of,
                             self._forms_of)

        version, pos = counter.next(new_record=True)
        changed, kept = door.merge_fields(current, meta, incoming, known=existing is not None, base_version=m.base_version,
                                          client_id=client_id, version=version, writer=writer)
        conflicts = [FieldConflict(field=name, yours=value, kept=current[name], kept_version=kept_version)
                     for name, value, kept_version, _by in kept]
        lost = [dict(record_id=entity_id, entity=m.entity, field=name, kept=json.dumps(current[name], ensure_ascii=False),
                     lost=json.dumps(value, ensure_ascii=False), kept_by=kept_by, lost_by=writer, at=utcnow())
                for name, value, _version, kept_by in kept]

        region = existing.region if existing is not None else self.me.region
        try:
            place = scope.place_from(m.entity, entity_id, current, region, self._seen, self._region_of)
        except scope.ParentUnknown:
            parents = scope.RULES[m.entity].parents
            raise door.Rejected("record.parent_unknown", next((f for f in parents if current.get(f)), parents[0] if parents else "")) from None
        if existing is not None and place != existing.place():
            raise _OneByOne()  # a move re-versions what moves with it (records._widen_or_move)
        if not scope.may_write(self.me, m.entity, place):
            raise door.Rejected("record.forbidden")
        door.check_refs_with(m.entity, incoming, place, self._seen)
        key = _key(m.entity, current)
        if key is not None and self._holder(key, entity_id) is not None:
            raise door.duplicate(m.entity)
        if (refused := admission.refusal(self.conn, self.me, m.entity, incoming, current, existing is None, deleting)) is not None:
            raise door.Rejected(refused)

        for row in lost:  # each conflict is a change pulls serve: its own version
            row["version"], row["pos"] = counter.next(new_record=True)
        self.conflicts += lost
        if existing is None or changed or deleting:
            self._hold(existing, entity_id, m.entity, version, pos, deleting, current, meta, key, place)
            landed = {k: v for k, v in incoming.items() if meta.get(k, [0])[0] == version}
            action = "delete" if deleting else "insert" if existing is None else "update"
            counter.change_log.append(dict(record_id=entity_id, version=version, account_id=writer, client_id=client_id,
                                           action=action, fields=json.dumps(landed, ensure_ascii=False), at=utcnow()))
        else:
            version = existing.version  # nothing new: no new version, nobody re-pulls it
        status = MutationStatus.CONFLICT if conflicts else MutationStatus.APPLIED
        merged = entity_id if entity_id != m.entity_id else ""  # the laptop's id is an alias of this record
        return MutationResult(seq=m.seq, entity_id=m.entity_id, status=status, version=version, conflicts=conflicts, merged_into=merged)

    def _hold(self, existing: Held | None, entity_id: str, entity: str, version: int, pos: int, deleting: bool,
              current: dict[str, Any], meta: dict[str, list[Any]], key: str | None, place: scope.Place) -> None:
        h = existing or Held(entity_id, entity, version, deleting, current, meta, self.me.id, *place.columns().values(),
                             natural_key=key, seen=True, stored=False)
        if h.natural_key is not None and self.keys.get(h.natural_key) == entity_id:
            self.keys[h.natural_key] = None
        if key is not None:
            self.keys[key] = entity_id
        if existing is None and entity == "feedback_form":
            self.new_forms.setdefault(place.visit_id, set()).add(entity_id)
        h.version, h.pos, h.deleted, h.fields, h.field_versions = version, pos, deleting, current, meta
        h.natural_key, h.changed_by, h.dirty = key, self.me.id, True
        self.held[entity_id] = h

    # ------------------------------------------------------------ writing

    def write(self) -> bool:
        """Store what the run accepted; False if the writer cannot see all of it."""
        dirty = [h for h in self.held.values() if h is not None and h.dirty]
        changed = [h for h in dirty if h.stored]
        if changed:  # before the new ones: a natural key one of them gave up may be taken by a new one
            r = t.record
            self.conn.execute(
                sa.update(r).where(r.c.id == sa.bindparam("b_id")).values({c: sa.bindparam(f"b_{c}") for c in _WRITTEN}),
                [{"b_id": h.id, **{f"b_{c}": v for c, v in h.columns().items()}} for h in changed])
        new = [h for h in dirty if not h.stored]
        if new:
            insert_rows(self.conn, t.record, [dict(id=h.id, entity=h.entity, created_by=h.created_by, **h.columns()) for h in new])
        if self.conflicts:
            self.conn.execute(sa.insert(t.conflict), self.conflicts)
        ids = sorted(h.id for h in dirty)
        seen = self.conn.execute(self.reads.seen, dict(ids=ids)).scalar_one()
        return seen == len(ids)


# The run's reads, built once: building a query, and the key SQLAlchemy finds its
# compiled form by (over the caller's scope: six subqueries), cost more than running it.
def _among(column: sa.Column[Any], name: str, pg: bool) -> sa.ColumnElement[bool]:
    """``column IN (...)``; on PostgreSQL one array parameter instead, so the text never
    changes and psycopg prepares it once (an IN list is new SQL for every length)."""
    if pg:
        return column == sa.any_(sa.bindparam(name, type_=postgresql.ARRAY(column.type)))
    return column.in_(sa.bindparam(name, expanding=True))


class _Reads(NamedTuple):
    aliases: sa.Select[Any]
    keys: sa.Select[Any]
    above: sa.Select[Any]
    for_update: sa.Select[Any]
    for_share: sa.Select[Any]
    seen: sa.Select[Any]


@functools.lru_cache(maxsize=1024)
def _reads(vis: sa.ColumnElement[bool], pg: bool) -> _Reads:
    """The run's reads for a caller (``vis`` is built once per account, scope.py)."""
    r, ids = t.record, _among(t.record.c.id, "ids", pg)
    aliases = sa.select(t.record_alias.c.alias_id, t.record_alias.c.record_id).where(_among(t.record_alias.c.alias_id, "ids", pg))
    keys = sa.select(r.c.natural_key, r.c.id).where(_among(r.c.natural_key, "keys", pg))
    load = sa.select(r, vis.label("seen")).where(ids).order_by(r.c.id)
    seen = sa.select(sa.func.count()).select_from(r).where(ids, vis)
    if not pg:  # SQLite: one writer at a time, nothing to lock
        return _Reads(aliases, keys, load, load, load, seen)
    return _Reads(aliases, keys, sa.select(r.c.id).where(ids).with_for_update(read=True),
                  load.with_for_update(of=r), load.with_for_update(of=r, read=True), seen)


_WRITTEN = ("version", "pos", "deleted", "fields", "field_versions", "natural_key", "changed_by", *PLACE)


def _refs(entity: str, fields: dict[str, Any]) -> set[str]:
    return {v for f in schema.TABLES[entity].refs() if isinstance(v := fields.get(f), str) and v} if entity in schema.TABLES else set()


def _key(entity: str, fields: dict[str, Any]) -> str | None:
    keys = schema.TABLES[entity].natural_keys
    return schema.natural_key(entity, fields, keys[0]) if keys else None
