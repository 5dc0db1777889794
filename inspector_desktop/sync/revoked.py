"""When the office reports this laptop lost: erase its workspace.

The server answers ``auth.device_revoked`` to the laptop's next sign-in, token
refresh or sync (the reconnect probe starts a sync as soon as the server
answers), and the laptop then erases itself; the caller tells the inspector
first, and there is no choice to make: whatever is clicked, the workspace goes.
The changes not yet sent go with it; the laptop told the server how many in
the request that learnt it, so the lead sees what was lost.
"""

from __future__ import annotations

from inspector_desktop import credentials
from inspector_desktop.store.attachments import remove_viewing_folder
from inspector_desktop.store.db import Workspace
from inspector_desktop.sync.account import SERVER_URL


def erase_this_laptop(ws: Workspace) -> None:
    """Close the workspace and erase it: the keyring's keys first (the workspace
    key, the signing keys, the sync token), so what is left on disk can no longer
    be read even before it is overwritten; then the database and its companions,
    then the evidence files, then any copy opened in the system's viewer."""
    # The database's own erasing lives beside its key (the workspace encryption's module).
    from inspector_desktop.erase import erase_workspace

    url, client_id, data_dir, evidence = ws.setting(SERVER_URL), ws.client_id, ws.data_dir, ws.attachments
    ws.close()
    erase_workspace(data_dir)
    if url:
        credentials.delete_token(url, client_id)
    evidence.erase_all()
    remove_viewing_folder()
