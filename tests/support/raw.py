"""Reading a workspace's database file directly, as the app's engine does: under its key.

For tests and benchmarks that look beneath the store (journal mode, raw rows,
a checkpoint before copying). The key comes from the session's keyring, or the
passphrase in INSPECTOR_DESKTOP_PASSPHRASE.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector_desktop.paths import DataDir
from inspector_desktop.sqlite import connect_encrypted
from inspector_desktop.store.workspace_key import key_for_tools


def connect(database: Path | str, **kwargs: Any) -> Any:
    """A DB-API connection to a workspace's database file (``workspace.sqlite3``, or a
    backup beside it: every file in the folder is encrypted under the folder's key)."""
    database = Path(database)
    return connect_encrypted(database, key_for_tools(DataDir(database.parent)), **kwargs)
