"""Opening the workspace database: key, checks, backup, migration, then sessions.

Order matters. The key comes first (keyring, passphrase or recovery key), and a
wrong one is told apart from a damaged file. A file from a newer version, or one
that is not a database, is refused before anything writes to it (even switching
to WAL writes the header). An unencrypted file from an older version is
encrypted in place; an older schema is copied aside before Alembic upgrades it.
"""

from __future__ import annotations

import ast
import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from inspector_desktop.paths import DataDir
from inspector_desktop.sqlite import configure_sqlite, connect_encrypted, encrypted_engine
from inspector_desktop.store import changes, encryption, evidence_key, workspace_key
from inspector_desktop.store.attachments import AttachmentStore
from inspector_desktop.store.bookkeeping import Setting
from inspector_desktop.store.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    StoreError,
    WrongPassphraseError,
)
from inspector_desktop.store.profile import CURRENT_INSPECTOR
from inspector_desktop.store.templates import install_templates

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
__all__ = ["CorruptDatabaseError", "NewerDatabaseError", "StoreError", "Workspace", "open_workspace"]

# Alembic is imported only when a migration has to run: at an ordinary start the
# file is already current, and importing Alembic would cost a seventh of a second.


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the scripts' headers without Alembic."""
    graph: dict[str, str | None] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        values = {}
        for line in script.read_text(encoding="utf-8").splitlines():
            key, sep, rest = line.partition(" = ")
            key = key.split(":")[0].strip()  # also "revision: str = ..." headers
            if sep and key in ("revision", "down_revision"):
                values[key] = ast.literal_eval(rest.strip())
        graph[values["revision"]] = values["down_revision"]
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - set(graph.values())
    if len(heads) != 1:
        raise StoreError(f"the installed migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


def _connect(path: Path, key: bytes | None, read_only: bool = False) -> sqlite3.Connection:
    if key is None:  # an unencrypted file from an earlier version, or a test's
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True) if read_only else sqlite3.connect(path)
    return connect_encrypted(path, key, read_only=read_only)


def read_revision(path: Path, key: bytes | None = None) -> str | None:
    """The schema revision recorded in ``path``, read without writing a byte."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = _connect(path, key, read_only=True)
        try:
            con.execute("PRAGMA schema_version").fetchone()  # fails fast on a non-database
            has_table = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except (sqlite3.DatabaseError, encryption.cipher_errors()) as exc:
        raise CorruptDatabaseError(
            f"The workspace file {path} is damaged or is not a workspace ({exc}). "
            "It was left untouched; restore a backup or choose another data folder."
        ) from exc


def backup(path: Path, revision: str, key: bytes | None = None) -> Path:
    """A consistent copy through SQLite's backup API (a file copy could tear the WAL),
    encrypted under the workspace's own key."""
    target = path.with_name(f"{path.name}.before-upgrade-from-{revision}.bak")
    src = _connect(path, key)
    try:
        dst = _connect(target, key)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def make_engine(path: Path, key: bytes | None = None) -> sa.Engine:
    """The workspace's engine; without ``key`` an unencrypted file (older versions, tests)."""
    if key is not None:
        return encrypted_engine(path, key)
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    configure_sqlite(engine)
    return engine


def refuse_newer(current: str | None, path: Path) -> None:
    if current is not None and current not in known_revisions():
        raise NewerDatabaseError(
            f"The workspace {path} was written by a newer version of Inspector Desktop "
            f"(schema {current}). Install the newer version to open it; "
            "the file was left untouched."
        )


def migrate(engine: sa.Engine, path: Path, key: bytes | None = None) -> Path | None:
    """Refuse newer files, back up older ones, upgrade to head. Returns the backup."""
    current = read_revision(path, key)
    refuse_newer(current, path)
    head = head_revision()
    if current == head:
        return None
    from alembic import command

    saved = backup(path, current, key) if current is not None else None
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return saved


class Workspace:
    """The one door to the local database; every operation takes its own Session."""

    def __init__(self, data_dir: DataDir, engine: sa.Engine) -> None:
        self.data_dir = data_dir
        self.engine = engine
        # Set only at the open that made the key: the code to show the inspector, once.
        self.recovery_code: str | None = None
        self._key: bytes | None = None  # already held by the engine's connections
        self.attachments = AttachmentStore(data_dir.attachments, key=evidence_key.key_source(self))
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        changes.install(self._writer)
        self.client_id = self._ensure_client_id()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextlib.contextmanager
    def write(self, actor_id: str | None = None, remote: bool = False) -> Iterator[Session]:
        """A write transaction: committed (durably) on exit, rolled back on error."""
        with self._writer.begin() as session:
            session.info[changes.CLIENT] = self.client_id
            session.info[changes.ACTOR] = actor_id or self.setting(CURRENT_INSPECTOR)
            session.info[changes.REMOTE] = remote
            yield session

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            row = s.get(Setting, key)
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(Setting(key=key, value=value))

    def _ensure_client_id(self) -> str:
        existing = self.setting("client_id")
        if existing:
            return existing
        with self._writer.begin() as s:
            # Re-read under the write lock: two first starts must agree on one id.
            row = s.get(Setting, "client_id")
            if row is None:
                row = Setting(key="client_id", value=str(uuid.uuid4()))
                s.add(row)
            return row.value

    def new_recovery_code(self) -> str:
        """Replace the recovery key (lost, or never kept): the old code stops opening
        the workspace, and the new one is for the inspector to keep."""
        if self._key is None:
            raise StoreError("This workspace is not encrypted, so it has no recovery key.")
        return workspace_key.renew_recovery(self.data_dir, self._key)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Progress = Callable[[int, int], None]


def unlock(data_dir: DataDir, passphrase: str | None, recovery_code: str | None,
           progress: Progress | None) -> tuple[bytes, str | None]:
    """The workspace's key, and the recovery code when this open made the key.

    An unencrypted database (from a version before encryption) is encrypted in
    place under a new key; a wrong passphrase is told apart from a damaged file.
    """
    path = data_dir.database
    passphrase = passphrase or os.environ.get(workspace_key.PASSPHRASE_ENV) or None
    if not data_dir.holds_workspace() or encryption.is_plain(path):
        refuse_newer(read_revision(path), path)  # a damaged or newer file stays as it is
        made = workspace_key.make_key(data_dir, passphrase)
        if data_dir.holds_workspace():
            encryption.encrypt_in_place(path, made.key, progress)
        return made.key, made.recovery_code
    key_file = workspace_key.read_key_file(data_dir)
    if key_file is None:
        raise CorruptDatabaseError(
            f"The workspace file {path} cannot be read: it is damaged, or the file beside it that "
            f"names its key ({data_dir.key_file.name}) is missing. It was left untouched; "
            "restore a backup or choose another data folder.")
    encryption.finish_interrupted(path)
    key, source = workspace_key.find_key(key_file, passphrase, recovery_code)
    if source == workspace_key.PASSPHRASE and not encryption.opens(path, key):
        raise WrongPassphraseError("That passphrase does not open this workspace; the files were left untouched.")
    return key, None


def open_workspace(root: Path | str | DataDir | None = None, *, passphrase: str | None = None,
                   recovery_code: str | None = None, progress: Progress | None = None) -> Workspace:
    """Open (or create) the workspace in ``root``.

    Raises PassphraseNeeded on a computer without a keyring until ``passphrase``
    is given (or INSPECTOR_DESKTOP_PASSPHRASE is set), and WorkspaceKeyLostError
    when the keyring lost the key, until ``recovery_code`` is given. ``progress``
    hears how far encrypting an older, unencrypted workspace has got.
    """
    data_dir = root if isinstance(root, DataDir) else DataDir(root)
    try:
        data_dir.ensure()
    except OSError as exc:
        raise StoreError(f"Cannot create the data folder {data_dir.root}: {exc}") from exc
    path = data_dir.database
    key, recovery = unlock(data_dir, passphrase, recovery_code, progress)
    read_revision(path, key)  # refuse a damaged file before the engine touches it
    encryption.encrypt_older_backups(path, key)
    engine = make_engine(path, key)
    try:
        migrate(engine, path, key)
        ws = Workspace(data_dir, engine)
        ws.recovery_code, ws._key = recovery, key
        install_templates(ws)
        ws.attachments.seal_plain_files()  # evidence stored plain by an older version
        return ws
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(f"Cannot open the workspace {path}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
