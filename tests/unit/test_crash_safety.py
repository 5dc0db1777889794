"""Kill a writer with SIGKILL at random moments; nothing acknowledged may be lost.

The normal run kills 30 times. A longer soak by hand:
    INSPECTOR_KILLS=1000 python -m pytest tests/unit/test_crash_safety.py
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tests.support import raw

WORKER = Path(__file__).resolve().parent.parent / "crash_worker.py"
KILLS = int(os.environ.get("INSPECTOR_KILLS", "30"))


def _run_and_kill(data_dir: Path, rng: random.Random) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked: list[str] = []
    ready = threading.Event()

    def reader() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            line = line.strip()
            if line == "ready":
                ready.set()
            elif line:
                acked.append(line)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    if not ready.wait(30):
        proc.kill()
        pytest.fail(f"worker never became ready: {proc.stderr.read()}")  # type: ignore[union-attr]
    time.sleep(rng.uniform(0.0, 0.4))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    t.join(5)
    return acked


def test_acknowledged_edits_survive_sigkill(tmp_path):
    rng = random.Random(int(os.environ.get("INSPECTOR_KILL_SEED", "1")))
    data_dir = tmp_path / "ws"
    all_acked: list[str] = []
    for _kill in range(KILLS):
        all_acked += _run_and_kill(data_dir, rng)
        con = raw.connect(data_dir / "workspace.sqlite3")
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            present = {r[0] for r in con.execute("SELECT id FROM finding")}
            missing = [a for a in all_acked if a not in present]
            assert not missing, f"{len(missing)} acknowledged edits lost after kill {_kill}"
            # Each finding's outbox entry committed with it.
            queued = {r[0] for r in con.execute("SELECT entity_id FROM outbox WHERE entity='finding'")}
            assert present == queued
        finally:
            con.close()
    assert len(all_acked) > KILLS  # the worker really was writing when it died
