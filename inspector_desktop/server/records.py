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
from inspector_desktop.sync import schema
from inspector_desktop.sync.protocol import (
    FieldConflict,
    Mutation,
    MutationResult,
    MutationStatus,
    Op,
    PushRequest,
    PushResponse,
    RecordChange,
)

LOCKED_FORM = {"signed", "issued"}
FORM_PARTS = {"requirement", "signature"}


class Rejected(Exception):
    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


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


def canonical_fields(entity: str, fields: dict[str, Any], op: Op) -> dict[str, Any]:
    """Check every value against the shared schema (sync.schema): the server stores
    only what every laptop can store. Values come back re-encoded."""
    if entity not in scope.RULES:
        raise Rejected("record.unknown_entity")
    try:
        return schema.check_fields(entity, fields, inserting=op is Op.INSERT)
    except schema.Invalid as bad:
        raise Rejected(bad.code, bad.field) from None


def _resolve(conn: sa.Connection, record_id: str) -> str:
    alias = conn.execute(sa.select(t.record_alias.c.record_id).where(t.record_alias.c.alias_id == record_id)).scalar()
    return alias or record_id


def _resolve_refs(conn: sa.Connection, entity: str, incoming: dict[str, Any]) -> None:
    for name in schema.TABLES[entity].refs():
        if incoming.get(name):
            incoming[name] = _resolve(conn, incoming[name])


def _check_refs(conn: sa.Connection, entity: str, incoming: dict[str, Any], vis: sa.ColumnElement[bool] | None, place: scope.Place) -> None:
    """Every reference names a record of the right kind that the writer may see and,
    inside a school, the same school: so whoever sees this record sees what it
    points at (scope closed under references)."""
    for name, target in schema.TABLES[entity].refs().items():
        if name not in incoming or incoming[name] is None:
            continue
        query = sa.select(t.record.c.entity, t.record.c.scope, t.record.c.school_id).where(t.record.c.id == incoming[name])
        if vis is not None:
            query = query.where(vis)
        row = conn.execute(query).first()
        if row is None or row.entity != target:
            raise Rejected("record.bad_reference", name)
        if place.scope == scope.SCHOOL and row.scope == scope.SCHOOL and row.school_id != place.school_id:
            raise Rejected("record.bad_reference", name)


def _duplicate(entity: str) -> Rejected:
    # A device key is refused under its own long-standing code.
    code = "device_key.taken" if entity == "device_key" else "record.duplicate"
    return Rejected(code, schema.TABLES[entity].natural_keys[0][0])


def _key_holder(conn: sa.Connection, entity: str, fields: dict[str, Any], record_id: str) -> tuple[str | None, sa.Row | None]:
    """The natural key these fields give, and the other record already holding it."""
    keys = schema.TABLES[entity].natural_keys
    if not keys:
        return None, None
    key = schema.natural_key(entity, fields, keys[0])
    if key is None:
        return None, None
    holder = conn.execute(sa.select(t.record).where(t.record.c.natural_key == key, t.record.c.id != record_id)).first()
    return key, holder


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
            version, conflicts, record_id = _apply(conn, counter, me, m, client_id)
    except Rejected as r:
        return MutationResult(seq=m.seq, entity_id=m.entity_id, status=MutationStatus.REJECTED, code=r.code, field=r.field)
    status = MutationStatus.CONFLICT if conflicts else MutationStatus.APPLIED
    merged = record_id if record_id != m.entity_id else ""
    return MutationResult(seq=m.seq, entity_id=m.entity_id, status=status, version=version, conflicts=conflicts, merged_into=merged)


def _apply(conn: sa.Connection, counter: Counter, me: Me | None, m: Mutation, client_id: str) -> tuple[int, list[FieldConflict], str]:
    """Apply one mutation; returns the version, the conflicts, and the id of the
    record it landed on (another laptop's record with the same natural key, or its own)."""
    incoming = canonical_fields(m.entity, m.fields, m.op)
    deleting = m.op is Op.DELETE or incoming.pop("deleted", False) is True
    vis = scope.visible(me) if me is not None else None
    entity_id = _resolve(conn, m.entity_id)
    _resolve_refs(conn, m.entity, incoming)

    existing = conn.execute(sa.select(t.record).where(t.record.c.id == entity_id)).first()
    merging = False
    if existing is None and m.op is Op.INSERT:
        key, holder = _key_holder(conn, m.entity, incoming, entity_id)
        if holder is not None:
            holder_seen = vis is None or conn.execute(sa.select(t.record.c.id).where(t.record.c.id == holder.id, vis)).first()
            if holder.entity != m.entity or not schema.TABLES[m.entity].merge_keys or not holder_seen or holder.deleted:
                raise _duplicate(m.entity)
            # The same record begun on two laptops: from now on one record, merged
            # field by field, and the laptop's id an alias of it.
            conn.execute(sa.insert(t.record_alias).values(alias_id=entity_id, record_id=holder.id, created_at=utcnow()))
            entity_id, existing, merging = holder.id, holder, True
    if existing is not None and vis is not None:
        if conn.execute(sa.select(t.record.c.id).where(t.record.c.id == entity_id, vis)).first() is None:
            raise Rejected("record.not_found")  # the same answer as for no record at all
    if existing is None and m.op is not Op.INSERT:
        raise Rejected("record.not_found")
    if existing is not None and existing.entity != m.entity:
        raise Rejected("record.not_found")
    if existing is not None and existing.deleted:
        raise Rejected("record.deleted")

    current: dict[str, Any] = json.loads(existing.fields) if existing else {}
    meta: dict[str, list[Any]] = json.loads(existing.field_versions) if existing else {}
    writer = me.id if me else "server"
    if merging and me is not None and not scope.may_write(me, m.entity, _place_from_row(existing)):
        # Bound to the office's record, which this writer may not change: the
        # office's values stay, and each difference is told as a conflict.
        return existing.version, _told_conflicts(conn, counter, m, entity_id, current, incoming, meta, writer), entity_id
    _guard_signed(conn, m.entity, current, incoming, deleting, existing is not None)

    version = counter.next()
    conflicts: list[FieldConflict] = []
    changed = False
    for name, value in incoming.items():
        if name in current and current[name] == value:
            continue
        kept_version, kept_by, kept_from = meta.get(name, [0, "", ""])
        # A client's own earlier mutations are in its past even before it pulls them.
        if existing is not None and name in current and kept_version > m.base_version and kept_from != client_id:
            conflicts.append(FieldConflict(field=name, yours=value, kept=current[name], kept_version=kept_version))
            _record_conflict(conn, counter, m, entity_id, name, current[name], value, kept_by, writer)
            continue
        current[name] = value
        meta[name] = [version, writer, client_id]
        changed = True

    old_place = _place_from_row(existing) if existing else None
    try:
        place = scope.place_of(conn, m.entity, entity_id, current, vis)
    except scope.ParentUnknown:
        parents = scope.RULES[m.entity].parents
        raise Rejected("record.parent_unknown", next((f for f in parents if current.get(f)), parents[0] if parents else "")) from None
    if me is not None and not scope.may_write(me, m.entity, place):
        raise Rejected("record.forbidden")
    _check_refs(conn, m.entity, incoming, vis, place)
    key, holder = _key_holder(conn, m.entity, current, entity_id)
    if holder is not None:
        raise _duplicate(m.entity)
    if m.entity == "device_key":
        _register_device_key(conn, current, incoming, existing is None)
    if (refused := admission.refusal(conn, me, m.entity, incoming, current, existing is None, deleting)) is not None:
        raise Rejected(refused)

    if existing is None:
        conn.execute(
            sa.insert(t.record).values(
                id=entity_id,
                entity=m.entity,
                version=version,
                deleted=deleting,
                fields=json.dumps(current, ensure_ascii=False),
                field_versions=json.dumps(meta),
                created_by=writer,
                natural_key=key,
                changed_by=writer,
                **place.columns(),
            )
        )
    elif changed or deleting:
        conn.execute(
            sa.update(t.record)
            .where(t.record.c.id == entity_id)
            .values(
                version=version,
                deleted=deleting,
                fields=json.dumps(current, ensure_ascii=False),
                field_versions=json.dumps(meta),
                natural_key=key,
                changed_by=writer,
                **place.columns(),
            )
        )
    else:
        version = existing.version  # nothing new: no new version, nobody re-pulls it
    if existing is None or changed or deleting:
        landed = {k: v for k, v in incoming.items() if meta.get(k, [0])[0] == version}
        action = "delete" if deleting else "insert" if existing is None else "update"
        conn.execute(sa.insert(t.record_change).values(record_id=entity_id, version=version, account_id=writer,
                                                      client_id=client_id, action=action,
                                                      fields=json.dumps(landed, ensure_ascii=False), at=utcnow()))
    if vis is not None and conn.execute(sa.select(t.record.c.id).where(t.record.c.id == entity_id, vis)).first() is None:
        raise Rejected("record.out_of_scope")  # the writer could not read back what they wrote
    _widen_or_move(conn, counter, m.entity, entity_id, old_place, place, existing is None)
    return version, conflicts, entity_id


def _told_conflicts(conn: sa.Connection, counter: Counter, m: Mutation, entity_id: str, current: dict[str, Any],
                    incoming: dict[str, Any], meta: dict[str, list[Any]], writer: str) -> list[FieldConflict]:
    out = []
    for name, value in incoming.items():
        if name in current and current[name] != value:
            kept_version, kept_by, _ = meta.get(name, [0, "server", ""])
            out.append(FieldConflict(field=name, yours=value, kept=current[name], kept_version=kept_version))
            _record_conflict(conn, counter, m, entity_id, name, current[name], value, kept_by or "server", writer)
    return out


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


def _record_conflict(conn: sa.Connection, counter: Counter, m: Mutation, record_id: str, name: str, kept: Any, lost: Any,
                     kept_by: str, lost_by: str) -> None:
    conn.execute(
        sa.insert(t.conflict).values(
            version=counter.next(),
            record_id=record_id,
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
        # The new member's laptop needs the visit, its records and its school,
        # even at a school they are not responsible for.
        _reversion(conn, counter, sa.or_(t.record.c.visit_id == new.visit_id, t.record.c.id == new.school_id))


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


def changes_of(engine: sa.Engine, me: Me, record_id: str) -> list[RecordChange]:
    """Who changed a record, what, when and from which laptop: for leads, about
    records in their region; the same answer for a record unseen as for none."""
    if not me.is_lead:
        raise ApiError(403, "auth.lead_only", "Only a lead inspector reads the change log.")
    with engine.connect() as conn:
        record_id = _resolve(conn, record_id.lower())
        seen = conn.execute(sa.select(t.record.c.id).where(t.record.c.id == record_id, scope.visible(me))).first()
        if seen is None:
            raise ApiError(404, "record.not_found", "No such record.")
        rows = conn.execute(sa.select(t.record_change).where(t.record_change.c.record_id == record_id)
                            .order_by(t.record_change.c.version)).all()
    return [RecordChange(version=r.version, account_id=r.account_id, client_id=r.client_id, action=r.action,
                         fields=json.loads(r.fields), at=r.at.isoformat()) for r in rows]


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
            sa.select(r.c.version, r.c.entity, r.c.id, r.c.deleted, r.c.fields, r.c.changed_by)
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
                f'"deleted":{"true" if row.deleted else "false"},"changed_by":{dumps(row.changed_by or "")},'
                f'"fields":{row.fields}}}'
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
