"""The inspector this laptop belongs to: one workspace setting, named only here.

Sign-in and first-run set it; the ledger, training, signing and the audit trail
read it. Nothing else spells the setting's key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

CURRENT_INSPECTOR = "current_inspector_id"  # the Setting row's key


def current_inspector_id(ws: Workspace) -> str | None:
    """The laptop's inspector, or None before a profile is made or a first sync."""
    return ws.setting(CURRENT_INSPECTOR)


def set_current_inspector(ws: Workspace, inspector_id: str) -> None:
    ws.set_setting(CURRENT_INSPECTOR, inspector_id)
