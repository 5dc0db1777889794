"""Passwords and bearer tokens.

Passwords go through Argon2id (memory-hard, so a stolen table is slow to crack).
Tokens are 256 random bits: a plain SHA-256 of them is enough to store, and it
keeps the per-request lookup a single indexed equality instead of a KDF run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both answers take as long.
_DUMMY_HASH = _hasher.hash("not a password anyone has")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utcnow() -> dt.datetime:
    # Naive UTC everywhere: SQLite has no time zones and both databases must agree.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat()
