"""Why a workspace cannot be opened; every message is meant for the inspector.

The window and the commands word each class through wording/errors.py; the
English text here is what a log or a test reads.
"""

from __future__ import annotations


class StoreError(Exception):
    """The workspace cannot be opened; the message is meant for the inspector."""


class NewerDatabaseError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


class PassphraseNeeded(StoreError):
    """No keyring on this computer: the workspace key comes from the inspector's passphrase.

    ``new`` is True when the passphrase will lock a workspace being created (ask twice).
    """

    def __init__(self, message: str, new: bool = False) -> None:
        super().__init__(message)
        self.new = new


class WrongPassphraseError(StoreError):
    pass


class WorkspaceKeyLostError(StoreError):
    """The keyring does not hold this workspace's key: only the recovery key opens it."""


class WrongRecoveryKeyError(StoreError):
    pass
