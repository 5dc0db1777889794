"""``inspector-server`` refusing what it cannot do, as an administrator meets it:
one translated sentence naming what they gave, exit 2, and nothing changed: not
the database, not the files, and no database made at a mistyped path. Over
SQLite and PostgreSQL where the database is the point."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from inspector_desktop.server import admin, cli as server_cli, tables as t
from inspector_desktop.server.admin import SCHOOL_TYPES
from inspector_desktop.server.door import Rejected
from inspector_desktop.sync.protocol import Role
from tests.server.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
HEADER = "code,name,competent_department,district,school_type,is_large\n"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "en")


def one_sentence(done: subprocess.CompletedProcess[str], *given: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr that names what was given."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("inspector-server: ")
    for text in given:
        assert text in line, line
    rest = line
    for text in given:
        rest = rest.replace(text, "")
    assert not KEY.search(rest), line  # no message key such as server.no_user
    return line


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def workbook(path: Path) -> Path:
    wb = Workbook()
    wb.active.append(["code", "name", "competent_department", "district"])
    wb.active.append(["S1", "一中", "县教育局", "西湖区"])
    wb.save(path)
    return path


def damaged(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.xlsx"
    if kind == "missing":
        return path
    if kind == "folder":
        path.mkdir()
        return path
    good = workbook(folder / "good.xlsx").read_bytes()
    if kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "scrambled":  # a deflated member's bytes overwritten: zlib fails mid-read
        data = bytearray(good)
        data[len(data) // 3: len(data) // 3 + 200] = bytes(200)
        path.write_bytes(bytes(data))
    elif kind == "other_zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "not a workbook")
    elif kind == "text":
        path.write_text("code,name\nS1,一中\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- a file or database that cannot be used


@pytest.mark.parametrize("kind", ["missing", "folder", "truncated", "scrambled", "other_zip", "text"])
def test_an_unusable_workbook_is_one_sentence_and_nothing_changes(tmp_path: Path, kind: str):
    db = tmp_path / "office.db"
    assert run("migrate", "--db", str(db)).returncode == 0
    path = damaged(kind, tmp_path)
    before = tree(tmp_path)
    one_sentence(run("import-schools", str(path), "--db", str(db)), str(path))
    assert tree(tmp_path) == before


def test_an_unusable_workbook_is_refused_by_the_installed_command_too(tmp_path: Path):
    path = damaged("scrambled", tmp_path)
    done = subprocess.run([sys.executable, "-m", "inspector_desktop.server.cli", "import-schools", str(path),
                           "--db", str(tmp_path / "office.db")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    one_sentence(done, str(path))
    assert not (tmp_path / "office.db").exists()  # the file is read before the database is made


@pytest.mark.parametrize("kind", ["text", "random", "tiny", "zip", "folder", "no_folder"])
def test_a_db_that_is_not_a_database_is_named_and_left_alone(tmp_path: Path, kind: str):
    db = tmp_path / "office.db"
    if kind == "tiny":  # SQLite alone would write its schema over a file this short
        db.write_bytes(b"\x07")
    elif kind == "text":
        db.write_text("these are not the droids\n" * 20, encoding="utf-8")
    elif kind == "random":
        db.write_bytes(bytes(range(256)) * 8)
    elif kind == "zip":
        db.write_bytes(damaged("truncated", tmp_path).read_bytes())
    elif kind == "folder":
        db.mkdir()
    else:
        db = tmp_path / "no such folder" / "office.db"
    before = tree(tmp_path)
    for command in (["list-users"], ["migrate"], ["assign", "wang", "S1"], ["import-schools", str(workbook(tmp_path / "s.xlsx"))]):
        before = tree(tmp_path)
        one_sentence(run(*command, "--db", str(db)), str(db))
        assert tree(tmp_path) == before


@pytest.mark.parametrize("command", [["list-users"], ["assign", "wang", "S1"], ["revoke-tokens", "wang"], ["disable-user", "wang"]])
def test_a_mistyped_db_path_is_not_made_into_an_empty_database(tmp_path: Path, command: list[str]):
    db = tmp_path / "offcie.db"
    line = one_sentence(run(*command, "--db", str(db)), str(db))
    assert "migrate" in line
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_postgresql_address_that_does_not_answer_is_named_without_its_password(tmp_path: Path):
    line = one_sentence(run("list-users", "--db", "postgresql+psycopg://office:s3cret@127.0.0.1:1/office"))
    assert "127.0.0.1:1/office" in line and "s3cret" not in line


def test_a_piped_password_needs_password_stdin(tmp_path: Path):
    db = tmp_path / "office.db"
    line = one_sentence(run("create-user", "wang", "--role", "inspector", "--db", str(db), stdin="correct horse 9\n"))
    assert "--password-stdin" in line
    assert not db.exists()
    short = one_sentence(run("create-user", "wang", "--role", "inspector", "--password-stdin", "--db", str(db), stdin="short\n"))
    assert "8 characters" in short and not db.exists()


@pytest.mark.parametrize("argv, named", [
    (["assign", "wang", "S1", "--since", "2026-13-01"], "2026-13-01"),
    (["assign", "wang", "S1", "--bogus"], "--bogus"),
    (["assign"], "username"),
    (["create-user", "wang", "--role", "boss"], "boss"),
    (["serve", "--port", "99999"], "99999"),
    (["serve", "--port", "eighty"], "eighty"),
    (["no-such-command"], "no-such-command"),
])
def test_a_command_line_argparse_refuses_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str],
                                                          named: str):
    monkeypatch.chdir(tmp_path)
    one_sentence(run(*argv, "--db", str(tmp_path / "office.db")), named)
    assert list(tmp_path.iterdir()) == []


def test_a_refusal_by_the_servers_rules_is_worded_by_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert run("migrate", "--db", str(tmp_path / "office.db")).returncode == 0

    def refuse(engine: sa.Engine) -> None:
        raise Rejected("school.no_region")

    monkeypatch.setattr(admin, "list_users", refuse)
    done = run("list-users", "--db", str(tmp_path / "office.db"))
    assert done.returncode == 1 and done.stderr.strip() == (
        "inspector-server: A school needs its district: it decides which lead inspectors oversee the school.")


def test_the_sentences_follow_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "zh_CN")
    db = tmp_path / "offcie.db"
    line = one_sentence(run("list-users", "--db", str(db)), str(db))
    assert "数据库" in line and "There is" not in line
    assert "--password-stdin" in one_sentence(run("create-user", "wang", "--role", "inspector", "--db", str(db), stdin="x\n"))


# ---------------------------------------------------------------- all or none, over both databases


def _office(db_url: str, engine: sa.Engine) -> tuple[str, list[str]]:
    tag = uuid.uuid4().hex[:6]
    admin.create_user(engine, f"w{tag}", "correct horse 9", [Role.INSPECTOR], "王芳", f"W{tag}")
    codes = [f"A{tag}", f"B{tag}"]
    for code in codes:
        admin.write_schools(engine, [dict(code=code, name="一中", competent_department="县教育局", district="西湖区",
                                          address="", school_type="小学", is_large=False)])
    return f"w{tag}", codes


def _assigned(engine: sa.Engine, username: str) -> int:
    with engine.connect() as conn:
        account = conn.execute(sa.select(t.account.c.id).where(t.account.c.username == username)).scalar_one()
        return len(conn.execute(sa.select(t.record.c.id).where(
            t.record.c.entity == "school_assignment", t.record.c.subject_id == account)).all())


def test_assign_checks_every_code_before_assigning_any(db_url: str, engine: sa.Engine):
    user, (first, second) = _office(db_url, engine)
    line = one_sentence(run("assign", user, first, "NOPE1", second, "NOPE2", "--db", db_url), "NOPE1, NOPE2")
    assert first not in line and second not in line
    assert _assigned(engine, user) == 0  # the good codes before the bad one were not assigned either
    done = run("assign", user, first, second, "--db", db_url)
    assert done.returncode == 0 and done.stdout.splitlines() == [
        f"{user} is responsible for school {first}.", f"{user} is responsible for school {second}."]
    assert _assigned(engine, user) == 2


def test_unassign_ends_responsibility_for_every_school_or_none(db_url: str, engine: sa.Engine):
    user, (first, second) = _office(db_url, engine)
    assert run("assign", user, first, "--db", db_url).returncode == 0
    # One code names a school the inspector is not responsible for: nothing ends.
    line = one_sentence(run("unassign", user, first, second, "--db", db_url), second)
    assert "nothing was changed" in line
    with engine.connect() as conn:
        account = conn.execute(sa.select(t.account.c.id).where(t.account.c.username == user)).scalar_one()
        assert len(admin.held_schools(conn, account, dt.date.today())) == 1
    done = run("unassign", user, first, "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{user} is no longer responsible for school {first}.",
                                        f"{user} is now responsible for 0 schools."]
    with engine.connect() as conn:
        assert admin.held_schools(conn, account, dt.date.today()) == []
    assert _assigned(engine, user) == 1  # the record stays, ended, so the ledger knows who was responsible when


def test_assign_refuses_an_unknown_user_or_a_lead_before_any_school(db_url: str, engine: sa.Engine):
    user, codes = _office(db_url, engine)
    one_sentence(run("assign", "ghost" + user, *codes, "--db", db_url), "ghost" + user)
    lead = f"l{uuid.uuid4().hex[:6]}"
    admin.create_user(engine, lead, "correct horse 9", [Role.LEAD], "张总督学", lead.upper())
    assert "is not an inspector" in one_sentence(run("assign", lead, *codes, "--db", db_url), lead)


def test_import_accepts_only_the_documented_school_types(tmp_path: Path, db_url: str, engine: sa.Engine):
    tag = uuid.uuid4().hex[:6]
    csv = tmp_path / "schools.csv"
    csv.write_text(HEADER + f"X{tag},一中,县教育局,西湖区,小学,no\nY{tag},二中,县教育局,西湖区,大学,no\n"
                   f"Z{tag},三中,县教育局,西湖区,,no\n", encoding="utf-8")
    line = one_sentence(run("import-schools", str(csv), "--db", db_url), str(csv))
    assert "row 3, column school_type: “大学”" in line and "Nothing was imported" in line
    assert all(kind in line for kind in SCHOOL_TYPES)
    with engine.connect() as conn:
        assert conn.execute(sa.select(t.record.c.id).where(t.record.c.id == admin.school_id(f"X{tag}"))).first() is None
    csv.write_text(csv.read_text(encoding="utf-8").replace(",大学,", ",完全中学,"), encoding="utf-8")
    done = run("import-schools", str(csv), "--db", db_url)
    assert done.returncode == 0 and done.stdout.strip() == f"Imported 3 schools from {csv}."


def test_every_bad_cell_is_named_by_row_and_column(tmp_path: Path, db_url: str):
    csv = tmp_path / "schools.csv"
    csv.write_text(HEADER + "R1,一中,县教育局,西湖区,小学,no\nR1,,县教育局,,小学,maybe\n", encoding="utf-8")
    line = one_sentence(run("import-schools", str(csv), "--db", db_url), str(csv))
    for problem in ("row 3, column name: empty", "row 3, column district: empty", "row 3, column is_large: “maybe”",
                    "row 3, column code: R1 repeats row 2"):
        assert problem in line


def test_main_closes_the_database_it_opened(tmp_path: Path):
    db = tmp_path / "office.db"
    assert run("migrate", "--db", str(db)).returncode == 0
    assert server_cli._OPENED == [] and sorted(p.name for p in tmp_path.iterdir()) == ["office.db"]
