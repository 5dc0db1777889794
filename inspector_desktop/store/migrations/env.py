"""Alembic environment: the app passes its own connection, so that the upgrade
runs inside the same configured engine (WAL, foreign keys, explicit BEGIN)."""

from alembic import context

from inspector_desktop.store import bookkeeping  # noqa: F401 - its tables are part of Base.metadata
from inspector_desktop.store.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")

if connection is None:
    raise RuntimeError("Run migrations through inspector_desktop.store.db.migrate()")



def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    # FTS5 tables and their shadow tables are made by hand in migrations, not by models.
    return not (type_ == "table" and "_fts" in (name or ""))


context.configure(
    connection=connection,
    target_metadata=target_metadata,
    include_name=include_name,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
)
with context.begin_transaction():
    context.run_migrations()
