"""The workspace's evidence key: random, made when first needed, kept inside the
workspace database (a ``Setting`` row), never in a file of its own.

The database is itself encrypted with a key in the OS keyring, so the evidence
is only as readable as the workspace: erasing the workspace's key (a laptop
reported lost) makes every sealed file noise.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from inspector_desktop.store.bookkeeping import Setting
from inspector_desktop.store.sealed import KEY_BYTES, new_key

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

SETTING = "evidence_key"


def key_source(ws: Workspace) -> Callable[[], bytes]:
    """What the attachment store asks for its key: read (or made) once per open."""
    held: list[bytes] = []
    lock = threading.Lock()

    def key() -> bytes:
        with lock:
            if not held:
                held.append(_read_or_make(ws))
            return held[0]

    return key


def _read_or_make(ws: Workspace) -> bytes:
    with ws.write() as s:
        # Under the write lock: two first uses (a window and a headless sync) agree on one key.
        row = s.get(Setting, SETTING)
        if row is None:
            row = Setting(key=SETTING, value=base64.b64encode(new_key()).decode("ascii"))
            s.add(row)
        key = base64.b64decode(row.value)
    if len(key) != KEY_BYTES:
        raise ValueError("the workspace's evidence key is damaged")
    return key
