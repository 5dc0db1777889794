"""The record store: push (apply mutations exactly once, merge field by field) and pull.

Every writing transaction first locks the one ``change_counter`` row, then takes
versions from it. So versions are handed out and committed in order, and the
committed counter value is a high-water mark below which nothing is still in
flight: pull never serves past it, and a cursor never skips a change.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain.forms import FIELDS_MUTABLE_AFTER_SIGNING
from inspector_desktop.server import admission, scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.server.db import writing
from inspector_desktop.server.errors import ApiError
from inspector_desktop.server.security import utcnow
from inspector_desktop.store.codec import decode, encode
from inspector_desktop.store.models import MODEL_BY_TABLE, Synced
from inspector_desktop.sync.protocol import (
    FieldConflict,
    Mutation,
    MutationResult,
    MutationStatus,
    Op,
    PushRequest,
    PushResponse,
)

LOCKED_FORM = {"signed", "issued"}
FORM_PARTS = {"requirement", "signature"}


class Rejected(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Counter:
    """Versions for one transaction; holding the row lock is what makes them safe."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.value = conn.execute(
            sa.select(t.change_counter.c.value).where(t.change_counter.c.id == t.COUNTER_ROW).with_for_update()
        ).scalar_one()
        self.start = self.value

    def next(self) -> int:
        self.value += 1
        return self.value

    def save(self) -> None:
        if self.value != self.start:
            self.conn.execute(
                sa.update(t.change_counter).where(t.change_counter.c.id == t.COUNTER_ROW).values(value=self.value)
            )


# ---------------------------------------------------------------- validation


def _columns(entity: str) -> dict[str, sa.Column]:
    table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
    return {c.name: c for c in table.columns if c.name != "id" and c.name not in Synced.SYNC_BOOKKEEPING}


def canonical_fields(entity: str, fields: dict[str, Any], op: Op) -> dict[str, Any]:
    """Check names and types against the client's own schema; values come back
    re-encoded so equal values compare equal whatever their spelling."""
    if entity not in scope.RULES or entity not in MODEL_BY_TABLE:
        raise Rejected("record.unknown_entity")
    columns = _columns(entity)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        column = columns.get(name)
        if column is None:
            raise Rejected("record.unknown_field")
        try:
            decoded = decode(column, value)
        except (ValueError, TypeError, LookupError):
            raise Rejected("record.bad_value") from None
        if decoded is None and not column.nullable:
            raise Rejected("record.missing_field")
        out[name] = encode(decoded)
    if op is Op.INSERT:
        for name, column in columns.items():
            if not column.nullable and column.default is None and name != "deleted" and out.get(name) is None:
                raise Rejected("record.missing_field")
    return out


# ---------------------------------------------------------------- push


def push(engine: sa.Engine, me: Me, req: PushRequest) -> PushResponse:
    if req.client_id != me.client_id:
        raise ApiError(403, "client.mismatch", "This token was issued to another workspace.")
    if not me.reads_content:
        raise ApiError(403, "auth.forbidden", "This account manages users and does not edit inspection records.")
    with writing(engine) as conn:
        counter = Counter(conn)  # first: one lock order for every writer, so no deadlock
        applied = conn.execute(
            sa.select(t.client.c.applied_seq).where(t.client.c.client_id == req.client_id).with_for_update()
        ).scalar_one()
        results: list[MutationResult] = []
        gap = False
        for m in sorted(req.mutations, key=lambda m: m.seq):
            if m.seq <= applied:
                stored = conn.execute(
                    sa.select(t.mutation_log.c.result).where(
                        t.mutation_log.c.client_id == req.client_id, t.mutation_log.c.seq == m.seq
                    )
                ).scalar_one()
                results.append(MutationResult.model_validate_json(stored))
                continue
            if m.seq != applied + 1:
                gap = True  # applying later ones would break the client's order
                break
            result = apply_mutation(conn, counter, me, m, req.client_id)
            conn.execute(
                sa.insert(t.mutation_log).values(
                    client_id=req.client_id, seq=m.seq, result=result.model_dump_json(), applied_at=utcnow()
                )
            )
            applied = m.seq
            results.append(result)
        conn.execute(sa.update(t.client).where(t.client.c.client_id == req.client_id).values(applied_seq=applied))
        counter.save()
    return PushResponse(results=results, applied_seq=applied, gap=gap)


def apply_mutation(conn: sa.Connection, counter: Counter, me: Me | None, m: Mutation, client_id: str = "server") -> MutationResult:
    """Apply one mutation in a savepoint; a rejection undoes only this one.
    ``me`` None is the server itself (admin commands), which has no scope limit."""
    try:
        with conn.begin_nested():
            version, conflicts = _apply(conn, counter, me, m, client_id)
    except Rejected as r:
        return MutationResult(seq=m.seq, entity_id=m.entity_id, status=MutationStatus.REJECTED, code=r.code)
    status = MutationStatus.CONFLICT if conflicts else MutationStatus.APPLIED
    return MutationResult(seq=m.seq, entity_id=m.entity_id, status=status, version=version, conflicts=conflicts)


def _apply(conn: sa.Connection, counter: Counter, me: Me | None, m: Mutation, client_id: str) -> tuple[int, list[FieldConflict]]:
    incoming = canonical_fields(m.entity, m.fields, m.op)
    deleting = m.op is Op.DELETE or incoming.pop("deleted", False) is True
    vis = scope.visible(me) if me is not None else None

    existing = conn.execute(sa.select(t.record).where(t.record.c.id == m.entity_id)).first()
    if existing is not None and vis is not None:
        if conn.execute(sa.select(t.record.c.id).where(t.record.c.id == m.entity_id, vis)).first() is None:
            raise Rejected("record.not_found")  # the same answer as for no record at all
    if existing is None and m.op is not Op.INSERT:
        raise Rejected("record.not_found")
    if existing is not None and existing.entity != m.entity:
        raise Rejected("record.not_found")
    if existing is not None and existing.deleted:
        raise Rejected("record.deleted")

    current: dict[str, Any] = json.loads(existing.fields) if existing else {}
    meta: dict[str, list[Any]] = json.loads(existing.field_versions) if existing else {}
    _guard_signed(conn, m.entity, current, incoming, deleting, existing is not None)

    version = counter.next()
    writer = me.id if me else "server"
    conflicts: list[FieldConflict] = []
    changed = False
    for name, value in incoming.items():
        if name in current and current[name] == value:
            continue
        kept_version, kept_by, kept_from = meta.get(name, [0, "", ""])
        # A client's own earlier mutations are in its past even before it pulls them.
        if existing is not None and name in current and kept_version > m.base_version and kept_from != client_id:
            conflicts.append(FieldConflict(field=name, yours=value, kept=current[name], kept_version=kept_version))
            _record_conflict(conn, counter, m, name, current[name], value, kept_by, writer)
            continue
        current[name] = value
        meta[name] = [version, writer, client_id]
        changed = True

    old_place = _place_from_row(existing) if existing else None
    try:
        place = scope.place_of(conn, m.entity, m.entity_id, current, vis)
    except scope.ParentUnknown:
        raise Rejected("record.parent_unknown") from None
    if me is not None and not scope.may_write(me, m.entity, place):
        raise Rejected("record.forbidden")
    if m.entity == "device_key":
        _register_device_key(conn, current, incoming, existing is None)
    if (refused := admission.refusal(conn, me, m.entity, incoming, current, existing is None, deleting)) is not None:
        raise Rejected(refused)

    if existing is None:
        conn.execute(
            sa.insert(t.record).values(
                id=m.entity_id,
                entity=m.entity,
                version=version,
                deleted=deleting,
                fields=json.dumps(current, ensure_ascii=False),
                field_versions=json.dumps(meta),
                created_by=writer,
                **place.columns(),
            )
        )
    elif changed or deleting:
        conn.execute(
            sa.update(t.record)
            .where(t.record.c.id == m.entity_id)
            .values(
                version=version,
                deleted=deleting,
                fields=json.dumps(current, ensure_ascii=False),
                field_versions=json.dumps(meta),
                **place.columns(),
            )
        )
    else:
        version = existing.version  # nothing new: no new version, nobody re-pulls it
    if vis is not None and conn.execute(sa.select(t.record.c.id).where(t.record.c.id == m.entity_id, vis)).first() is None:
        raise Rejected("record.out_of_scope")  # the writer could not read back what they wrote
    _widen_or_move(conn, counter, m.entity, m.entity_id, old_place, place, existing is None)
    return version, conflicts


def _place_from_row(row: sa.Row) -> scope.Place:
    return scope.Place(row.scope, row.school_id, row.visit_id, row.subject_id, row.region, row.unannounced)


def _guard_signed(conn: sa.Connection, entity: str, current: dict[str, Any], incoming: dict[str, Any], deleting: bool, exists: bool) -> None:
    """A signed form and its requirements and signatures never change again; the
    one move left is signed → issued (status and issued_at)."""
    if entity == "feedback_form" and exists and current.get("status") in LOCKED_FORM:
        changed = {k for k, v in incoming.items() if current.get(k) != v}
        if deleting or changed - FIELDS_MUTABLE_AFTER_SIGNING:
            raise Rejected("form.locked")
        if "status" in changed and not (current["status"] == "signed" and incoming["status"] == "issued"):
            raise Rejected("form.locked")
    elif entity in FORM_PARTS:
        for form_id in {current.get("form_id"), incoming.get("form_id")} - {None}:
            row = conn.execute(sa.select(t.record.c.fields).where(t.record.c.id == form_id)).first()
            if row is not None and json.loads(row.fields).get("status") in LOCKED_FORM:
                raise Rejected("form.locked")


def _record_conflict(conn: sa.Connection, counter: Counter, m: Mutation, name: str, kept: Any, lost: Any, kept_by: str, lost_by: str) -> None:
    conn.execute(
        sa.insert(t.conflict).values(
            version=counter.next(),
            record_id=m.entity_id,
            entity=m.entity,
            field=name,
            kept=json.dumps(kept, ensure_ascii=False),
            lost=json.dumps(lost, ensure_ascii=False),
            kept_by=kept_by,
            lost_by=lost_by,
            at=utcnow(),
        )
    )


def _register_device_key(conn: sa.Connection, current: dict[str, Any], incoming: dict[str, Any], new: bool) -> None:
    if new:
        try:
            raw = base64.b64decode(current["public_key"], validate=True)
        except (ValueError, TypeError):
            raise Rejected("device_key.bad_key") from None
        key_id = hashlib.sha256(raw).hexdigest()
        if len(raw) != 32 or current.get("key_id") != key_id:
            raise Rejected("device_key.bad_key")
        owner = conn.execute(sa.select(t.device_key.c.account_id).where(t.device_key.c.key_id == key_id)).scalar()
        if owner is not None:
            raise Rejected("device_key.taken")
        conn.execute(
            sa.insert(t.device_key).values(
                key_id=key_id,
                account_id=current["inspector_id"],
                public_key=current["public_key"],
                registered_at=utcnow(),
                revoked_at=None,
            )
        )
        return
    if set(incoming) & {"public_key", "key_id", "inspector_id"}:
        raise Rejected("device_key.immutable")
    if incoming.get("revoked_at"):
        conn.execute(
            sa.update(t.device_key)
            .where(t.device_key.c.key_id == current["key_id"], t.device_key.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def _widen_or_move(conn: sa.Connection, counter: Counter, entity: str, record_id: str, old: scope.Place | None, new: scope.Place, inserted: bool) -> None:
    """Keep derived scope true and make newly visible records pullable.

    A pull cursor only moves forward, so records that become visible to someone
    (a new assignment, a new team member, an unannounced visit made known) get
    fresh versions; a visit or school that moves takes its records with it."""
    if entity == "visit" and old is not None and (old.school_id, old.unannounced, old.region) != (new.school_id, new.unannounced, new.region):
        _reversion(conn, counter, t.record.c.visit_id == record_id, school_id=new.school_id, unannounced=new.unannounced, region=new.region)
    elif entity == "school" and old is not None and old.region != new.region:
        _reversion(conn, counter, t.record.c.school_id == record_id, region=new.region)
    elif entity == "school_assignment" and inserted:
        _reversion(conn, counter, sa.and_(t.record.c.school_id == new.school_id, t.record.c.unannounced.is_(False)))
    elif entity == "visit_team_member" and inserted:
        _reversion(conn, counter, t.record.c.visit_id == new.visit_id)


def _reversion(conn: sa.Connection, counter: Counter, where: sa.ColumnElement[bool], **values: Any) -> None:
    ids = conn.execute(sa.select(t.record.c.id).where(where).order_by(t.record.c.version)).scalars().all()
    for record_id in ids:
        conn.execute(sa.update(t.record).where(t.record.c.id == record_id).values(version=counter.next(), **values))


def server_write(engine: sa.Engine, mutations: list[Mutation]) -> list[MutationResult]:
    """The server's own edits (admin commands): the same path as a push, unscoped."""
    with writing(engine) as conn:
        counter = Counter(conn)
        results = [apply_mutation(conn, counter, None, m) for m in mutations]
        counter.save()
    return results


# ---------------------------------------------------------------- pull


def pull(engine: sa.Engine, me: Me, cursor: int, limit: int) -> str:
    """One page of the caller's scope after ``cursor``, as JSON text.

    Built as text: the stored fields are already JSON, and parsing them only to
    print them again would cost most of a large first sync."""
    vis = scope.visible(me)
    r, c = t.record, t.conflict
    with engine.connect() as conn:
        high = conn.execute(sa.select(t.change_counter.c.value).where(t.change_counter.c.id == t.COUNTER_ROW)).scalar_one()
        records = conn.execute(
            sa.select(r.c.version, r.c.entity, r.c.id, r.c.deleted, r.c.fields)
            .where(r.c.version > cursor, r.c.version <= high, vis)
            .order_by(r.c.version)
            .limit(limit + 1)
        ).all()
        conflicts = conn.execute(
            sa.select(c)
            .where(
                c.c.version > cursor,
                c.c.version <= high,
                sa.or_(c.c.kept_by == me.id, c.c.lost_by == me.id),
                # Correlated EXISTS: checks only the conflicts' own records, where an
                # IN (visible ids) scanned every visible record on every pull.
                sa.exists().where(r.c.id == c.c.record_id, vis),
            )
            .order_by(c.c.version)
            .limit(limit + 1)
        ).all()
    items = list(heapq.merge(records, conflicts, key=lambda row: row.version))
    has_more = len(items) > limit
    items = items[:limit]
    new_cursor = items[-1].version if has_more else max(high, cursor)
    rec_parts: list[str] = []
    conf_parts: list[str] = []
    dumps = json.dumps
    for row in items:
        if hasattr(row, "fields"):
            rec_parts.append(
                f'{{"entity":{dumps(row.entity)},"id":{dumps(row.id)},"version":{row.version},'
                f'"deleted":{"true" if row.deleted else "false"},"fields":{row.fields}}}'
            )
        else:
            conf_parts.append(
                dumps(
                    dict(
                        id=row.id,
                        version=row.version,
                        entity=row.entity,
                        entity_id=row.record_id,
                        field=row.field,
                        kept=json.loads(row.kept),
                        lost=json.loads(row.lost),
                        kept_by=row.kept_by,
                        lost_by=row.lost_by,
                    ),
                    ensure_ascii=False,
                )
            )
    return (
        f'{{"records":[{",".join(rec_parts)}],"conflicts":[{",".join(conf_parts)}],'
        f'"cursor":{new_cursor},"has_more":{"true" if has_more else "false"}}}'
    )
