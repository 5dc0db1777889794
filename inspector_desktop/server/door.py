"""The server's door: what a pushed record must be before it is stored.

Every value loadable by every laptop (sync.schema, invariant 1), every id
resolved through the aliases a natural-key merge left (invariant 2), and every
reference naming a record of the right kind that the writer may see, in the same
school, so whoever sees a record sees what it points at (invariant 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain.forms import FIELDS_MUTABLE_AFTER_SIGNING
from inspector_desktop.server import scope, tables as t
from inspector_desktop.sync import schema
from inspector_desktop.sync.protocol import Op


class Rejected(Exception):
    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


def canonical_fields(entity: str, fields: dict[str, Any], op: Op) -> dict[str, Any]:
    """Check every value against the shared schema (sync.schema): the server stores
    only what every laptop can store. Values come back re-encoded."""
    if entity not in scope.RULES:
        raise Rejected("record.unknown_entity")
    try:
        return schema.check_fields(entity, fields, inserting=op is Op.INSERT)
    except schema.Invalid as bad:
        raise Rejected(bad.code, bad.field) from None


def resolve(conn: sa.Connection, record_id: str) -> str:
    alias = conn.execute(sa.select(t.record_alias.c.record_id).where(t.record_alias.c.alias_id == record_id)).scalar()
    return alias or record_id


def resolve_refs(conn: sa.Connection, entity: str, incoming: dict[str, Any]) -> None:
    for name in schema.TABLES[entity].refs():
        if incoming.get(name):
            incoming[name] = resolve(conn, incoming[name])


def check_refs(conn: sa.Connection, entity: str, incoming: dict[str, Any], vis: sa.ColumnElement[bool] | None, place: scope.Place) -> None:
    """Every reference names a record of the right kind that the writer may see and,
    inside a school, the same school: so whoever sees this record sees what it
    points at (scope closed under references)."""
    def target(record_id: str) -> Any:
        query = sa.select(t.record.c.entity, t.record.c.scope, t.record.c.school_id).where(t.record.c.id == record_id)
        if vis is not None:
            query = query.where(vis)
        return conn.execute(query).first()

    check_refs_with(entity, incoming, place, target)


def check_refs_with(entity: str, incoming: dict[str, Any], place: scope.Place, target: Callable[[str], Any]) -> None:
    """``check_refs`` over a lookup: ``target`` gives a record the writer sees (None if unseen or none)."""
    for name, kind in schema.TABLES[entity].refs().items():
        if name not in incoming or incoming[name] is None:
            continue
        row = target(incoming[name])
        if row is None or row.entity != kind:
            raise Rejected("record.bad_reference", name)
        if place.scope == scope.SCHOOL and row.scope == scope.SCHOOL and row.school_id != place.school_id:
            raise Rejected("record.bad_reference", name)


LOCKED_FORM = {"signed", "issued"}
FORM_PARTS = {"requirement", "signature"}


def merge_fields(current: dict[str, Any], meta: dict[str, Any], incoming: dict[str, Any], *, known: bool,
                 base_version: int, client_id: str, version: int, writer: str) -> tuple[bool, list[tuple[str, Any, int, str]]]:
    """Take ``incoming`` into ``current`` field by field, stamping ``meta``; a field someone
    else changed after the version the pusher started from keeps its value and is returned
    as (name, pushed value, kept version, kept by). A client's own earlier mutations are in
    its past even before it pulls them. Returns whether anything changed, and the conflicts."""
    changed = False
    conflicts: list[tuple[str, Any, int, str]] = []
    for name, value in incoming.items():
        if name in current and current[name] == value:
            continue
        kept_version, kept_by, kept_from = meta.get(name, [0, "", ""])
        if known and name in current and kept_version > base_version and kept_from != client_id:
            conflicts.append((name, value, kept_version, kept_by))
            continue
        current[name] = value
        meta[name] = [version, writer, client_id]
        changed = True
    return changed, conflicts


def guard_signed(entity: str, current: dict[str, Any], incoming: dict[str, Any], deleting: bool, exists: bool,
                 fields_of: Callable[[str], dict[str, Any] | None]) -> None:
    """A signed form and its requirements and signatures never change again; the
    one move left is signed → issued (status and issued_at). ``fields_of`` reads a
    form as stored."""
    if entity == "feedback_form" and exists and current.get("status") in LOCKED_FORM:
        changed = {k for k, v in incoming.items() if current.get(k) != v}
        if deleting or changed - FIELDS_MUTABLE_AFTER_SIGNING:
            raise Rejected("form.locked")
        if "status" in changed and not (current["status"] == "signed" and incoming["status"] == "issued"):
            raise Rejected("form.locked")
    elif entity in FORM_PARTS:
        for form_id in {current.get("form_id"), incoming.get("form_id")} - {None}:
            form = fields_of(form_id)
            if form is not None and form.get("status") in LOCKED_FORM:
                raise Rejected("form.locked")


def guard_certified(entity: str, record_id: str, current: dict[str, Any], incoming: dict[str, Any], deleting: bool,
                    exists: bool, fields_of: Callable[[str], dict[str, Any] | None],
                    forms_of: Callable[[str], Iterable[dict[str, Any]]]) -> None:
    """A finding a signed form certifies, and the evidence on it, never change again:
    the sheet the school signed and the record would disagree (the laptop's store
    refuses the same, store/certified.py; a correction is an addendum). A finding
    recorded after signing is the inspector's to change, and to add. ``fields_of``
    reads a record as stored; ``forms_of`` a visit's forms (not deleted) as they stand."""
    def certified(finding_id: str, finding: dict[str, Any] | None) -> bool:
        # A reference to no finding at all is refused later, by check_refs.
        visit_id = finding.get("visit_id") if finding is not None else None
        return isinstance(visit_id, str) and any(form.get("status") in LOCKED_FORM and certifies(form, finding_id)
                                                 for form in forms_of(visit_id))

    if entity == "finding" and exists and (deleting or _changes(current, incoming)):
        if certified(record_id, current):
            raise Rejected("finding.locked")
    elif entity == "attachment" and (deleting or not exists or _changes(current, incoming)):
        # Where it hangs now and where the change would hang it: neither may be certified.
        for finding_id in {current.get("finding_id"), incoming.get("finding_id")} - {None}:
            if certified(finding_id, fields_of(finding_id)):
                raise Rejected("finding.locked")


def certifies(form: dict[str, Any], finding_id: str) -> bool:
    """Whether a signed form of the finding's visit certifies it: the findings its sealed
    content names; a seal that cannot be read certifies what the visit holds (refuse
    rather than guess), as store/certified.py reads it."""
    try:
        return finding_id in {f["id"] for f in json.loads(form.get("canonical_content") or "")["findings"]}
    except (ValueError, KeyError, TypeError):
        return True


# A visit's forms, held (FOR SHARE, on PostgreSQL) until the push commits: no form
# is signed under a change that found its finding uncertified.
VISIT_FORMS = (sa.select(t.record.c.id, t.record.c.fields)
               .where(t.record.c.entity == "feedback_form", t.record.c.visit_id == sa.bindparam("visit_id"),
                      t.record.c.deleted.is_(False))
               .with_for_update(read=True))


def visit_forms(conn: sa.Connection, visit_id: str) -> list[dict[str, Any]]:
    return [json.loads(row.fields) for row in conn.execute(VISIT_FORMS, dict(visit_id=visit_id))]


def _changes(current: dict[str, Any], incoming: dict[str, Any]) -> bool:
    return any(current.get(k) != v for k, v in incoming.items())


def duplicate(entity: str) -> Rejected:
    # A device key is refused under its own long-standing code.
    code = "device_key.taken" if entity == "device_key" else "record.duplicate"
    return Rejected(code, schema.TABLES[entity].natural_keys[0][0])


def key_holder(conn: sa.Connection, entity: str, fields: dict[str, Any], record_id: str) -> tuple[str | None, sa.Row | None]:
    """The natural key these fields give, and the other record already holding it."""
    keys = schema.TABLES[entity].natural_keys
    if not keys:
        return None, None
    key = schema.natural_key(entity, fields, keys[0])
    if key is None:
        return None, None
    holder = conn.execute(sa.select(t.record).where(t.record.c.natural_key == key, t.record.c.id != record_id)).first()
    return key, holder
