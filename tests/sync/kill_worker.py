"""A laptop that edits and syncs forever, with evidence photos of several upload
chunks, so a kill can land between two chunks of one photo. Run and SIGKILLed by
tests/sync/test_kill.py at moments the fault proxy signals.

    python -m tests.sync.kill_worker DATA_DIR SERVER_URL USERNAME PASSWORD
"""

from __future__ import annotations

import os
import sys

import sqlalchemy as sa

from inspector_desktop.store import open_workspace
from inspector_desktop.store.models import Attachment, Finding, Visit
from inspector_desktop.domain import Category, Severity
from inspector_desktop.sync.engine import SyncEngine
from inspector_desktop.sync.transport import RetryPolicy, SyncError, Transport

CHUNK = 64 * 1024
# Six chunks: enough for a chunk with some of the photo already on the server and
# more still to come; more would only make every round slower.
PHOTO = 5 * CHUNK + 1_000


def main(data_dir: str, url: str, username: str, password: str) -> None:
    ws = open_workspace(data_dir)
    t = Transport(url, retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05), timeout=(2, 10))
    pair = t.login(username, password, ws.client_id)
    engine = SyncEngine(ws, t, pair.account.id, upload_chunk=CHUNK, push_batch=5)
    print("ready", flush=True)
    round_ = 0
    while True:
        round_ += 1
        with ws.read() as s:
            visit_id = s.scalar(sa.select(Visit.id).where(Visit.deleted.is_(False)).limit(1))
        if visit_id is not None:
            with ws.write() as s:
                s.add(Finding(visit_id=visit_id, category=Category.SAFETY, severity=Severity.MINOR, problem=f"第{round_}轮"))
                if round_ % 2:
                    sha, size = ws.attachments.put_bytes(os.urandom(PHOTO))
                    s.add(Attachment(sha256=sha, filename=f"{round_}.jpg", size=size, visit_id=visit_id))
        try:
            engine.sync()
        except SyncError as exc:
            print(f"sync failed: {exc}", file=sys.stderr, flush=True)
        print(f"synced {round_}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
