"""Two real server processes on one PostgreSQL, clients spread over both: every
laptop converges on the same records, because no state lives in a process."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Inspector, Office, new_id, postgres_schema, visit_fields

LISTENING = "listening on "


class Served:
    """``inspector-server serve --port 0`` in its own process. The server binds a free
    port itself and prints it, so no other process can take the port between
    choosing it and binding it."""

    def __init__(self, cmd: list[str], log: Path) -> None:
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=dict(os.environ))
        self._first: queue.Queue[str] = queue.Queue()
        # Read on a thread: a server that dies or hangs fails the test instead of blocking it.
        threading.Thread(target=lambda: self._first.put(self.proc.stdout.readline() if self.proc.stdout else ""), daemon=True).start()

    def url(self) -> str:
        try:
            line = self._first.get(timeout=120)
        except queue.Empty:
            line = ""
        if not line.startswith(LISTENING):
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"the server did not start: {line!r}\n{self.log.read_text()}")
        return line[len(LISTENING):].strip()


pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def db_url() -> Iterator[str]:
    # PostgreSQL only: several processes behind a load balancer is its set-up, not SQLite's.
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def two_servers(db_url: str, tmp_path_factory: pytest.TempPathFactory):
    blobs = tmp_path_factory.mktemp("shared-blobs")
    logs = tmp_path_factory.mktemp("server-logs")
    procs: list[subprocess.Popen[str]] = []
    try:
        served = []
        for i in range(2):
            cmd = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", "0",
                   "--blobs", str(blobs), "--log-level", "warning"]
            served.append(Served(cmd, logs / f"server-{i}.log"))
            procs.append(served[-1].proc)
        urls = [s.url() for s in served]
        for url in urls:
            # Listening already; this waits for the app itself to answer.
            assert httpx.get(f"{url}/health", timeout=60).status_code == 200
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def test_clients_spread_over_two_processes_converge(two_servers: list[str], office: Office):
    code = office.school()
    laptops = []
    for i in range(4):
        name, account_id = office.user()
        office.assign(_Named(name), code)  # type: ignore[arg-type]
        laptops.append(Inspector(two_servers[i % 2], name, account_id))
    school = next(r["id"] for r in laptops[0].pull_all().values() if r["entity"] == "school")
    written: dict[str, str] = {}
    for round_ in range(3):
        for i, laptop in enumerate(laptops):
            # Each laptop talks to the other process every round, as a load balancer would send it.
            laptop.http = _rebased(laptop, two_servers[(i + round_) % 2])
            vid = new_id()
            assert laptop.write("visit", vid, visit_fields(school))["status"] == "applied"
            written[vid] = laptop.username
    shared = new_id()
    base = laptops[0].write("visit", shared, visit_fields(school))["version"]
    laptops[1].http = _rebased(laptops[1], two_servers[1])
    laptops[2].http = _rebased(laptops[2], two_servers[0])
    assert laptops[1].write("visit", shared, dict(notes="一号机"), "update", base)["status"] == "applied"
    assert laptops[2].write("visit", shared, dict(purpose="二号机"), "update", base)["status"] == "applied"
    views = [{rid: (rec["version"], rec["fields"]) for rid, rec in lp.pull_all().items()} for lp in laptops]
    assert all(v == views[0] for v in views)
    assert set(written) | {shared} <= set(views[0])
    assert views[0][shared][1]["notes"] == "一号机" and views[0][shared][1]["purpose"] == "二号机"
    # A token from one process works on the other: sessions live in the database.
    token = laptops[0].http.headers["Authorization"]
    for url in two_servers:
        assert httpx.get(f"{url}/me", headers={"Authorization": token}).status_code == 200


class _Named:
    def __init__(self, username: str) -> None:
        self.username = username


def _rebased(laptop: Inspector, url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30, headers=dict(laptop.http.headers))
    laptop.http.close()
    return client



def test_one_port_served_by_several_worker_processes(db_url: str, office: Office, tmp_path: Path):
    """``serve --workers 2``: two processes answer on one port; pushes from many
    laptops at once all land once, and stopping the server stops its workers."""
    cmd = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", "0",
           "--blobs", str(tmp_path / "blobs"), "--log-level", "info", "--workers", "2"]
    served = Served(cmd, tmp_path / "server.log")
    try:
        url = served.url()
        assert httpx.get(f"{url}/health", timeout=60).status_code == 200
        code = office.school()
        laptops = []
        for _ in range(4):
            name, account_id = office.user()
            office.assign(_Named(name), code)  # type: ignore[arg-type]
            laptops.append(Inspector(url, name, account_id))
        school = next(r["id"] for r in laptops[0].pull_all().values() if r["entity"] == "school")
        answers: list[dict] = []

        def work(laptop: Inspector) -> None:
            for _ in range(3):
                answers.append(laptop.push(*(laptop.mutation("visit", new_id(), visit_fields(school)) for _ in range(10))))

        threads = [threading.Thread(target=work, args=(lp,)) for lp in laptops]
        for th in threads:
            th.start()
        for th in threads:
            th.join(120)
        assert len(answers) == 12 and all(r["status"] == "applied" for a in answers for r in a["results"])
        made = {r["entity_id"] for a in answers for r in a["results"]}
        assert made <= set(laptops[3].pull_all())
        workers = {line.split("[")[1].split("]")[0] for line in served.log.read_text().splitlines() if "Started server process" in line}
        assert len(workers) == 2
    finally:
        served.proc.terminate()
        assert served.proc.wait(30) == 0
