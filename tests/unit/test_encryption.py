"""The workspace database is encrypted at rest: what a lost laptop's files show, and
every way back in (keyring, passphrase, recovery key) and out (erasing).

A workspace from before encryption is encrypted in place at its next open, and a
kill at any moment of that loses nothing and leaves no unencrypted copy once an
open completes. The normal run kills a handful of times; a soak by hand:
    INSPECTOR_ENCRYPT_KILLS=200 python -m pytest tests/unit/test_encryption.py -k kill
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
import sqlalchemy as sa

from inspector_desktop import credentials
from inspector_desktop.paths import DataDir
from inspector_desktop.store import (
    PassphraseNeeded,
    WorkspaceKeyLostError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    open_workspace,
)
from inspector_desktop.store import encryption, workspace_key
from inspector_desktop.store.db import Workspace, make_engine, migrate
from inspector_desktop.store.demo import build_demo
from inspector_desktop.store.models import Finding, School
from inspector_desktop.store.templates import install_templates
from tests.conftest import DEMO_AS_OF
from tests.support import raw

WORKER = Path(__file__).resolve().parent.parent / "encrypt_worker.py"
KILLS = int(os.environ.get("INSPECTOR_ENCRYPT_KILLS", "6"))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _unreadable_without_key(path: Path) -> None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            con.execute("SELECT name FROM sqlite_master").fetchall()
    finally:
        con.close()


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_a_lost_laptops_files_show_no_school_no_finding_and_no_database(tmp_path):
    ws = open_workspace(tmp_path / "ws")
    build_demo(ws, as_of=DEMO_AS_OF)
    with ws.read() as s:
        known = list(s.scalars(sa.select(School.name).limit(5))) + list(s.scalars(sa.select(Finding.problem).limit(5)))
    known = [text for text in known if text]
    assert len(known) >= 8 and all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in known)
    database = ws.data_dir.database
    wal = database.with_name(database.name + "-wal")
    with ws.write() as s:  # the latest commit still in the WAL
        s.get(School, s.scalars(sa.select(School.id).limit(1)).one()).address = "城关镇育才路88号"
    known.append("城关镇育才路88号")
    assert wal.stat().st_size > 0
    files = {"database (open)": database.read_bytes(), "WAL": wal.read_bytes()}
    ws.close()
    files["database (closed)"] = database.read_bytes()
    for name, content in files.items():
        for text in known:
            assert text.encode("utf-8") not in content, f"{text} readable in the {name}"
        assert b"SQLite format 3" not in content[:100], name
    _unreadable_without_key(database)
    key_file = ws.data_dir.key_file.read_text()
    assert "workspace_id" in key_file and workspace_key.read_key_file(ws.data_dir).kept_in == "keyring"
    stored = credentials.read_secret(workspace_key.account(workspace_key.read_key_file(ws.data_dir).workspace_id))
    assert stored and stored not in key_file  # the key lives in the keyring only


def test_without_a_keyring_a_passphrase_locks_it_and_a_wrong_one_changes_nothing(tmp_path, no_keyring):
    root = tmp_path / "ws"
    with pytest.raises(PassphraseNeeded) as asked:
        open_workspace(root)
    assert asked.value.new
    ws = open_workspace(root, passphrase="春眠不觉晓 处处闻啼鸟")
    code = ws.recovery_code
    with ws.write() as s:
        s.add(School(code="P1", name="桃花镇中心小学", competent_department="区教育局"))
    ws.close()
    assert workspace_key.read_key_file(DataDir(root)).kept_in == "passphrase"
    _unreadable_without_key(DataDir(root).database)
    before = _digests(root)

    with pytest.raises(PassphraseNeeded) as asked:
        open_workspace(root)
    assert not asked.value.new
    with pytest.raises(WrongPassphraseError, match="untouched"):
        open_workspace(root, passphrase="春眠不觉晓")
    assert _digests(root) == before

    for unlock in ({"passphrase": "春眠不觉晓 处处闻啼鸟"}, {"recovery_code": code}):
        with open_workspace(root, **unlock) as again:
            assert again.recovery_code is None
            with again.read() as s:
                assert s.scalars(sa.select(School.name)).all() == ["桃花镇中心小学"]


def test_headless_commands_take_the_passphrase_from_the_environment(tmp_path, no_keyring, monkeypatch):
    monkeypatch.setenv(workspace_key.PASSPHRASE_ENV, "correct horse battery staple")
    open_workspace(tmp_path / "ws").close()
    open_workspace(tmp_path / "ws").close()
    monkeypatch.setenv(workspace_key.PASSPHRASE_ENV, "wrong horse")
    with pytest.raises(WrongPassphraseError):
        open_workspace(tmp_path / "ws")


def _without_keyring_entry(data_dir: DataDir) -> None:
    credentials.delete_secret(workspace_key.account(workspace_key.read_key_file(data_dir).workspace_id))


def test_the_recovery_key_alone_reopens_a_workspace_whose_keyring_entry_was_lost(tmp_path):
    data_dir = DataDir(tmp_path / "ws")
    ws = open_workspace(data_dir)
    code = ws.recovery_code
    assert workspace_key.normalise_recovery_code(code) is not None
    assert len(code.split("-")) == 8 and all(len(group) == 5 for group in code.split("-"))
    with ws.write() as s:
        s.add(School(code="R1", name="城东初级中学", competent_department="区教育局"))
    ws.close()
    with open_workspace(data_dir) as again:
        assert again.recovery_code is None  # shown once, at creation only
    _without_keyring_entry(data_dir)
    before = _digests(data_dir.root)

    with pytest.raises(WorkspaceKeyLostError, match="recovery key"):
        open_workspace(data_dir)
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    other = workspace_key.new_recovery_code()
    for wrong in (typo, other, "not a code"):
        with pytest.raises(WrongRecoveryKeyError):
            open_workspace(data_dir, recovery_code=wrong)
    assert _digests(data_dir.root) == before

    typed = code.lower().replace("-", " ").replace("0", "o")  # as read off paper
    with open_workspace(data_dir, recovery_code=typed) as recovered:
        with recovered.read() as s:
            assert s.scalars(sa.select(School.name)).all() == ["城东初级中学"]
    with open_workspace(data_dir):  # the keyring holds the key again
        pass


def _plain_workspace(root: Path, demo: bool = True) -> DataDir:
    """A workspace as versions before encryption left it: an unencrypted file."""
    data_dir = DataDir(root).ensure()
    engine = make_engine(data_dir.database)
    migrate(engine, data_dir.database)
    ws = Workspace(data_dir, engine)
    install_templates(ws)
    if demo:
        build_demo(ws, as_of=DEMO_AS_OF, visits=30)
    ws.close()
    assert encryption.is_plain(data_dir.database)
    return data_dir


def _row_counts(con) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _plain_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return _row_counts(con)
    finally:
        con.close()


def _check_upgraded(data_dir: DataDir, expected: dict[str, int]) -> None:
    ws = open_workspace(data_dir)
    ws.close()
    assert not encryption.is_plain(data_dir.database)
    _unreadable_without_key(data_dir.database)
    assert encryption.leftovers(data_dir.database) == []
    assert not list(data_dir.root.glob("*.before-encryption*"))
    plain = [p.name for p in data_dir.root.iterdir() if p.is_file() and encryption.is_plain(p)]
    assert plain == [], "an unencrypted copy is left"
    con = raw.connect(data_dir.database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = _row_counts(con)
    finally:
        con.close()
    # Every record is there (opening adds a client id and the shipped checklists only once).
    assert {t: n for t, n in counts.items() if t != "setting"} == {t: n for t, n in expected.items() if t != "setting"}


def test_an_older_unencrypted_workspace_is_encrypted_in_place_with_progress(tmp_path):
    data_dir = _plain_workspace(tmp_path / "old")
    expected = _plain_counts(data_dir.database)
    # A copy an earlier version kept before upgrading its schema is encrypted too.
    old_copy = data_dir.root / "workspace.sqlite3.before-upgrade-from-0003.bak"
    shutil.copyfile(data_dir.database, old_copy)
    with sqlite3.connect(data_dir.database) as con:
        names = [r[0] for r in con.execute("SELECT name FROM school LIMIT 3")]
    seen: list[int] = []
    ws = open_workspace(data_dir, progress=lambda done, total: seen.append(done * 100 // total))
    assert ws.recovery_code
    with ws.read() as s:
        assert set(names) <= set(s.scalars(sa.select(School.name)))
    ws.close()
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)
    for path in (data_dir.database, old_copy):
        content = path.read_bytes()
        assert not any(name.encode() in content for name in names)
    con = raw.connect(old_copy)
    try:
        assert _row_counts(con) == expected
    finally:
        con.close()
    _check_upgraded(data_dir, expected)


@pytest.mark.timeout(0 if KILLS > 6 else 300)  # a soak runs as long as it needs
def test_a_kill_at_any_moment_of_the_encryption_loses_nothing(tmp_path):
    template = _plain_workspace(tmp_path / "template")
    expected = _plain_counts(template.database)
    rng = random.Random(int(os.environ.get("INSPECTOR_KILL_SEED", "7")))
    # A run to the end names the steps the worker reports (backup pages, export,
    # check, rename); each kill falls a random moment after a random one of them.
    steps, span = _run_worker(_copy(template, tmp_path / "timing"), None)
    assert steps[-1] == "opened", steps
    reached = set()
    for kill in range(KILLS):
        data_dir = _copy(template, tmp_path / f"kill-{kill}")
        after = rng.randrange(len(steps))
        reached.add(_run_worker(data_dir, (after, rng.uniform(0.0, span / len(steps) * 2)))[0][-1])
        _check_upgraded(data_dir, expected)
    assert len(reached) > 1 or KILLS < 3, f"every kill landed after the same step: {reached}"


def _copy(template: DataDir, root: Path) -> DataDir:
    shutil.copytree(template.root, root)
    return DataDir(root)


def _run_worker(data_dir: DataDir, kill: tuple[int, float] | None) -> tuple[list[str], float]:
    """Open (and so encrypt) ``data_dir`` in another process, killed ``kill[1]`` seconds
    after it reported step ``kill[0]``. The steps it reported, and how long it ran."""
    proc = subprocess.Popen([sys.executable, str(WORKER), str(data_dir.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "opening", proc.stderr.read() if proc.stderr else ""
    started = time.monotonic()
    steps: list[str] = []
    if kill is None:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        return out.split(), time.monotonic() - started
    after, delay = kill
    while len(steps) <= after:
        line = proc.stdout.readline()
        if not line:
            break
        steps.append(line.strip())
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return steps + out.split(), time.monotonic() - started


def test_erasing_the_workspace_leaves_no_key_and_no_file(tmp_path):
    from inspector_desktop.erase import erase_workspace
    from inspector_desktop.signing import device_key
    from inspector_desktop.store.models import Inspector

    data_dir = DataDir(tmp_path / "ws")
    ws = open_workspace(data_dir)
    with ws.write() as s:
        inspector = Inspector(code="D01", name="王督学")
        s.add(inspector)
        s.flush()
        inspector_id = inspector.id
    device_key.private_key(inspector_id)
    ws.close()
    workspace_id = workspace_key.read_key_file(data_dir).workspace_id
    erase_workspace(data_dir)
    assert credentials.read_secret(workspace_key.account(workspace_id)) is None
    assert credentials.read_secret(device_key.ACCOUNT.format(inspector_id=inspector_id)) is None
    assert not data_dir.database.exists() and not data_dir.key_file.exists()
    assert [p.name for p in data_dir.root.iterdir()] == ["attachments"]


def _cli(*args: str, env: dict[str, str], stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector_desktop", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, stdin=stdin, timeout=180)


def test_the_console_asks_for_a_passphrase_or_says_in_one_sentence_how_to_give_one(tmp_path):
    fail = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "LANG": "en_US.UTF-8"}
    refused = _cli("demo", "--data-dir", str(tmp_path / "d"), "--visits", "3", env=fail)
    assert refused.returncode == 2
    assert "INSPECTOR_DESKTOP_PASSPHRASE" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr
    made = _cli("demo", "--data-dir", str(tmp_path / "d"), "--visits", "3", "--as-of", "2026-11-22",
                env={**fail, workspace_key.PASSPHRASE_ENV: "晴川历历汉阳树"})
    assert made.returncode == 0, made.stderr
    # The recovery key is printed once, on its own line, at the open that made it.
    assert workspace_key.normalise_recovery_code(made.stderr.strip().splitlines()[-1]) is not None, made.stderr
    wrong = _cli("export", "--data-dir", str(tmp_path / "d"), "--what", "visits", "--out", str(tmp_path / "out.csv"),
                 env={**fail, workspace_key.PASSPHRASE_ENV: "芳草萋萋"})
    assert wrong.returncode == 2 and "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
