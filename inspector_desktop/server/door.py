"""The server's door: what a pushed record must be before it is stored.

Every value loadable by every laptop (sync.schema, invariant 1), every id
resolved through the aliases a natural-key merge left (invariant 2), and every
reference naming a record of the right kind that the writer may see, in the same
school, so whoever sees a record sees what it points at (invariant 3).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

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
