"""Evidence files, stored content-addressed by SHA-256 under the data folder.

The same photo attached twice is stored once, a file's name can never clash,
and sync can verify any copy by its hash alone.

A file is written under a temporary name in the same folder and renamed into
place when whole. A process killed midway leaves that temporary file behind;
the next start removes it (``sweep_partial_files``). Another process may have
the same workspace open (a second window, a headless sync), so a temporary file
is held by an OS lock while its writer lives, and the sweep removes only files
nobody holds.

Every file is sealed (store/sealed.py) with the workspace's evidence key, which
lives inside the workspace database: nothing readable is left in the folder, and
erasing the workspace's key makes the evidence unreadable too. Files stored
before sealing existed are sealed when the workspace opens (``seal_plain_files``),
each by the same write-beside-then-rename, so a run cut short leaves every file
whole, plain or sealed, and the next open finishes the job. Plain bytes exist
only in memory, and in the private viewing folder the system's viewer reads
(``viewing_copy``), which goes when the app closes.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from inspector_desktop.store.sealed import MAGIC, Opened, SealError, Sealer, is_sealed

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted, which is hold enough
    fcntl = None  # type: ignore[assignment]

CHUNK = 1 << 20
DOWNLOAD_PREFIX = ".download-"
INCOMING_PREFIX = ".incoming-"
PARTIAL_PREFIXES = (DOWNLOAD_PREFIX, INCOMING_PREFIX)
VIEWING_PREFIX = "inspector-viewing-"


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
    def __init__(self, root: Path, key: Callable[[], bytes] | None = None) -> None:
        """``key`` gives the workspace's evidence key, made when first asked for."""
        self.root = root
        self._key_source = key
        self.sweep_partial_files()

    def _key(self) -> bytes:
        if self._key_source is None:
            raise SealError("this evidence folder has no key to seal or open files with")
        return self._key_source()

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
        with self.partial_file(INCOMING_PREFIX) as part:
            sealer = Sealer(self._key(), part.file)
            while chunk := stream.read(CHUNK):
                sealer.write(chunk)
            sha, size = sealer.finish()
            part.commit(self.path_for(sha))
        return sha, size

    @contextlib.contextmanager
    def receiving(self) -> Iterator[Incoming]:
        """A file arriving from the server, sealed as its bytes arrive; kept only
        if ``keep`` is called once its hash has been checked."""
        with self.partial_file(DOWNLOAD_PREFIX) as part:
            yield Incoming(self._key(), part, self)

    @contextlib.contextmanager
    def open_plain(self, sha256: str) -> Iterator[Opened | PlainFile]:
        """The file's plain bytes by range (``read_at``), opened a segment at a time."""
        path = self.path_for(sha256)
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(len(MAGIC))
            f.seek(0)
            yield Opened(self._key(), f, size) if is_sealed(head) else PlainFile(f, size)

    def seal_plain_files(self) -> int:
        """Seal every file still stored plain (from before sealing); returns how many.
        A file whose bytes no longer match its name is left as it is: reading it
        says it is damaged, and sealing it would hide that."""
        sealed = 0
        if not self.root.is_dir():
            return 0
        for folder in sorted(self.root.iterdir()):
            if not (folder.is_dir() and len(folder.name) == 2):
                continue
            for path in sorted(folder.iterdir()):
                if _is_sha(path.name) and path.is_file() and self._seal_in_place(path):
                    sealed += 1
        return sealed

    def _seal_in_place(self, path: Path) -> bool:
        with path.open("rb") as plain:
            if is_sealed(plain.read(len(MAGIC))):
                return False
            plain.seek(0)
            with self.partial_file(INCOMING_PREFIX) as part:
                sealer = Sealer(self._key(), part.file)
                while chunk := plain.read(CHUNK):
                    sealer.write(chunk)
                sha, _size = sealer.finish()
                if sha != path.name:
                    return False
                part.commit(path)  # write beside, fsync, rename over: plain or sealed, never torn
        return True

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

    def erase_all(self) -> int:
        """Overwrite every file of the folder with zeros and remove it (the office
        reported the laptop lost); returns how many files went."""
        if not self.root.is_dir():
            return 0
        files = [p for p in self.root.rglob("*") if p.is_file()]
        for path in files:
            _overwrite(path)
        shutil.rmtree(self.root, ignore_errors=True)
        return len(files)

    def viewing_copy(self, sha256: str, filename: str) -> Path:
        """A plain copy under the file's own name, for the system's viewer (the
        store's file has no extension, and is sealed). It goes into this run's
        private folder (``viewing_folder``), removed when the app closes."""
        data = self.read(sha256)
        folder = viewing_folder() / sha256[:16]
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / (Path(filename).name or sha256)
        if not target.exists() or target.read_bytes() != data:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        return target

    def read(self, sha256: str) -> bytes:
        """The plain bytes, checked against their hash."""
        raw = self.path_for(sha256).read_bytes()
        data = raw
        if is_sealed(raw):
            import io

            try:
                data = Opened(self._key(), io.BytesIO(raw), len(raw)).read_all()
            except SealError:
                data = raw  # a plain file may begin with the same four letters; the hash decides
        if hashlib.sha256(data).hexdigest() != sha256:
            raise OSError(f"attachment {sha256} is damaged on disk")
        return data


class Incoming:
    """Where a download's bytes go: sealed on the way into the store's temporary
    file. The transport starts a retried answer over with ``seek(0)``/``truncate``."""

    def __init__(self, key: bytes, part: Partial, store: AttachmentStore) -> None:
        self.key, self.part, self.store = key, part, store
        self.sealer = Sealer(key, part.file)

    def seek(self, offset: int, whence: int = 0) -> int:
        if offset != 0 or whence != 0:
            raise ValueError("a download can only start over")
        self.truncate()
        return 0

    def truncate(self, size: int | None = None) -> int:
        self.part.file.seek(0)
        self.part.file.truncate()
        self.sealer = Sealer(self.key, self.part.file)
        return 0

    def write(self, data: bytes) -> int:
        return self.sealer.write(data)

    def finish(self) -> str:
        """The SHA-256 of the plain bytes received."""
        sha, _size = self.sealer.finish()
        return sha

    def keep(self, sha256: str) -> None:
        self.part.commit(self.store.path_for(sha256))


class PlainFile:
    """A file stored before sealing, read by range like a sealed one."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size

    def read_at(self, offset: int, length: int) -> bytes:
        self.f.seek(offset)
        return self.f.read(length)


# ---------------------------------------------------------------- the viewing folder

_viewing: Path | None = None


def viewing_folder() -> Path:
    """This run's private folder (0700) for plain copies the system's viewer opens;
    removed when the app closes (``remove_viewing_folder``, also at exit). A folder
    a crashed run left behind is removed by the next run that opens a file."""
    global _viewing
    if _viewing is None or not _viewing.is_dir():
        _sweep_viewing_folders()
        _viewing = Path(tempfile.mkdtemp(prefix=f"{VIEWING_PREFIX}{os.getpid()}-"))  # mkdtemp makes it 0700
        os.chmod(_viewing, 0o700)
        atexit.register(remove_viewing_folder)
    return _viewing


def remove_viewing_folder() -> None:
    global _viewing
    if _viewing is not None:
        shutil.rmtree(_viewing, ignore_errors=True)
        _viewing = None


def _sweep_viewing_folders() -> None:
    for folder in Path(tempfile.gettempdir()).glob(f"{VIEWING_PREFIX}*"):
        pid = folder.name[len(VIEWING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # no cheap check: leave it to the system's temp clean-up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _overwrite(path: Path) -> None:
    try:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            for start in range(0, size, CHUNK):
                f.write(bytes(min(CHUNK, size - start)))
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def _is_sha(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


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
