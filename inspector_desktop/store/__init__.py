"""The local store: SQLAlchemy models, the workspace door, migrations, attachments."""

from inspector_desktop.store.db import (
    CorruptDatabaseError,
    NewerDatabaseError,
    StoreError,
    Workspace,
    open_workspace,
)

__all__ = ["CorruptDatabaseError", "NewerDatabaseError", "StoreError", "Workspace", "open_workspace"]
