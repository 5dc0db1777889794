"""Sign-in throttling holds under concurrency: guesses sent at once, to two server
processes sharing one database, are counted and refused exactly as the same
guesses sent one after another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa

from inspector_desktop.server import admin, auth, tables as t
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import PASSWORD

GUESSES = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def two_servers(db_url: str, engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two ``inspector-server serve`` processes on the module's database (migrated by ``engine``)."""
    blobs = tmp_path_factory.mktemp("throttle-blobs")
    procs, urls = [], []
    for _ in range(2):
        port = _free_port()
        cmd = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", db_url, "--host", "127.0.0.1",
               "--port", str(port), "--blobs", str(blobs), "--log-level", "warning"]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ)))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, proc in zip(urls, procs):
            for _ in range(300):
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                    time.sleep(0.1)
            else:
                pytest.fail(f"server at {url} did not start")
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def _user(engine: sa.Engine) -> str:
    name = f"u{uuid.uuid4().hex[:10]}"
    admin.create_user(engine, name, PASSWORD, [Role.INSPECTOR], name, name.upper())
    return name


def _login(url: str, username: str, password: str) -> httpx.Response:
    return httpx.post(f"{url}/auth/login", json=dict(username=username, password=password, client_id=str(uuid.uuid4())), timeout=60)


def _counted(engine: sa.Engine, username: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(t.login_throttle.c.failures).where(t.login_throttle.c.username == username)).scalar() or 0


def _at_once(urls: list[str], username: str, n: int) -> list[int]:
    """``n`` wrong guesses released together, alternating between the processes."""
    start = threading.Barrier(n)
    answers: list[int] = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        start.wait()
        status = _login(urls[i % len(urls)], username, f"guess {i}").status_code
        with lock:
            answers.append(status)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return sorted(answers)


def test_ten_guesses_in_a_row_are_ten_failures(two_servers: list[str], engine: sa.Engine):
    name = _user(engine)
    answers = [_login(two_servers[i % 2], name, f"guess {i}").status_code for i in range(GUESSES)]
    assert answers == [401] * auth.FREE_FAILURES + [429] * (GUESSES - auth.FREE_FAILURES)
    assert _counted(engine, name) == GUESSES


def test_ten_simultaneous_guesses_on_two_processes_are_ten_failures(two_servers: list[str], engine: sa.Engine):
    name = _user(engine)
    answers = _at_once(two_servers, name, GUESSES)
    # Exactly what the same guesses get one after another: only the free ones are
    # even checked, however many arrive in the same instant; none is lost.
    expected = [401] * auth.FREE_FAILURES + [429] * (GUESSES - auth.FREE_FAILURES)
    assert (answers.count(401), answers.count(429), _counted(engine, name)) == (expected.count(401), expected.count(429), GUESSES)
    locked = _login(two_servers[0], name, PASSWORD)
    assert locked.status_code == 429 and 0 < int(locked.headers["Retry-After"]) <= auth.FIRST_LOCK.total_seconds() + 1


def test_a_right_password_starts_the_count_again(two_servers: list[str], engine: sa.Engine):
    name = _user(engine)
    for i in range(auth.FREE_FAILURES - 1):
        assert _login(two_servers[i % 2], name, "wrong").status_code == 401
    assert _login(two_servers[1], name, PASSWORD).status_code == 200
    assert _counted(engine, name) == 0
    assert _at_once(two_servers, name, auth.FREE_FAILURES - 1) == [401] * (auth.FREE_FAILURES - 1)
    assert _counted(engine, name) == auth.FREE_FAILURES - 1
