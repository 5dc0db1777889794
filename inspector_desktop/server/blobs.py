"""Attachment bytes: resumable chunked uploads, checked by SHA-256, behind a storage interface.

Offsets and completion live in the database, bytes in a ``BlobStorage`` (a local
folder by default; an S3-compatible store fits the same four methods). An
upload is per uploader, and a blob is readable only by whoever uploaded it whole
or can see a live attachment that names it: a hash is not a key. The same rule
decides who may name a blob in a new attachment (``may_reference``), or anyone
who learnt a hash from a printed sheet could attach it to their own visit and
read the photo through that.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa

from inspector_desktop.server import scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.server.db import writing
from inspector_desktop.server.errors import ApiError, not_found
from inspector_desktop.server.security import utcnow
from inspector_desktop.sync.protocol import BlobStatus

MAX_BLOB_SIZE = 512 * 1024 * 1024
READ_CHUNK = 1024 * 1024


class BlobStorage(Protocol):
    def write_part(self, key: str, offset: int, data: bytes) -> None: ...
    def part_digest(self, key: str) -> str: ...
    def commit_part(self, key: str, sha256: str) -> None: ...
    def discard_part(self, key: str) -> None: ...
    def read(self, sha256: str) -> Iterator[bytes]: ...


class LocalBlobStorage:
    """Blobs as files under ``root``; a finished part is renamed into place, atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / "parts").mkdir(parents=True, exist_ok=True)
        (self.root / "blobs").mkdir(parents=True, exist_ok=True)

    def _part(self, key: str) -> Path:
        return self.root / "parts" / key

    def _final(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / sha256

    def write_part(self, key: str, offset: int, data: bytes) -> None:
        fd = os.open(self._part(key), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.pwrite(fd, data, offset)
            os.fsync(fd)
        finally:
            os.close(fd)

    def part_digest(self, key: str) -> str:
        h = hashlib.sha256()
        with self._part(key).open("rb") as f:
            while chunk := f.read(READ_CHUNK):
                h.update(chunk)
        return h.hexdigest()

    def commit_part(self, key: str, sha256: str) -> None:
        final = self._final(sha256)
        final.parent.mkdir(exist_ok=True)
        os.replace(self._part(key), final)

    def discard_part(self, key: str) -> None:
        self._part(key).unlink(missing_ok=True)

    def read(self, sha256: str) -> Iterator[bytes]:
        with self._final(sha256).open("rb") as f:
            while chunk := f.read(READ_CHUNK):
                yield chunk


SHA256 = re.compile(r"[0-9a-f]{64}")


def _readable(conn: sa.Connection, me: Me, sha256: str) -> bool:
    holder = sa.select(t.blob_holder.c.sha256).where(t.blob_holder.c.sha256 == sha256, t.blob_holder.c.account_id == me.id)
    if conn.execute(holder).first() is not None:
        return True
    r = t.record
    # LIKE narrows (fields are json.dumps text, where a quote inside a value is
    # escaped, so only the sha256 key itself reads like this); the parsed value
    # confirms, because SQLite's LIKE ignores letter case.
    named = conn.execute(
        sa.select(r.c.fields).where(
            r.c.entity == "attachment",
            r.c.deleted.is_(False),
            r.c.fields.contains(f'"sha256": "{sha256}"', autoescape=True),
            scope.visible(me),
        )
    )
    return any(json.loads(fields).get("sha256") == sha256 for (fields,) in named)


def may_reference(conn: sa.Connection, me: Me, sha256: object) -> bool:
    """May ``me`` name this blob in an attachment? Only if they could read it already:
    they uploaded the bytes whole, or a live attachment they can see names it."""
    return isinstance(sha256, str) and SHA256.fullmatch(sha256) is not None and _readable(conn, me, sha256)


def status(engine: sa.Engine, me: Me, sha256: str) -> BlobStatus:
    with engine.connect() as conn:
        done = conn.execute(sa.select(t.blob.c.size).where(t.blob.c.sha256 == sha256)).first()
        if done is not None and _readable(conn, me, sha256):
            return BlobStatus(sha256=sha256, offset=done.size, length=done.size, complete=True)
        part = conn.execute(
            sa.select(t.blob_upload).where(t.blob_upload.c.sha256 == sha256, t.blob_upload.c.account_id == me.id)
        ).first()
    if part is None:
        return BlobStatus(sha256=sha256, offset=0, length=None, complete=False)
    return BlobStatus(sha256=sha256, offset=part.offset, length=part.length, complete=False)


def upload_chunk(engine: sa.Engine, storage: BlobStorage, me: Me, sha256: str, offset: int, length: int, data: bytes) -> BlobStatus:
    if not me.reads_content:
        raise ApiError(403, "auth.forbidden", "This account does not upload inspection evidence.")
    if not 0 < length <= MAX_BLOB_SIZE or offset < 0 or offset + len(data) > length:
        raise ApiError(422, "blob.bad_range", "The chunk does not fit the declared upload length.", length=length, offset=offset)
    key = f"{sha256}.{me.id}"
    now = utcnow()
    current = status(engine, me, sha256)
    if current.complete:
        return current
    if current.length is not None and current.length != length:
        raise ApiError(409, "blob.length_changed", "The upload length differs from the one started.", length=current.length)
    if offset != current.offset:
        err = ApiError(409, "blob.offset_mismatch", "Resume from the server's offset.", offset=current.offset)
        err.headers["Upload-Offset"] = str(current.offset)
        raise err
    storage.write_part(key, offset, data)
    end = offset + len(data)
    with writing(engine) as conn:
        # Compare-and-set on the offset: of two racing requests for one chunk, one counts.
        if current.length is None:
            try:
                with conn.begin_nested():
                    conn.execute(sa.insert(t.blob_upload).values(sha256=sha256, account_id=me.id, length=length, offset=end, updated_at=now))
            except sa.exc.IntegrityError:
                raise ApiError(409, "blob.offset_mismatch", "Another request moved this upload; ask for the offset.") from None
        else:
            moved = conn.execute(
                sa.update(t.blob_upload)
                .where(t.blob_upload.c.sha256 == sha256, t.blob_upload.c.account_id == me.id, t.blob_upload.c.offset == offset)
                .values(offset=end, updated_at=now)
            ).rowcount
            if moved != 1:
                raise ApiError(409, "blob.offset_mismatch", "Another request moved this upload; ask for the offset.")
    if end < length:
        return BlobStatus(sha256=sha256, offset=end, length=length, complete=False)
    return _finish(engine, storage, me, sha256, key, length)


def _finish(engine: sa.Engine, storage: BlobStorage, me: Me, sha256: str, key: str, length: int) -> BlobStatus:
    digest = storage.part_digest(key)
    with writing(engine) as conn:
        conn.execute(sa.delete(t.blob_upload).where(t.blob_upload.c.sha256 == sha256, t.blob_upload.c.account_id == me.id))
        if digest != sha256:
            storage.discard_part(key)
    if digest != sha256:  # the upload is forgotten (committed above): the next try starts at zero
        raise ApiError(422, "blob.digest_mismatch", "The bytes do not match their SHA-256; upload again from zero.", offset=0)
    with writing(engine) as conn:
        if conn.execute(sa.select(t.blob.c.sha256).where(t.blob.c.sha256 == sha256)).first() is None:
            storage.commit_part(key, sha256)
            conn.execute(sa.insert(t.blob).values(sha256=sha256, size=length, stored_at=utcnow()))
        else:
            storage.discard_part(key)  # someone else's identical upload got there first
        conn.execute(sa.delete(t.blob_holder).where(t.blob_holder.c.sha256 == sha256, t.blob_holder.c.account_id == me.id))
        conn.execute(sa.insert(t.blob_holder).values(sha256=sha256, account_id=me.id))
    return BlobStatus(sha256=sha256, offset=length, length=length, complete=True)


def open_for_reading(engine: sa.Engine, storage: BlobStorage, me: Me, sha256: str) -> tuple[int, Iterator[bytes]]:
    with engine.connect() as conn:
        size = conn.execute(sa.select(t.blob.c.size).where(t.blob.c.sha256 == sha256)).scalar()
        if size is not None and not _readable(conn, me, sha256):
            size = None  # the same answer as for bytes nobody uploaded
    if size is None:
        raise not_found("blob")
    return size, storage.read(sha256)
