"""The local store: SQLAlchemy models, the workspace door, migrations, attachments."""

from inspector_desktop.store.db import (
    CorruptDatabaseError,
    NewerDatabaseError,
    StoreError,
    Workspace,
    open_workspace,
)
from inspector_desktop.store.errors import (
    PassphraseNeeded,
    WorkspaceKeyLostError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)

__all__ = [
    "CorruptDatabaseError", "NewerDatabaseError", "PassphraseNeeded", "StoreError", "Workspace",
    "WorkspaceKeyLostError", "WrongPassphraseError", "WrongRecoveryKeyError", "open_workspace",
]
