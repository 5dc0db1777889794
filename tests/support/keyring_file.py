"""A real keyring backend for tests: the secrets of one test session in one file.

The test session installs it for itself and names it in PYTHON_KEYRING_BACKEND,
so every process a test starts (a worker killed mid-write, a command run as a
subprocess) finds the same keys the test made, as processes on one laptop share
its OS keyring. Never the user's own keyring: tests must not leave keys there.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import keyring.errors

FILE_ENV = "INSPECTOR_TEST_KEYRING_FILE"
BACKEND = "tests.support.keyring_file.FileKeyring"


class FileKeyring(keyring.backend.KeyringBackend):
    """Secrets in the JSON file $INSPECTOR_TEST_KEYRING_FILE, shared by processes under a lock."""

    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, str]]:
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                secrets = json.loads(self.path.read_text()) if self.path.exists() else {}
                before = dict(secrets)
                yield secrets
                if secrets != before:
                    tmp = self.path.with_name(self.path.name + ".tmp")
                    tmp.write_text(json.dumps(secrets))
                    os.replace(tmp, self.path)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def get_password(self, service: str, username: str) -> str | None:
        with self._locked() as secrets:
            return secrets.get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._locked() as secrets:
            secrets[f"{service}\n{username}"] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._locked() as secrets:
            if secrets.pop(f"{service}\n{username}", None) is None:
                raise keyring.errors.PasswordDeleteError("no such secret")


def install() -> Path:
    """Make a new, empty file keyring this process's and every child's (tests, benchmarks).

    The file goes when the process exits (and may be removed earlier with ``remove``).
    """
    import atexit
    import tempfile

    import keyring

    fd, name = tempfile.mkstemp(prefix="inspector-test-keyring-", suffix=".json")
    os.write(fd, b"{}")
    os.close(fd)
    root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    os.environ["PYTHON_KEYRING_BACKEND"] = BACKEND
    os.environ[FILE_ENV] = name
    os.environ.pop("INSPECTOR_DESKTOP_PASSPHRASE", None)
    keyring.set_keyring(FileKeyring())
    atexit.register(remove, Path(name))  # also when a run stops before its teardown
    return Path(name)


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
