"""The shipped checklist templates, held by the server as by every laptop.

A laptop's result or finding names an indicator; the server checks that every
reference names a record it knows (sync.schema, invariant 1), so it holds the
shipped templates under the same name-based ids the laptops use.
"""

from __future__ import annotations

import sqlalchemy as sa

from inspector_desktop.checklists import shipped_templates
from inspector_desktop.server import records, tables as t
from inspector_desktop.sync.protocol import Mutation, MutationStatus, Op


def seed_shipped(engine: sa.Engine) -> int:
    """Add the shipped templates the server lacks; returns how many records were added."""
    wanted = [rec for tf in shipped_templates() for rec in tf.records()]
    with engine.connect() as conn:
        have = set(conn.execute(sa.select(t.record.c.id).where(t.record.c.id.in_([rid for _e, rid, _f in wanted]))).scalars())
    mutations = [
        Mutation(seq=n, entity=entity, entity_id=rid, op=Op.INSERT, fields=fields)
        for n, (entity, rid, fields) in enumerate((r for r in wanted if r[1] not in have), start=1)
    ]
    if not mutations:
        return 0
    results = records.server_write(engine, mutations)
    refused = [r for r in results if r.status is MutationStatus.REJECTED]
    if refused:
        raise ValueError(f"a shipped checklist record was refused: {refused[0].code} {refused[0].field}")
    return len(results)
