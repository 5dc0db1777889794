"""Evidence files read as noise on disk: a lost laptop's attachments folder shows
no photo, no PDF and no text, while the app still reads every file whole."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from inspector_desktop.store import attachments as attachments_mod, open_workspace
from inspector_desktop.store.attachments import Partial
from inspector_desktop.store.sealed import SEGMENT, SealError

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + "食堂后厨照片：学生姓名 张小明".encode() * 50
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"Zhang Xiaoming, class 3" * 40
PDF = b"%PDF-1.7\n" + "整改报告 育才小学 known-text-marker".encode() * 40
# Whole signatures, not 3- or 4-byte prefixes, which random ciphertext holds by chance.
MAGICS = (b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\x89PNG\r\n\x1a\n", b"%PDF-1.", "张小明".encode(), b"Zhang Xiaoming", b"known-text-marker", "育才小学".encode())


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_evidence_on_disk_shows_no_photo_pdf_or_text(workspace):
    shas = [workspace.attachments.put_bytes(data)[0] for data in (JPEG, PNG, PDF)]
    on_disk = b"".join(p.read_bytes() for p in _stored_files(workspace.attachments.root))
    for magic in MAGICS:
        assert magic not in on_disk
    for sha, data in zip(shas, (JPEG, PNG, PDF), strict=True):
        assert workspace.attachments.read(sha) == data
        assert hashlib.sha256(data).hexdigest() == sha  # the plain bytes' hash is still the name


def test_a_large_file_reads_back_by_range_and_a_cut_one_does_not_open(workspace):
    data = os.urandom(3 * SEGMENT + 123)
    sha, size = workspace.attachments.put_bytes(data)
    assert size == len(data)
    with workspace.attachments.open_plain(sha) as f:
        assert f.size == len(data)
        assert f.read_at(SEGMENT - 10, 40) == data[SEGMENT - 10: SEGMENT + 30]
        assert f.read_at(len(data) - 5, 100) == data[-5:]
    path = workspace.attachments.path_for(sha)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - (SEGMENT // 2)])  # the last segment lost: not a shorter photo
    with pytest.raises(OSError):
        workspace.attachments.read(sha)
    path.write_bytes(whole[:100] + bytes([whole[100] ^ 1]) + whole[101:])
    with pytest.raises(OSError):
        workspace.attachments.read(sha)


def test_another_workspace_cannot_open_this_ones_evidence(tmp_path):
    a, b = open_workspace(tmp_path / "a"), open_workspace(tmp_path / "b")
    try:
        sha, _ = a.attachments.put_bytes(JPEG)
        target = b.attachments.path_for(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(a.attachments.path_for(sha).read_bytes())
        with pytest.raises(OSError):
            b.attachments.read(sha)
        with pytest.raises(SealError), b.attachments.open_plain(sha) as f:
            f.read_at(0, 10)
    finally:
        a.close()
        b.close()


def _plant_plain(root: Path, data: bytes) -> Path:
    sha = hashlib.sha256(data).hexdigest()
    path = root / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_plain_evidence_from_an_older_version_is_sealed_at_open_once(tmp_path):
    ws = open_workspace(tmp_path / "ws")
    root = ws.attachments.root
    ws.close()
    planted = [_plant_plain(root, data) for data in (JPEG, PNG, PDF)]
    ws = open_workspace(tmp_path / "ws")
    try:
        sealed_once = {p: p.read_bytes() for p in planted}
        for p, data in zip(planted, (JPEG, PNG, PDF), strict=True):
            assert data[:4] not in sealed_once[p]
            assert ws.attachments.read(p.name) == data
        assert ws.attachments.seal_plain_files() == 0  # idempotent: sealed files are left as they are
        assert {p: p.read_bytes() for p in planted} == sealed_once
    finally:
        ws.close()


def test_sealing_cut_short_leaves_every_file_whole_and_the_next_open_finishes(tmp_path, monkeypatch):
    ws = open_workspace(tmp_path / "ws")
    root = ws.attachments.root
    ws.close()
    datas = [JPEG, PNG, PDF, os.urandom(SEGMENT + 7)]
    planted = sorted((_plant_plain(root, d) for d in datas), key=lambda p: (p.parent.name, p.name))
    real_commit = Partial.commit
    commits = []

    def power_cut(self: Partial, final: Path) -> None:
        if len(commits) == 2:
            raise KeyboardInterrupt("power cut")  # the third file's sealed copy is written but never renamed
        commits.append(final)
        real_commit(self, final)

    monkeypatch.setattr(Partial, "commit", power_cut)
    with pytest.raises(KeyboardInterrupt):
        open_workspace(tmp_path / "ws")
    monkeypatch.setattr(Partial, "commit", real_commit)
    by_name = {hashlib.sha256(d).hexdigest(): d for d in datas}
    sealed = [p for p in planted if p.read_bytes()[:4] == b"IDE1"]
    assert len(sealed) == 2  # some done, the rest still plain and whole
    for p in planted:
        if p not in sealed:
            assert p.read_bytes() == by_name[p.name]
    ws = open_workspace(tmp_path / "ws")
    try:
        assert all(p.read_bytes()[:4] == b"IDE1" for p in planted)
        assert all(ws.attachments.read(p.name) == by_name[p.name] for p in planted)
        assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no temporary file left
    finally:
        ws.close()


def test_the_viewers_copy_is_private_and_goes_when_the_app_closes(workspace):
    sha, _ = workspace.attachments.put_bytes(PDF)
    copy = workspace.attachments.viewing_copy(sha, "整改报告.pdf")
    try:
        assert copy.read_bytes() == PDF and copy.name == "整改报告.pdf"
        folder = attachments_mod.viewing_folder()
        assert copy.is_relative_to(folder)
        if os.name == "posix":
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0
    finally:
        attachments_mod.remove_viewing_folder()
    assert not copy.exists() and not folder.exists()


@pytest.mark.skipif(os.name != "posix", reason="the check for a dead process is POSIX")
def test_copies_a_crashed_run_left_for_the_viewer_go_at_the_next_opening(workspace, tmp_path):
    import subprocess
    import sys
    import tempfile

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = Path(tempfile.gettempdir()) / f"{attachments_mod.VIEWING_PREFIX}{dead.stdout.strip()}-crashed"
    (left / "ab").mkdir(parents=True)
    (left / "ab" / "photo.jpg").write_bytes(JPEG)
    sha, _ = workspace.attachments.put_bytes(JPEG)
    try:
        workspace.attachments.viewing_copy(sha, "photo.jpg")
        assert not left.exists()
    finally:
        attachments_mod.remove_viewing_folder()
