"""Two real server processes on one PostgreSQL, clients spread over both: every
laptop converges on the same records, because no state lives in a process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.server.conftest import Inspector, Office, new_id, postgres_schema, visit_fields


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def db_url() -> Iterator[str]:
    # PostgreSQL only: several processes behind a load balancer is its set-up, not SQLite's.
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def two_servers(db_url: str, tmp_path_factory: pytest.TempPathFactory):
    blobs = tmp_path_factory.mktemp("shared-blobs")
    procs, urls = [], []
    for _ in range(2):
        port = _free_port()
        cmd = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port), "--blobs", str(blobs), "--log-level", "warning"]
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

