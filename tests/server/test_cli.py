"""``inspector-server`` as an administrator uses it: real subprocesses, real files."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from inspector_desktop.server.cli import build_parser, main
from inspector_desktop.server.db import head_revision

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command in this process (main() with real argv, stdin and exit code);
    one test below runs the installed entry point as a separate process too."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = saved
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_the_installed_command_runs(tmp_path: Path):
    done = subprocess.run(
        ["inspector-server", "migrate", "--db", str(tmp_path / "x.db")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and f"database schema at {head_revision()}" in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str):
    shown = run(command, "--help")
    assert shown.returncode == 0 and "--db URL" in shown.stdout and "usage: inspector-server" in shown.stdout


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_an_office_set_up_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "en")
    db = str(tmp_path / "office.db")
    assert run("create-user", "lead1", "--role", "lead", "--name", "张总督学", "--password-stdin", "--db", db, stdin="lead password\n").returncode == 0
    made = run("create-user", "wang", "--role", "inspector", "--name", "王芳", "--code", "W01", "--password-stdin", "--db", db, stdin="wang password\n")
    assert made.returncode == 0, made.stderr
    header = ["code", "name", "competent_department", "district", "is_large"]
    bad = _xlsx(tmp_path / "bad.xlsx", [header, ["S1", "一中", "县教育局", "西湖区", "no"], ["S2", "", "县教育局", "西湖区", "no"],
                                        ["S3", "三中", "", "西湖区", "maybe"]])
    refused = run("import-schools", str(bad), "--db", db)
    assert refused.returncode == 2
    assert "Nothing was imported" in refused.stderr
    assert "row 3, column name: empty" in refused.stderr and "row 4, column competent_department: empty" in refused.stderr
    assert "row 4, column is_large" in refused.stderr
    good_rows = [header] + [[f"S{i}", f"第{i}中学", "县教育局", "西湖区", "yes" if i == 6 else "no"] for i in range(1, 7)]
    imported = run("import-schools", str(_xlsx(tmp_path / "schools.xlsx", good_rows)), "--db", db)
    assert imported.returncode == 0 and "Imported 6 schools" in imported.stdout
    five = run("assign", "wang", "S1", "S2", "S3", "S4", "S5", "--db", db)
    assert five.returncode == 0 and "warning" not in five.stderr
    sixth = run("assign", "wang", "S6", "--db", db)
    assert sixth.returncode == 0 and "Warning: wang is now responsible for 6 schools (1 large)" in sixth.stderr
    assert run("assign", "lead1", "S1", "--db", db).stderr.strip() == "inspector-server: lead1 is not an inspector, so no school was assigned."
    listed = run("list-users", "--db", db).stdout
    assert "wang" in listed and "W01" in listed and "inspector" in listed
    assert run("disable-user", "wang", "--db", db).returncode == 0
    assert "disabled" in run("list-users", "--db", db).stdout
    ghost = run("reset-password", "ghost", "--password-stdin", "--db", db, stdin="whatever123\n")
    assert ghost.stderr.strip() == "inspector-server: There is no user ghost; list-users shows them all."
    assert "8 characters" in run("reset-password", "wang", "--password-stdin", "--db", db, stdin="short\n").stderr
