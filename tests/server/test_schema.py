"""The migrations build exactly the tables the code declares, on both databases."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from inspector_desktop.server.db import VERSION_TABLE, current_revision, head_revision, migrate
from inspector_desktop.server.tables import metadata


def test_migrated_schema_matches_the_tables(engine: sa.Engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(ctx, metadata) == []
    migrate(engine)  # a second start changes nothing and does not fail
    assert current_revision(engine) == head_revision()
