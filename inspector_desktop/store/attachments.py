"""Evidence files, stored content-addressed by SHA-256 under the data folder.

The same photo attached twice is stored once, a file's name can never clash,
and sync can verify any copy by its hash alone.

A file is written under a temporary name in the same folder and renamed into
place when whole. A process killed midway leaves that temporary file behind;
the next start removes it (``sweep_partial_files``). Another process may have
the same workspace open (a second window, a headless sync), so a temporary file
is held by an OS lock while its writer lives, and the sweep removes only files
nobody holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted, which is hold enough
    fcntl = None  # type: ignore[assignment]

CHUNK = 1 << 20
DOWNLOAD_PREFIX = ".download-"
INCOMING_PREFIX = ".incoming-"
PARTIAL_PREFIXES = (DOWNLOAD_PREFIX, INCOMING_PREFIX)


class Partial:
    """A temporary file in the store, open for writing and reading."""

    def __init__(self, file: BinaryIO, path: Path) -> None:
        self.file, self.path = file, path
        self.committed = False

    def commit(self, final: Path) -> None:
        """Make the written bytes durable and move them to ``final``, atomically:
        a reader sees the whole file or none of it, never a torn photo."""
        self.file.flush()
        os.fsync(self.file.fileno())
        final.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            self.file.close()  # Windows renames only a closed file
        os.replace(self.path, final)  # on POSIX still held here, so no sweep takes it before the rename
        self.committed = True


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.sweep_partial_files()

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_file(self, source: Path) -> tuple[str, int]:
        with open(source, "rb") as fh:
            return self.put_stream(fh)

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Store a stream; returns (sha256, size). Durable before it returns."""
        digest = hashlib.sha256()
        size = 0
        with self.partial_file(INCOMING_PREFIX) as part:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                part.file.write(chunk)
                size += len(chunk)
            sha = digest.hexdigest()
            part.commit(self.path_for(sha))
        return sha, size

    @contextlib.contextmanager
    def partial_file(self, prefix: str = DOWNLOAD_PREFIX) -> Iterator[Partial]:
        """A temporary file beside the store, held while open; removed on the way
        out unless ``commit`` moved it into place."""
        if not prefix.startswith(PARTIAL_PREFIXES):
            raise ValueError(f"not a temporary-file prefix: {prefix!r}")
        self.root.mkdir(parents=True, exist_ok=True)
        with self._guard():
            fd, name = tempfile.mkstemp(dir=self.root, prefix=prefix)
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # released by the OS however this process ends
        part = Partial(os.fdopen(fd, "w+b"), Path(name))
        try:
            yield part
        finally:
            part.file.close()
            if not part.committed:
                part.path.unlink(missing_ok=True)

    def sweep_partial_files(self) -> int:
        """Remove the temporary files no live writer holds; returns how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        with self._guard():
            for path in self.root.iterdir():
                if path.name.startswith(PARTIAL_PREFIXES) and _remove_if_unheld(path):
                    removed += 1
        return removed

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """The folder's own lock, held while a temporary file is created and locked
        and while the sweep runs: else a sweep could take a new file in the instant
        between its creation and its lock."""
        if fcntl is None:
            yield
            return
        fd = os.open(self.root, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def viewing_copy(self, sha256: str, filename: str) -> Path:
        """A copy under the file's own name in the temporary folder, for the system's
        viewer: the store's file has no extension to tell the viewer what it holds."""
        data = self.read(sha256)
        folder = Path(tempfile.gettempdir()) / "inspector-evidence" / sha256[:16]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (Path(filename).name or sha256)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        return target

    def read(self, sha256: str) -> bytes:
        data = self.path_for(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise OSError(f"attachment {sha256} is damaged on disk")
        return data


def _remove_if_unheld(path: Path) -> bool:
    """Delete ``path`` if no process holds it; True if it was deleted."""
    if fcntl is None:
        try:
            path.unlink()  # refused while a writer has it open
            return True
        except OSError:
            return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # gone already, or not ours to read
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False  # its writer is alive
    try:
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
