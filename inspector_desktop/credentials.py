"""Secrets in the OS keyring, and nowhere else: the only module that imports keyring.

The device's private signing key and the key that encrypts the workspace must
never sit in a file on a laptop that is carried into schools; if no keyring backend works, signing stops with a clear
error instead of quietly writing the secret to disk.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors

SERVICE = "inspector-desktop"


class CredentialsError(Exception):
    """No usable OS keyring; the message is meant for the inspector."""


def _usable_backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    # The "fail" and "null" backends answer but keep nothing: a key stored there is lost.
    if getattr(backend, "priority", 0) <= 0:
        raise CredentialsError(
            "No usable system keyring was found, so the device signing key cannot be kept safely. "
            "Install or unlock the system keyring (Windows Credential Manager, macOS Keychain, "
            "or a Secret Service such as GNOME Keyring or KWallet) and try again."
        )
    return backend


def read_secret(account: str) -> str | None:
    backend = _usable_backend()
    try:
        return backend.get_password(SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"The system keyring refused to answer: {exc}") from exc


def write_secret(account: str, value: str) -> None:
    backend = _usable_backend()
    try:
        backend.set_password(SERVICE, account, value)
        stored = backend.get_password(SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"The system keyring refused to store the secret: {exc}") from exc
    if stored != value:
        # A backend that accepts and forgets would make every later signature impossible.
        raise CredentialsError("The system keyring did not keep the secret; it cannot be used for signing.")


def delete_secret(account: str) -> None:
    """Forget a secret; nothing stored (or no keyring at all) is already forgotten."""
    if not keyring_available():
        return
    try:
        keyring.get_keyring().delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"The system keyring refused to forget a secret: {exc}") from exc


# ---------------------------------------------------------------- sync tokens
#
# A sync token is worth less than the signing key: if no keyring works, the
# inspector may still sync, but the token lives only in this process's memory
# (and is asked for again next start). It is never written to a file.
#
# A token belongs to one workspace as well as one server: two workspaces on one
# computer may be signed in to the same office server as different accounts (a
# lead's and an inspector's), and neither may sync with the other's token.

_SESSION_TOKENS: dict[str, str] = {}


def _token_account(server_url: str, workspace: str) -> str:
    return f"sync-token:{server_url.rstrip('/')}:{workspace}"


def keyring_available() -> bool:
    """False when tokens can only be kept for this session; the UI says so."""
    try:
        _usable_backend()
    except CredentialsError:
        return False
    return True


def store_token(server_url: str, workspace: str, token: str) -> bool:
    """Keep a workspace's sync token; returns True if it went to the keyring, False
    if kept only in memory for this session."""
    account = _token_account(server_url, workspace)
    try:
        write_secret(account, token)
    except CredentialsError:
        _SESSION_TOKENS[account] = token
        return False
    _SESSION_TOKENS.pop(account, None)
    return True


def load_token(server_url: str, workspace: str) -> str | None:
    account = _token_account(server_url, workspace)
    if account in _SESSION_TOKENS:
        return _SESSION_TOKENS[account]
    try:
        return read_secret(account)
    except CredentialsError:
        return None


def delete_token(server_url: str, workspace: str) -> None:
    """Logout: forget the workspace's token everywhere it may be kept."""
    account = _token_account(server_url, workspace)
    _SESSION_TOKENS.pop(account, None)
    if not keyring_available():
        return
    try:
        keyring.get_keyring().delete_password(SERVICE, account)
    except keyring.errors.PasswordDeleteError:
        pass  # nothing stored: already logged out
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(f"The system keyring refused to forget the sync token: {exc}") from exc
