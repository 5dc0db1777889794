"""Evidence files sealed at rest: AES-256-GCM, in segments, with a random salt per file.

A laptop carried into schools holds photos of children; if it is lost, its
evidence folder must read as noise. Each file is sealed with its own key,
derived from the workspace's evidence key and a random salt, so no two files
share a key/nonce pair however many are stored. It is sealed in segments
(each with its own authentication tag, the last one marked as last) so a photo
streams in and out without being held whole, a download is sealed as it
arrives, and a cut-off or spliced file fails to open instead of reading short.

Layout: ``IDE1`` | salt (16) | nonce prefix (7) | segments of SEGMENT plain
bytes plus a 16-byte tag; segment i's nonce is prefix | i (4 bytes) | last (1).
The content hash (SHA-256 of the plain bytes) stays the file's name and its
sync identity: it is checked on every whole read.
"""

from __future__ import annotations

import hashlib
import os
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"IDE1"
SALT = 16
PREFIX = 7
TAG = 16
HEADER = len(MAGIC) + SALT + PREFIX
SEGMENT = 256 * 1024
KEY_BYTES = 32


class SealError(OSError):
    """A sealed file does not open with this workspace's key: damaged, cut short,
    or sealed by another workspace."""


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"inspector evidence file").derive(key)
    return AESGCM(derived)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def is_sealed(head: bytes) -> bool:
    return head[: len(MAGIC)] == MAGIC


def plain_size(sealed_size: int) -> int:
    body = sealed_size - HEADER
    segments = max(1, -(-body // (SEGMENT + TAG)))
    return max(0, body - segments * TAG)


class Sealer:
    """Writes plain bytes to ``out`` sealed, hashing them as they pass."""

    def __init__(self, key: bytes, out: BinaryIO) -> None:
        salt, self.prefix = os.urandom(SALT), os.urandom(PREFIX)
        self.aead = _file_cipher(key, salt)
        self.out = out
        self.out.write(MAGIC + salt + self.prefix)
        self.pending = bytearray()
        self.index = 0
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.pending += data
        # Strictly more than a segment: the final segment, marked last, is never empty
        # unless the whole file is.
        while len(self.pending) > SEGMENT:
            self._seal(bytes(self.pending[:SEGMENT]), last=False)
            del self.pending[:SEGMENT]
        return len(data)

    def finish(self) -> tuple[str, int]:
        """Seal what is left as the last segment; returns (sha256, plain size)."""
        self._seal(bytes(self.pending), last=True)
        self.pending.clear()
        return self.digest.hexdigest(), self.size

    def _seal(self, plain: bytes, last: bool) -> None:
        self.out.write(self.aead.encrypt(_nonce(self.prefix, self.index, last), plain, None))
        self.index += 1


class Opened:
    """A sealed file read back in plain, a segment at a time."""

    def __init__(self, key: bytes, f: BinaryIO, sealed_size: int) -> None:
        head = f.read(HEADER)
        if len(head) != HEADER or not is_sealed(head):
            raise SealError("not a sealed evidence file")
        self.aead = _file_cipher(key, head[len(MAGIC): len(MAGIC) + SALT])
        self.prefix = head[len(MAGIC) + SALT:]
        self.f = f
        self.size = plain_size(sealed_size)
        self.count = max(1, -(-(sealed_size - HEADER) // (SEGMENT + TAG)))

    def segment(self, index: int) -> bytes:
        self.f.seek(HEADER + index * (SEGMENT + TAG))
        sealed = self.f.read(SEGMENT + TAG)
        try:
            return self.aead.decrypt(_nonce(self.prefix, index, index == self.count - 1), sealed, None)
        except InvalidTag:
            raise SealError("a sealed evidence file does not open: damaged, cut short or not this workspace's") from None

    def read_at(self, offset: int, length: int) -> bytes:
        out = bytearray()
        index = offset // SEGMENT
        while len(out) < length and index < self.count and index * SEGMENT < max(self.size, 1):
            plain = self.segment(index)
            start = offset + len(out) - index * SEGMENT
            out += plain[start: start + length - len(out)]
            index += 1
        return bytes(out)

    def read_all(self) -> bytes:
        return b"".join(self.segment(i) for i in range(self.count))
