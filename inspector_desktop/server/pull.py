"""Pull: one page of the caller's scope after a cursor; and a record's change log.

A cursor is a pull position (server/versions.py). Pull never serves past the
high-water mark below which nothing can still commit, so a cursor never skips a
change still being committed.
"""

from __future__ import annotations

import heapq
import json
from json.encoder import encode_basestring_ascii

import sqlalchemy as sa

from inspector_desktop.server import door, scope, tables as t, versions
from inspector_desktop.server.auth import Me
from inspector_desktop.server.errors import ApiError
from inspector_desktop.sync.protocol import RecordChange


def changes_of(engine: sa.Engine, me: Me, record_id: str) -> list[RecordChange]:
    """Who changed a record, what, when and from which laptop: for leads, about
    records in their region; the same answer for a record unseen as for none."""
    if not me.is_lead:
        raise ApiError(403, "auth.lead_only", "Only a lead inspector reads the change log.")
    with engine.connect() as conn:
        record_id = door.resolve(conn, record_id.lower())
        seen = conn.execute(sa.select(t.record.c.id).where(t.record.c.id == record_id, scope.visible(me))).first()
        if seen is None:
            raise ApiError(404, "record.not_found", "No such record.")
        rows = conn.execute(sa.select(t.record_change).where(t.record_change.c.record_id == record_id)
                            .order_by(t.record_change.c.version)).all()
    return [RecordChange(version=r.version, account_id=r.account_id, client_id=r.client_id, action=r.action,
                         fields=json.loads(r.fields), at=r.at.isoformat()) for r in rows]


def pull(engine: sa.Engine, me: Me, cursor: int, limit: int) -> str:
    """One page of the caller's scope after ``cursor``, as JSON text.

    Built as text: the stored fields are already JSON, and parsing them only to
    print them again would cost most of a large first sync."""
    vis = scope.visible(me)
    r, c = t.record, t.conflict
    with engine.connect() as conn:
        # First: every change at or below it is committed (or never will be), so the
        # queries after it, each reading what is committed by then, see them all.
        high = versions.high_water(conn)
        records = conn.execute(
            sa.select(r.c.pos, r.c.version, r.c.entity, r.c.id, r.c.deleted, r.c.fields, r.c.changed_by)
            .where(r.c.pos > cursor, r.c.pos <= high, vis)
            .order_by(r.c.pos)
            .limit(limit + 1)
        ).all()
        conflicts = conn.execute(
            sa.select(c)
            .where(
                c.c.pos > cursor,
                c.c.pos <= high,
                sa.or_(c.c.kept_by == me.id, c.c.lost_by == me.id),
                # Correlated EXISTS: checks only the conflicts' own records, where an
                # IN (visible ids) scanned every visible record on every pull.
                sa.exists().where(r.c.id == c.c.record_id, vis),
            )
            .order_by(c.c.pos)
            .limit(limit + 1)
        ).all()
    items = list(heapq.merge(records, conflicts, key=lambda row: row.pos))
    has_more = len(items) > limit
    items = items[:limit]
    new_cursor = items[-1].pos if has_more else max(high, cursor)
    rec_parts: list[str] = []
    conf_parts: list[str] = []
    dumps = json.dumps
    # json.dumps of one string, without the encoder object it builds per call: a
    # first sync quotes three strings for each of a hundred thousand records.
    quote = encode_basestring_ascii
    for row in items:
        if hasattr(row, "fields"):
            _pos, version, entity, record_id, deleted, fields, changed_by = row
            rec_parts.append(
                f'{{"entity":{quote(entity)},"id":{quote(record_id)},"version":{version},'
                f'"deleted":{"true" if deleted else "false"},"changed_by":{quote(changed_by or "")},'
                f'"fields":{fields}}}'
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
