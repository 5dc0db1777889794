"""Temporary files left in the attachment folder by a killed download or a killed
import are removed when the workspace next opens, and never one still being written."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_desktop.store import open_workspace

ROOT = Path(__file__).resolve().parents[2]

# Another process with the same workspace open, writing a download it has not finished.
HOLDER = """
import sys
from pathlib import Path
from inspector_desktop.store.attachments import AttachmentStore
store = AttachmentStore(Path(sys.argv[1]))
with store.partial_file() as part:
    part.file.write(b"half a photo")
    part.file.flush()
    print(part.path, flush=True)
    sys.stdin.readline()
"""


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".download-", ".incoming-"))) if root.exists() else []


def test_leftovers_are_removed_when_the_workspace_opens(tmp_path: Path):
    ws = open_workspace(tmp_path)
    sha, _ = ws.attachments.put_bytes(b"\xff\xd8 a real photo")
    root = ws.attachments.root
    ws.close()
    (root / ".download-k2j3h4").write_bytes(b"\xff\xd8 the first half of some")
    (root / ".incoming-9x8y7z").write_bytes(b"")
    (root / "notes.txt").write_text("not ours to judge")  # only our own temporary names are touched
    assert len(_leftovers(root)) == 2
    ws = open_workspace(tmp_path)
    assert _leftovers(ws.attachments.root) == []
    assert ws.attachments.read(sha) == b"\xff\xd8 a real photo"
    assert (root / "notes.txt").exists()
    ws.close()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX; on Windows an open file cannot be deleted at all")
def test_a_download_still_being_written_is_left_alone_and_removed_once_its_writer_is_killed(tmp_path: Path):
    ws = open_workspace(tmp_path)
    root = ws.attachments.root
    ws.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(root)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        held = Path(holder.stdout.readline().strip())
        assert held.name.startswith(".download-") and held.exists()
        again = open_workspace(tmp_path)  # a second window, or a headless sync, opens the workspace
        assert held.exists() and held.read_bytes() == b"half a photo"
        again.close()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert held.exists()  # killed: nothing ran to clean up after it
    ws = open_workspace(tmp_path)
    assert not held.exists() and _leftovers(ws.attachments.root) == []
    ws.close()


def test_a_finished_file_moves_into_place_and_an_unfinished_one_is_removed(tmp_path: Path):
    ws = open_workspace(tmp_path)
    store = ws.attachments
    sha, _ = store.put_bytes(b"\xff\xd8 kept")
    data = b"\xff\xd8 downloaded"
    other = hashlib.sha256(data).hexdigest()
    with store.partial_file() as part:
        part.file.write(data)
        part.commit(store.path_for(other))
    assert store.read(other) == data and store.read(sha) == b"\xff\xd8 kept"
    with pytest.raises(OSError), store.partial_file() as part:
        part.file.write(b"torn")
        raise OSError("connection reset")
    assert _leftovers(store.root) == []
    ws.close()

