"""Alembic environment for the server's own tables (separate from the client's)."""

from alembic import context

from inspector_desktop.server.db import VERSION_TABLE
from inspector_desktop.server.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run server migrations through inspector_desktop.server.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    version_table=VERSION_TABLE,
)
# The caller's transaction is the migration's transaction.
context.run_migrations()
