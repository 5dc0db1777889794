"""The console command, run as a real subprocess the way an inspector or a script would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from inspector_desktop import __version__
from inspector_desktop.cli import main
from tests.support import raw


def run(*args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "inspector_desktop", *args], capture_output=True, text=True, check=check, timeout=120
    )


def test_help_lists_demo_and_version_prints():
    assert "demo" in run("--help").stdout
    assert __version__ in run("--version").stdout


def test_demo_builds_a_wal_database_with_all_four_axes(tmp_path):
    out = run("demo", "--data-dir", str(tmp_path / "d"), "--as-of", "2026-11-22")
    assert "visits 90" in out.stdout
    con = raw.connect(tmp_path / "d" / "workspace.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    axes = {col: {r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM visit")} for col in ("scope", "stage", "planning", "notice")}
    assert axes == {
        "scope": {"comprehensive", "special"},
        "stage": {"process", "result"},
        "planning": {"routine", "random"},
        "notice": {"announced", "unannounced"},
    }


def test_data_dir_goes_before_or_after_the_command(tmp_path):
    run("--data-dir", str(tmp_path / "a"), "demo", "--visits", "5")
    assert (tmp_path / "a" / "workspace.sqlite3").exists()


def test_errors_are_one_clear_line_not_a_traceback(tmp_path, capsys):
    # The set-up and the checks below call the same main() in this process, without
    # paying for another interpreter start each time; one refusal goes through a
    # real process, as a script sees it.
    assert main(["demo", "--data-dir", str(tmp_path / "d"), "--visits", "3"]) == 0
    again = run("demo", "--data-dir", str(tmp_path / "d"), check=False)
    assert again.returncode == 2
    assert "already holds visits" in again.stderr and "Traceback" not in again.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "workspace.sqlite3").write_bytes(b"garbage" * 200)
    assert main(["demo", "--data-dir", str(bad)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert (bad / "workspace.sqlite3").read_bytes() == b"garbage" * 200
    with pytest.raises(SystemExit) as usage:
        main(["demo", "--visits", "0"])
    assert usage.value.code == 2 and "at least 1" in capsys.readouterr().err
