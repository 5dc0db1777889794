"""SIGKILL a syncing laptop at chosen moments: mid-upload (the server already holds
part of the photo and the next chunk is on its way), with a push or a pull in
flight, and in the middle of local edits. After each kill the database passes
integrity_check and no outbox entry is lost; a photo upload cut off midway
resumes from the server's offset; after the last restart everything converges.

Each moment is an event, not a guess: the fault proxy stops the matching request
before the server sees it, the test kills the laptop, then lets the request go on
to the server as a request already sent would. The normal run kills 10 times;
a soak by hand:
    INSPECTOR_SYNC_KILLS=200 python -m pytest tests/sync/test_kill.py
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from inspector_desktop.server import tables as t
from inspector_desktop.store.models import Attachment
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from inspector_desktop.sync import protocol as p
from inspector_desktop.sync.transport import Transport
from tests.server.conftest import PASSWORD
from tests.sync.conftest import FAST_RETRY, Laptop, add_visit, server_rows
from tests.sync.proxy import FaultProxy, Seen
from tests.support import raw

KILLS = int(os.environ.get("INSPECTOR_SYNC_KILLS", "10"))
ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds: only a broken run takes this long


def _mid_upload(req: Seen) -> bool:
    """A chunk sent after part of the photo is on the server, with more to follow:
    killed here, the server is left holding a partial upload."""
    if req.method != "PATCH" or not req.path.startswith("/blobs/"):
        return False
    offset, length = int(req.headers.get(p.UPLOAD_OFFSET, "0")), int(req.headers.get(p.UPLOAD_LENGTH, "0"))
    return 0 < offset and offset + len(req.body) < length


# Where each kill lands, in turn; "edit" is the moment the worker starts its next round.
KILL_AT: dict[str, Callable[[Seen], bool]] = {
    "upload": _mid_upload,
    "push": lambda req: req.method == "POST" and req.path == "/sync/push",
    "pull": lambda req: req.method == "GET" and req.path.startswith("/sync/pull"),
}
SCHEDULE = ("upload", "push", "upload", "pull", "upload", "edit")


class Worker:
    """tests/sync/kill_worker.py in its own process, its output lines read as they come."""

    def __init__(self, data_dir: Path, url: str, username: str, log: Path) -> None:
        self.log = log
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.sync.kill_worker", str(data_dir), url, username, PASSWORD],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True,
            )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("")  # end of output: the worker has gone

    def wait_for(self, prefix: str) -> None:
        while True:
            try:
                line = self.lines.get(timeout=WAIT)
            except queue.Empty:
                line = ""
            if line.startswith(prefix):
                return
            if not line:
                self.kill()
                raise AssertionError(f"the worker never printed {prefix!r}:\n{self.log.read_text()}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def _run_and_kill(moment: str, proxy: FaultProxy, start: Callable[[], Worker]) -> None:
    if moment == "edit":
        worker = start()
        worker.wait_for("synced")  # the next round's edits begin now
        worker.kill()
        return
    hold = proxy.hold(KILL_AT[moment])  # in place before the worker sends anything
    worker = start()
    worker.wait_for("ready")
    if not hold.reached.wait(WAIT):
        worker.kill()
        raise AssertionError(f"no {moment} request reached the proxy:\n{worker.log.read_text()}")
    worker.kill()
    # The request was sent before the laptop died: let it travel on to the server.
    hold.release()


def _integrity(db: Path) -> str:
    con = raw.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _outbox(db: Path) -> list[tuple[int, str]]:
    con = raw.connect(db)
    try:
        return con.execute("SELECT seq, state FROM outbox ORDER BY seq").fetchall()
    finally:
        con.close()


def _partial_uploads(db: Path, checker: Transport) -> dict[str, int]:
    """Photos the server holds part of: sha256 -> the server's offset."""
    con = raw.connect(db)
    try:
        shas = [r[0] for r in con.execute("SELECT DISTINCT sha256 FROM attachment")]
    finally:
        con.close()
    out = {}
    for sha in shas:
        h = checker.request("HEAD", f"/blobs/{sha}").headers
        if h.get(p.UPLOAD_COMPLETE) != "1" and int(h.get(p.UPLOAD_OFFSET, "0")) > 0:
            out[sha] = int(h[p.UPLOAD_OFFSET])
    return out


def test_sigkill_mid_sync_loses_nothing_and_uploads_resume(tmp_path, proxy, team, engine):
    names, school = team
    proxy.heal()
    data_dir = tmp_path / "killed"
    first = Laptop(data_dir, proxy.url, names[0])
    first.sync()
    add_visit(first.ws, school, notes="被杀前")
    db = first.ws.data_dir.database
    first.close()
    checker = Transport(proxy.url, retry=FAST_RETRY)
    checker.login(names[0], PASSWORD, str(uuid.uuid4()))
    seen: list[tuple[int, str]] = []
    resumed: list[tuple[int, int]] = []
    partial: dict[str, int] = {}
    for kill in range(KILLS):
        moment = SCHEDULE[kill % len(SCHEDULE)]
        log_start = len(proxy.log)
        log = tmp_path / f"worker-{kill}.log"
        _run_and_kill(moment, proxy, lambda log=log: Worker(data_dir, proxy.url, names[0], log))
        proxy.wait_idle()
        # Where did the restarted laptop send its first chunk of each photo cut off last time?
        for sha, offset in partial.items():
            patches = [r for r in proxy.log[log_start:] if r.method == "PATCH" and r.path == f"/blobs/{sha}"]
            if patches:
                resumed.append((offset, int(patches[0].headers[p.UPLOAD_OFFSET])))
        assert _integrity(db) == "ok"
        now = _outbox(db)
        assert [s for s, _ in now] == list(range(1, len(now) + 1))
        assert len(now) >= len(seen)  # not one entry lost
        for (_seq, before), (_s, after) in zip(seen, now):
            assert before == "pending" or after == before  # settled entries stay settled
        seen = now
        partial = _partial_uploads(db, checker)
        if moment == "upload":
            assert partial, "a kill in the middle of an upload left no partial upload on the server"
    proxy.heal()
    assert resumed or KILLS < 2, "no restarted laptop went on with a cut-off upload"
    assert all(sent == offset for offset, sent in resumed), resumed  # never from zero
    # Restart once more, calmly: everything reaches the server and matches.
    last = Laptop(data_dir, proxy.url, names[0])
    last.sync()
    with last.ws.read() as s:
        assert s.scalar(sa.select(sa.func.count()).where(OutboxEntry.state == OutboxState.PENDING)) == 0
        shas = set(s.scalars(sa.select(Attachment.sha256)))
    with engine.connect() as conn:
        applied = conn.execute(sa.select(t.client.c.applied_seq).where(t.client.c.client_id == last.ws.client_id)).scalar_one()
        logged = conn.execute(sa.select(sa.func.count()).where(t.mutation_log.c.client_id == last.ws.client_id)).scalar_one()
    assert applied == logged == len(_outbox(db))  # each change applied exactly once, none skipped
    for entity in ("finding", "attachment", "visit"):
        local, on_server = last.rows(entity), server_rows(engine, entity)
        assert set(local) <= set(on_server)  # everything made on the laptop arrived
        for record_id, row in local.items():
            assert {k: row[k] for k in on_server[record_id]} == on_server[record_id]
    for sha in shas:
        assert checker.request("HEAD", f"/blobs/{sha}").headers[p.UPLOAD_COMPLETE] == "1"
    last.close()
    checker.close()
