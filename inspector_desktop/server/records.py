"""The record store: push (apply mutations exactly once, merge field by field).

Versions and pull positions come from server/versions.py: on SQLite from the one
counter, on PostgreSQL without a lock every push waits on. Pushes there run side
by side, so each locks what its checks rely on: the record it changes (FOR
UPDATE, before taking its version, so versions of one record grow in commit
order), and the records it hangs on with their school and visit (FOR SHARE), so a
form cannot be signed, a template published or a visit moved under a change that
checked them; a change that moves records' scope locks the parent they hang on.
Two pushes that still collide (a deadlock, one natural key) run again from the start.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import sqlalchemy as sa

from inspector_desktop.server import admission, batch, door, scope, tables as t, versions
from inspector_desktop.server.auth import Me
from inspector_desktop.server.db import insert_rows, insert_rows_then
from inspector_desktop.server.errors import ApiError
from inspector_desktop.server.security import utcnow
from inspector_desktop.server.versions import Versions
from inspector_desktop.sync import schema
from inspector_desktop.sync.protocol import (
    FieldConflict,
    Mutation,
    MutationResult,
    MutationStatus,
    Op,
    PushRequest,
    PushResponse,
)

# ---------------------------------------------------------------- push

_APPLIED = "UPDATE client SET applied_seq = :applied WHERE client_id = :client_id"
_CLIENT_TURN = sa.select(t.client.c.applied_seq).where(t.client.c.client_id == sa.bindparam("client_id")).with_for_update()


def push(engine: sa.Engine, me: Me, req: PushRequest) -> PushResponse:
    if req.client_id != me.client_id:
        raise ApiError(403, "client.mismatch", "This token was issued to another workspace.")
    if not me.reads_content:
        raise ApiError(403, "auth.forbidden", "This account manages users and does not edit inspection records.")
    try:
        return versions.write(engine, lambda conn: _push(conn, me, req, together=True))
    except batch.Unseen:  # rolled back: again, each mutation on its own, to refuse only the unseen one
        return versions.write(engine, lambda conn: _push(conn, me, req, together=False))


def _push(conn: sa.Connection, me: Me, req: PushRequest, together: bool) -> PushResponse:
    counter = versions.for_transaction(conn)  # on SQLite first: one lock order for every writer
    # The client's row lock makes one laptop's pushes take turns: each mutation once.
    applied = conn.execute(_CLIENT_TURN, dict(client_id=req.client_id)).scalar_one()
    ordered = sorted(req.mutations, key=lambda m: m.seq)
    replayed = [m.seq for m in ordered if m.seq <= applied]
    stored = dict(conn.execute(sa.select(t.mutation_log.c.seq, t.mutation_log.c.result).where(
        t.mutation_log.c.client_id == req.client_id, t.mutation_log.c.seq.in_(replayed))).all()) if replayed else {}
    results = [MutationResult.model_validate_json(stored[seq]) for seq in replayed]
    fresh = [m for m in ordered if m.seq > applied]
    todo = [m for i, m in enumerate(fresh) if m.seq == applied + 1 + i]
    gap = len(todo) < len(fresh)  # applying later ones would break the client's order
    vis = scope.visible(me)  # built once: the same caller for the whole push
    done: list[MutationResult] = []
    while len(done) < len(todo):
        # Ordinary work together (batch.py); what it leaves, one by one.
        run, one_by_one = batch.apply_run(conn, counter, me, todo[len(done):], req.client_id, vis) if together else ([], len(todo))
        done += run
        for m in todo[len(done):len(done) + one_by_one]:
            done.append(apply_mutation(conn, counter, me, m, req.client_id, vis))
    if done:  # one statement for the whole push
        now = utcnow()
        logged = [dict(client_id=req.client_id, seq=r.seq, result=r.model_dump_json(), applied_at=now) for r in done]
        applied = done[-1].seq
        if conn.dialect.name == "postgresql":  # the results, the change log and the client's place: one statement
            insert_rows_then(conn, [(t.mutation_log, logged), (t.record_change, counter.change_log)], _APPLIED,
                             dict(applied=applied, client_id=req.client_id))
            counter.change_log = []
        else:
            insert_rows(conn, t.mutation_log, logged)
            conn.execute(sa.update(t.client).where(t.client.c.client_id == req.client_id).values(applied_seq=applied))
    counter.save()
    return PushResponse(results=results + done, applied_seq=applied, gap=gap)


def apply_mutation(conn: sa.Connection, counter: Versions, me: Me | None, m: Mutation, client_id: str = "server",
                   vis: sa.ColumnElement[bool] | None = None) -> MutationResult:
    """Apply one mutation in a savepoint; a rejection undoes only this one.
    ``me`` None is the server itself (admin commands), which has no scope limit;
    ``vis`` is ``scope.visible(me)`` when the caller has it already."""
    if vis is None and me is not None:
        vis = scope.visible(me)
    logged = len(counter.change_log)
    try:
        with conn.begin_nested():
            version, conflicts, record_id = _apply(conn, counter, me, m, client_id, vis)
    except door.Rejected as r:
        del counter.change_log[logged:]  # undone with the rest of it
        return MutationResult(seq=m.seq, entity_id=m.entity_id, status=MutationStatus.REJECTED, code=r.code, field=r.field)
    status = MutationStatus.CONFLICT if conflicts else MutationStatus.APPLIED
    merged = record_id if record_id != m.entity_id else ""
    return MutationResult(seq=m.seq, entity_id=m.entity_id, status=status, version=version, conflicts=conflicts, merged_into=merged)


def _apply(conn: sa.Connection, counter: Versions, me: Me | None, m: Mutation, client_id: str,
           vis: sa.ColumnElement[bool] | None) -> tuple[int, list[FieldConflict], str]:
    """Apply one mutation; returns the version, the conflicts, and the id of the
    record it landed on (another laptop's record with the same natural key, or its own)."""
    incoming = door.canonical_fields(m.entity, m.fields, m.op)
    deleting = m.op is Op.DELETE or incoming.pop("deleted", False) is True
    entity_id = door.resolve(conn, m.entity_id)
    door.resolve_refs(conn, m.entity, incoming)

    existing = conn.execute(sa.select(t.record).where(t.record.c.id == entity_id).with_for_update()).first()
    merging = False
    if existing is None and m.op is Op.INSERT:
        key, holder = door.key_holder(conn, m.entity, incoming, entity_id)
        if holder is not None:
            holder_seen = vis is None or conn.execute(sa.select(t.record.c.id).where(t.record.c.id == holder.id, vis)).first()
            if holder.entity != m.entity or not schema.TABLES[m.entity].merge_keys or not holder_seen or holder.deleted:
                raise door.duplicate(m.entity)
            # The same record begun on two laptops: from now on one record, merged
            # field by field, and the laptop's id an alias of it.
            conn.execute(sa.insert(t.record_alias).values(alias_id=entity_id, record_id=holder.id, created_at=utcnow()))
            holder = conn.execute(sa.select(t.record).where(t.record.c.id == holder.id).with_for_update()).one()
            entity_id, existing, merging = holder.id, holder, True
            # An insert carries every field; one it left at its default says nothing
            # against the value the first copy holds, so it is no conflict.
            held = json.loads(holder.fields)
            fields = schema.TABLES[m.entity].fields
            incoming = {k: v for k, v in incoming.items()
                        if not (k in held and k in fields and fields[k].has_default and v == fields[k].default)}
    if existing is not None and vis is not None:
        if conn.execute(sa.select(t.record.c.id).where(t.record.c.id == entity_id, vis)).first() is None:
            raise door.Rejected("record.not_found")  # the same answer as for no record at all
    if existing is None and m.op is not Op.INSERT:
        raise door.Rejected("record.not_found")
    if existing is not None and existing.entity != m.entity:
        raise door.Rejected("record.not_found")
    if existing is not None and existing.deleted:
        raise door.Rejected("record.deleted")

    current: dict[str, Any] = json.loads(existing.fields) if existing else {}
    meta: dict[str, list[Any]] = json.loads(existing.field_versions) if existing else {}
    _hold_parents(conn, m.entity, {**current, **incoming})
    writer = me.id if me else "server"
    if merging and me is not None and not scope.may_write(me, m.entity, _place_from_row(existing)):
        # Bound to the office's record, which this writer may not change: the
        # office's values stay, and each difference is told as a conflict.
        return existing.version, _told_conflicts(conn, counter, m, entity_id, current, incoming, meta, writer), entity_id
    door.guard_signed(m.entity, current, incoming, deleting, existing is not None, lambda form_id: _fields_of(conn, form_id))
    door.guard_certified(m.entity, entity_id, current, incoming, deleting, existing is not None,
                         lambda record_id: _fields_of(conn, record_id), lambda visit_id: door.visit_forms(conn, visit_id))

    version, pos = counter.next(new_record=existing is None)
    changed, kept = door.merge_fields(current, meta, incoming, known=existing is not None, base_version=m.base_version,
                                      client_id=client_id, version=version, writer=writer)
    conflicts = [FieldConflict(field=name, yours=value, kept=current[name], kept_version=kept_version)
                 for name, value, kept_version, _by in kept]
    for name, value, _version, kept_by in kept:
        _record_conflict(conn, counter, m, entity_id, name, current[name], value, kept_by, writer)

    old_place = _place_from_row(existing) if existing else None
    try:
        # An existing record keeps its region: a provincial lead's edit does not move a region's draw.
        region = existing.region if existing is not None else (me.region if me is not None else "")
        place = scope.place_of(conn, m.entity, entity_id, current, vis, region)
    except scope.ParentUnknown:
        parents = scope.RULES[m.entity].parents
        raise door.Rejected("record.parent_unknown", next((f for f in parents if current.get(f)), parents[0] if parents else "")) from None
    if me is not None and not scope.may_write(me, m.entity, place):
        raise door.Rejected("record.forbidden")
    door.check_refs(conn, m.entity, incoming, vis, place)
    key, holder = door.key_holder(conn, m.entity, current, entity_id)
    if holder is not None:
        raise door.duplicate(m.entity)
    if m.entity == "device_key":
        _register_device_key(conn, current, incoming, existing is None)
    if (refused := admission.refusal(conn, me, m.entity, incoming, current, existing is None, deleting)) is not None:
        raise door.Rejected(refused)

    if existing is None:
        conn.execute(
            sa.insert(t.record).values(
                id=entity_id,
                entity=m.entity,
                version=version,
                pos=pos,
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
                pos=pos,
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
        counter.change_log.append(dict(record_id=entity_id, version=version, account_id=writer, client_id=client_id,
                                       action=action, fields=json.dumps(landed, ensure_ascii=False), at=utcnow()))
    if vis is not None and conn.execute(sa.select(t.record.c.id).where(t.record.c.id == entity_id, vis)).first() is None:
        raise door.Rejected("record.out_of_scope")  # the writer could not read back what they wrote
    _widen_or_move(conn, counter, m.entity, entity_id, old_place, place, existing is None)
    return version, conflicts, entity_id


def _told_conflicts(conn: sa.Connection, counter: Versions, m: Mutation, entity_id: str, current: dict[str, Any],
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


def _fields_of(conn: sa.Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(t.record.c.fields).where(t.record.c.id == record_id)).first()
    return None if row is None else json.loads(row.fields)


def _record_conflict(conn: sa.Connection, counter: Versions, m: Mutation, record_id: str, name: str, kept: Any, lost: Any,
                     kept_by: str, lost_by: str) -> None:
    version, pos = counter.next()
    conn.execute(
        sa.insert(t.conflict).values(
            version=version,
            pos=pos,
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
            raise door.Rejected("device_key.bad_key") from None
        key_id = hashlib.sha256(raw).hexdigest()
        if len(raw) != 32 or current.get("key_id") != key_id:
            raise door.Rejected("device_key.bad_key")
        owner = conn.execute(sa.select(t.device_key.c.account_id).where(t.device_key.c.key_id == key_id)).scalar()
        if owner is not None:
            raise door.Rejected("device_key.taken")
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
        raise door.Rejected("device_key.immutable")
    if incoming.get("revoked_at"):
        conn.execute(
            sa.update(t.device_key)
            .where(t.device_key.c.key_id == current["key_id"], t.device_key.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def _widen_or_move(conn: sa.Connection, counter: Versions, entity: str, record_id: str, old: scope.Place | None, new: scope.Place, inserted: bool) -> None:
    """Keep derived scope true and make newly visible records pullable.

    A pull cursor only moves forward, so records that become visible to someone
    (a new assignment, a new team member, an unannounced visit made known) get
    fresh versions; a visit or school that moves takes its records with it."""
    if entity == "visit" and old is not None and (old.school_id, old.unannounced, old.region) != (new.school_id, new.unannounced, new.region):
        _reversion(conn, counter, t.record.c.visit_id == record_id, school_id=new.school_id, unannounced=new.unannounced, region=new.region)
    elif entity == "school" and old is not None and old.region != new.region:
        _reversion(conn, counter, t.record.c.school_id == record_id, region=new.region)
    elif entity == "school_assignment" and inserted:
        _hold_for_move(conn, new.school_id)
        _reversion(conn, counter, sa.and_(t.record.c.school_id == new.school_id, t.record.c.unannounced.is_(False)))
    elif entity == "visit_team_member" and inserted:
        # The new member's laptop needs the visit, its records and its school,
        # even at a school they are not responsible for.
        _hold_for_move(conn, new.visit_id, new.school_id)
        _reversion(conn, counter, sa.or_(t.record.c.visit_id == new.visit_id, t.record.c.id == new.school_id))


def _reversion(conn: sa.Connection, counter: Versions, where: sa.ColumnElement[bool], **values: Any) -> None:
    # Locked before their versions are taken, as every change's record is.
    ids = conn.execute(sa.select(t.record.c.id).where(where).order_by(t.record.c.version).with_for_update()).scalars().all()
    for record_id, (version, pos) in zip(ids, counter.take(len(ids)) if ids else []):
        conn.execute(sa.update(t.record).where(t.record.c.id == record_id).values(version=version, pos=pos, **values))


def _hold_parents(conn: sa.Connection, entity: str, fields: dict[str, Any]) -> None:
    """Lock (FOR SHARE) the records this one names, and their school and visit:
    what the checks read of them (a form's status, a template's, a visit's school
    and region) stays so until this push commits, and a push that changes them
    waits. No-op on SQLite, whose writers take turns anyway."""
    if conn.dialect.name != "postgresql":
        return
    named = {v for f in schema.TABLES[entity].refs() if isinstance(v := fields.get(f), str) and v}
    if not named:
        return
    rows = conn.execute(sa.select(t.record.c.school_id, t.record.c.visit_id)
                        .where(t.record.c.id.in_(sorted(named))).with_for_update(read=True)).all()
    above = {v for r in rows for v in (r.school_id, r.visit_id) if v} - named
    if above:
        conn.execute(sa.select(t.record.c.id).where(t.record.c.id.in_(sorted(above))).with_for_update(read=True)).all()


def _hold_for_move(conn: sa.Connection, *record_ids: str | None) -> None:
    """Lock (FOR UPDATE) the parent whose children a change re-versions: a child
    pushed meanwhile waits (it holds the parent FOR SHARE), so none is missed."""
    ids = sorted({i for i in record_ids if i})
    if ids:
        conn.execute(sa.select(t.record.c.id).where(t.record.c.id.in_(ids)).with_for_update()).all()


def server_write(engine: sa.Engine, mutations: list[Mutation]) -> list[MutationResult]:
    """The server's own edits (admin commands): the same path as a push, unscoped."""
    def work(conn: sa.Connection) -> list[MutationResult]:
        counter = versions.for_transaction(conn)
        results = [apply_mutation(conn, counter, None, m) for m in mutations]
        counter.save()
        return results

    return versions.write(engine, work)
