"""Erasing this laptop's workspace, when the office revokes the device.

The secrets go first (the workspace key and every inspector's device signing
key, from the keyring), so that even a copy of the files made before is
unreadable and nothing signed later can pass as this device; then the database,
its WAL and shared-memory files, every backup beside it and the key file are
overwritten with zeros and removed. Evidence files are not touched here.

The workspace must be closed first (``Workspace.close``).
"""

from __future__ import annotations

import contextlib

from inspector_desktop import credentials
from inspector_desktop.paths import DataDir
from inspector_desktop.signing import device_key
from inspector_desktop.sqlite import connect_encrypted
from inspector_desktop.store import encryption, workspace_key


def _inspector_ids(data_dir: DataDir) -> list[str]:
    """Whose signing keys this laptop may hold: every inspector the workspace knows."""
    with contextlib.suppress(Exception):  # locked or damaged: the keys named below still go
        con = connect_encrypted(data_dir.database, workspace_key.key_for_tools(data_dir), read_only=True)
        try:
            return [row[0] for row in con.execute("SELECT id FROM inspector")]
        finally:
            con.close()
    return []


def erase_workspace(data_dir: DataDir) -> None:
    for inspector_id in _inspector_ids(data_dir):
        credentials.delete_secret(device_key.ACCOUNT.format(inspector_id=inspector_id))
    workspace_key.forget_key(data_dir)
    database = data_dir.database
    doomed = [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal"))]
    doomed += sorted(data_dir.root.glob(f"{database.name}.*.bak*")) + encryption.leftovers(database)
    for path in doomed:
        encryption.shred(path)
    encryption.shred(data_dir.key_file)
    workspace_key.sync_folder(data_dir.root)
