"""Encrypting, in place, a workspace written before the database was encrypted.

The unencrypted file is copied aside (SQLite's backup API), exported into
``workspace.sqlite3.encrypting`` under the key (``sqlcipher_export``), the copy
checked (integrity, every table's row count), synced, and renamed over the
original in one atomic step. Only then are the unencrypted leftovers overwritten
with zeros and removed. A kill at any moment leaves either the unencrypted
original, which the next open encrypts again from the start, or the encrypted
file with leftovers, which the next open removes before anything else.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from inspector_desktop.sqlite import connect_encrypted, encrypted_module, key_pragma
from inspector_desktop.store.errors import CorruptDatabaseError
from inspector_desktop.store.workspace_key import sync_folder

PLAIN_HEADER = b"SQLite format 3\x00"
ENCRYPTING = ".encrypting"
PLAIN_BACKUP = ".before-encryption.bak"
# A second name for the unencrypted original while the encrypted copy is renamed
# over it, so its blocks can be overwritten with zeros afterwards.
REPLACED = ".replaced"


def cipher_errors() -> type[Exception]:
    return encrypted_module().DatabaseError  # type: ignore[no-any-return]


def is_plain(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (an encrypted one starts with random bytes)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` decrypts ``path`` (SQLCipher checks each page's HMAC)."""
    try:
        con = connect_encrypted(path, key, read_only=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except cipher_errors():
        return False
    return True


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def leftovers(path: Path) -> list[Path]:
    """Files an encryption run may leave beside ``path``, unencrypted or half-made."""
    found = []
    for name in (path.name + PLAIN_BACKUP, path.name + ENCRYPTING, path.name + REPLACED):
        part = path.with_name(name)
        found += [part, *_companions(part)]
    return [p for p in found if p.exists()]


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, on disk, then remove it."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            block = b"\0" * 65536
            for start in range(0, size, len(block)):
                f.write(block[: min(len(block), size - start)])
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def finish_interrupted(path: Path) -> None:
    """Remove what a run killed after its rename (or a failed one) left behind."""
    found = leftovers(path)
    for part in found:
        if part.name.endswith(REPLACED) and _same_file(part, path):
            part.unlink()  # killed before the rename: this is the original itself, still in use
        else:
            shred(part)
    if found:
        sync_folder(path.parent)


def replace_and_shred(new: Path, target: Path) -> None:
    """Rename ``new`` over ``target`` atomically, then overwrite the old ``target``'s blocks."""
    old = target.with_name(target.name + REPLACED)
    try:
        os.link(target, old)
    except OSError:
        old = None  # no hard links here (FAT): the old file is only unlinked
    os.replace(new, target)
    sync_folder(target.parent)
    if old is not None:
        shred(old)


def _row_counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def encrypt_in_place(path: Path, key: bytes, progress: Callable[[int, int], None] | None = None) -> None:
    report = progress or (lambda _done, _total: None)
    finish_interrupted(path)  # an earlier attempt's partial copies
    report(0, 100)
    # Fold the unencrypted WAL into the file: the copies read one file, and no
    # unencrypted WAL frame can be replayed into the encrypted file later.
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain_counts = _row_counts(con)
        backup = sqlite3.connect(path.with_name(path.name + PLAIN_BACKUP))
        try:
            con.backup(backup, pages=256, progress=lambda _s, left, total: report(40 * (total - left) // max(total, 1), 100))
        finally:
            backup.close()
    finally:
        con.close()
    target = path.with_name(path.name + ENCRYPTING)
    _export(path, target, key)
    report(70, 100)
    copy = connect_encrypted(target, key)
    try:
        intact = copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        same = _row_counts(copy) == plain_counts
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
    if not (intact and same):
        finish_interrupted(path)
        raise CorruptDatabaseError(
            f"The workspace {path} could not be encrypted: the encrypted copy did not match it. "
            "The original was left as it was.")
    with open(target, "rb") as f:
        os.fsync(f.fileno())
    report(90, 100)
    for part in _companions(path):  # empty after the checkpoint; must not meet the new file
        shred(part)
    replace_and_shred(target, path)
    finish_interrupted(path)
    encrypt_older_backups(path, key)
    report(100, 100)


def _export(source: Path, target: Path, key: bytes) -> None:
    target.unlink(missing_ok=True)
    plain = encrypted_module().connect(str(source))  # no key: SQLCipher reads it as plain SQLite
    try:
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
        pragma = key_pragma(key).removeprefix("PRAGMA key = ")
        plain.execute(f"ATTACH DATABASE {_quoted(target)} AS encrypted KEY {pragma}")
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()


def encrypt_older_backups(path: Path, key: bytes) -> None:
    """The copies an earlier version kept before its schema upgrades are encrypted too
    (and a run killed halfway is finished), under the workspace's checked key."""
    for old in sorted(path.parent.glob(f"{path.name}.before-upgrade-from-*.bak")):
        finish_interrupted(old)
        if is_plain(old):
            fresh = old.with_name(old.name + ENCRYPTING)
            _export(old, fresh, key)
            with open(fresh, "rb") as f:
                os.fsync(f.fileno())
            replace_and_shred(fresh, old)
