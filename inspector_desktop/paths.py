"""Where the workspace lives on disk, and where the shipped resources are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from inspector_desktop import APP_NAME

DB_FILENAME = "workspace.sqlite3"
# Not secret: the workspace's id and how its key is kept (store/workspace_key.py).
KEY_FILENAME = "workspace.json"
ATTACHMENTS_DIRNAME = "attachments"


def default_data_dir() -> Path:
    # An environment override lets scripts and the installer smoke test point
    # the app elsewhere without touching the user's real workspace.
    override = os.environ.get("INSPECTOR_DESKTOP_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The shipped resources: fonts, templates, translations, icons.

    A frozen build keeps them next to the executable's bundle; a source or
    editable install finds them at the top of the checkout.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


class DataDir:
    """One inspector's workspace folder: the database plus attachment files."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_data_dir()

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILENAME

    @property
    def attachments(self) -> Path:
        return self.root / ATTACHMENTS_DIRNAME

    def holds_workspace(self) -> bool:
        """Whether a workspace was ever opened here (its database file has been written).

        Read-only commands ask first, so a mistyped ``--data-dir`` is reported
        instead of silently becoming a new, empty workspace.
        """
        try:
            return self.database.is_file() and self.database.stat().st_size > 0
        except OSError:
            return False

    def ensure(self) -> DataDir:
        self.root.mkdir(parents=True, exist_ok=True)
        self.attachments.mkdir(exist_ok=True)
        return self
