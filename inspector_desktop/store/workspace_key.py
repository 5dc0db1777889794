"""The key that encrypts the workspace database, and where it is kept.

A laptop carried into schools holds findings about named schools, signatures and
unannounced plans, so its database is a SQLCipher file. Its key is 256 random
bits made when the workspace is created and kept in the OS keyring only
(credentials.py). On a computer without a keyring the key is derived from a
passphrase the inspector types at each start (scrypt, from a random salt); it is
never written to disk either way.

Beside the database sits ``workspace.json``, which is not secret: the
workspace's id (the keyring account is named after it), how the key is kept,
the passphrase's salt, and the key wrapped (AES-GCM) under the recovery key, a
code shown once at creation, so that the code alone reopens a workspace whose
keyring entry was lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from inspector_desktop import credentials
from inspector_desktop.paths import DataDir
from inspector_desktop.store.errors import PassphraseNeeded, WorkspaceKeyLostError, WrongRecoveryKeyError

# Scripts, the installer's smoke test and headless commands on a computer without
# a keyring give the passphrase here instead of typing it.
PASSPHRASE_ENV = "INSPECTOR_DESKTOP_PASSPHRASE"
CIPHER = "sqlcipher4"
KEYRING, PASSPHRASE = "keyring", "passphrase"
# scrypt at 2**15: about a tenth of a second once per start, and 32 MiB per guess.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
KEY_BYTES = 32


@dataclass
class KeyFile:
    """What ``workspace.json`` says: everything about the key except the key."""

    workspace_id: str
    kept_in: str  # KEYRING or PASSPHRASE
    salt: str = ""  # the passphrase's scrypt salt (hex), when kept_in is PASSPHRASE
    recovery: dict[str, str] = field(default_factory=dict)  # salt, nonce, wrapped (hex)

    def to_json(self) -> str:
        return json.dumps({
            "workspace_id": self.workspace_id,
            "cipher": CIPHER,
            "key_kept_in": self.kept_in,
            "passphrase_kdf": {"name": "scrypt", "salt": self.salt, **SCRYPT} if self.salt else None,
            "recovery": self.recovery,
        }, indent=2)

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        data = json.loads(text)
        kdf = data.get("passphrase_kdf") or {}
        return cls(data["workspace_id"], data["key_kept_in"], kdf.get("salt", ""), data.get("recovery") or {})


def read_key_file(data_dir: DataDir) -> KeyFile | None:
    try:
        return KeyFile.from_json(data_dir.key_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: treated as missing; the caller decides what that means


def write_key_file(data_dir: DataDir, key_file: KeyFile) -> None:
    """Atomically, and on disk before the database is encrypted under its key."""
    tmp = data_dir.key_file.with_name(data_dir.key_file.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(key_file.to_json())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, data_dir.key_file)
    sync_folder(data_dir.root)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def account(workspace_id: str) -> str:
    return f"workspace-key:{workspace_id}"


# ---------------------------------------------------------------- the recovery key
#
# 8 groups of 5 characters from Crockford's base32 (no I, L, O, U to misread):
# 39 random characters (195 bits) and a check character, so a mistyped code is
# told apart from a wrong one.

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _check_char(body: str) -> str:
    return ALPHABET[hashlib.sha256(body.encode()).digest()[0] % 32]


def new_recovery_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(39))
    code = body + _check_char(body)
    return "-".join(code[i:i + 5] for i in range(0, 40, 5))


def normalise_recovery_code(text: str) -> str | None:
    """The code as typed (any case, spaces or dashes), or None when it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)
    if len(code) != 40 or any(ch not in ALPHABET for ch in code) or _check_char(code[:39]) != code[39]:
        return None
    return code


def _recovery_wrapping_key(code: str, salt: bytes) -> bytes:
    # The code carries 195 random bits: a fast derivation is as strong as a slow one.
    return HKDF(hashes.SHA256(), KEY_BYTES, salt, b"inspector-desktop workspace recovery").derive(code.encode())


def wrap_for_recovery(key: bytes, code: str, workspace_id: str) -> dict[str, str]:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    normal = normalise_recovery_code(code)
    assert normal is not None
    wrapped = AESGCM(_recovery_wrapping_key(normal, salt)).encrypt(nonce, key, workspace_id.encode())
    return {"salt": salt.hex(), "nonce": nonce.hex(), "wrapped": wrapped.hex()}


def unwrap_with_recovery(key_file: KeyFile, code: str) -> bytes:
    normal = normalise_recovery_code(code)
    wrap = key_file.recovery
    if normal is None or not wrap:
        raise WrongRecoveryKeyError("That is not this workspace's recovery key; check each group of five and try again.")
    try:
        return AESGCM(_recovery_wrapping_key(normal, bytes.fromhex(wrap["salt"]))).decrypt(
            bytes.fromhex(wrap["nonce"]), bytes.fromhex(wrap["wrapped"]), key_file.workspace_id.encode())
    except (InvalidTag, ValueError, KeyError) as exc:
        raise WrongRecoveryKeyError(
            "That is not this workspace's recovery key; check each group of five and try again.") from exc


# ---------------------------------------------------------------- making and finding the key


def from_passphrase(passphrase: str, salt_hex: str) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=bytes.fromhex(salt_hex), dklen=KEY_BYTES,
                          maxmem=64 * 1024 * 1024, **SCRYPT)


@dataclass
class NewKey:
    key: bytes
    key_file: KeyFile
    recovery_code: str


def make_key(data_dir: DataDir, passphrase: str | None) -> NewKey:
    """A new key for a workspace about to be written, kept before anything is encrypted.

    ``workspace.json`` is written first, then the keyring entry, both before the
    database exists encrypted: a kill at any point leaves either a plain (or no)
    database, whose key is simply made again, or a database whose key is kept. A
    folder that cannot be written fails before the keyring is touched.
    """
    old = read_key_file(data_dir)
    workspace_id = old.workspace_id if old else str(uuid.uuid4())
    code = new_recovery_code()
    in_keyring = credentials.keyring_available()
    if in_keyring:
        key = secrets.token_bytes(KEY_BYTES)
        key_file = KeyFile(workspace_id, KEYRING)
    else:
        if not passphrase:
            raise PassphraseNeeded(
                "This computer has no system keyring, so choose a passphrase to lock the new workspace.", new=True)
        key_file = KeyFile(workspace_id, PASSPHRASE, salt=secrets.token_bytes(16).hex())
        key = from_passphrase(passphrase, key_file.salt)
    key_file.recovery = wrap_for_recovery(key, code, workspace_id)
    write_key_file(data_dir, key_file)
    if in_keyring:
        credentials.write_secret(account(workspace_id), key.hex())
    return NewKey(key, key_file, code)


def find_key(key_file: KeyFile, passphrase: str | None, recovery_code: str | None) -> tuple[bytes, str]:
    """The key of an existing workspace and where it came from (KEYRING, PASSPHRASE or "recovery")."""
    if recovery_code:
        key = unwrap_with_recovery(key_file, recovery_code)
        if key_file.kept_in == KEYRING:
            try:  # kept again, so the next start needs no code
                credentials.write_secret(account(key_file.workspace_id), key.hex())
            except credentials.CredentialsError:
                pass  # still opens now; the next start asks for the code again
        return key, "recovery"
    if key_file.kept_in == PASSPHRASE:
        if not passphrase:
            raise PassphraseNeeded("This workspace is locked with a passphrase; type it to open the workspace.")
        return from_passphrase(passphrase, key_file.salt), PASSPHRASE
    try:
        stored = credentials.read_secret(account(key_file.workspace_id))
    except credentials.CredentialsError:
        stored = None
    if not stored:
        raise WorkspaceKeyLostError(
            "The system keyring no longer holds this workspace's key (or cannot be reached). "
            "Type the recovery key you were given when the workspace was created; the files were left untouched.")
    return bytes.fromhex(stored), KEYRING


def renew_recovery(data_dir: DataDir, key: bytes) -> str:
    """A new recovery key for an open workspace; the old one stops opening it."""
    key_file = read_key_file(data_dir)
    if key_file is None:
        raise WorkspaceKeyLostError(f"{data_dir.key_file} is missing")
    code = new_recovery_code()
    key_file.recovery = wrap_for_recovery(key, code, key_file.workspace_id)
    write_key_file(data_dir, key_file)
    return code


def forget_key(data_dir: DataDir) -> None:
    """Delete this workspace's key from the keyring (the workspace is being erased)."""
    key_file = read_key_file(data_dir)
    if key_file is not None:
        credentials.delete_secret(account(key_file.workspace_id))


def key_for_tools(data_dir: DataDir) -> bytes:
    """The key of an existing workspace without asking anyone: from the keyring, or
    the passphrase in the environment (for scripts, benchmarks and tests)."""
    key_file = read_key_file(data_dir)
    if key_file is None:
        raise WorkspaceKeyLostError(f"{data_dir.key_file} is missing")
    return find_key(key_file, os.environ.get(PASSPHRASE_ENV), None)[0]
