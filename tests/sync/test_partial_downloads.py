"""SIGKILL a laptop in the middle of downloading a colleague's photo: the temporary
file it leaves is gone when the workspace next opens, and the next sync fetches
the photo whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector_desktop.store.models import Attachment
from tests.server.conftest import PASSWORD
from tests.sync.conftest import Laptop, add_visit

ROOT = Path(__file__).resolve().parents[2]

# A laptop that signs in and syncs once, through the proxy; killed while the download hangs.
WORKER = """
import sys
from inspector_desktop.store import open_workspace
from inspector_desktop.sync.engine import SyncEngine
from inspector_desktop.sync.transport import RetryPolicy, Transport
ws = open_workspace(sys.argv[1])
t = Transport(sys.argv[2], retry=RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.01), timeout=(2, 120))
pair = t.login(sys.argv[3], sys.argv[4], ws.client_id)
print("ready", flush=True)
SyncEngine(ws, t, pair.account.id).sync()
print("synced", flush=True)
"""


def _partials(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith(".download-")] if root.exists() else []


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_download_killed_midway_leaves_nothing_after_the_next_start(tmp_path, proxy, server, team):
    names, school = team
    author = Laptop(tmp_path / "author", server.url, names[0])
    author.sync()
    vid = add_visit(author.ws, school)
    photo = os.urandom(300_000)
    sha, size = author.ws.attachments.put_bytes(photo)
    with author.ws.write() as s:
        s.add(Attachment(sha256=sha, filename="走廊.jpg", size=size, visit_id=vid))
    author.sync()
    author.close()

    proxy.heal()
    proxy.delay_s = 20.0  # the photo's answer hangs: the kill lands while the download is open
    proxy.plan = lambda req: "delay" if req.method == "GET" and req.path == f"/blobs/{sha}" else None
    data_dir = tmp_path / "killed"
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(data_dir), proxy.url, names[1], PASSWORD],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        attachments = data_dir / "attachments"
        deadline = time.monotonic() + 15
        while not _partials(attachments) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.02)
        left = _partials(attachments)
        assert left, "the download never started"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert all(p.exists() for p in left)  # a kill runs no clean-up
    proxy.heal()

    laptop = Laptop(data_dir, proxy.url, names[1])
    assert _partials(laptop.ws.attachments.root) == []
    report = laptop.sync()
    assert report.downloaded == 1 and laptop.ws.attachments.read(sha) == photo
    assert _partials(laptop.ws.attachments.root) == []
    laptop.close()
