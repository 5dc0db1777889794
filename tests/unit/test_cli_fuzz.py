"""Every console command, given a malformed command line, refuses it as a person
should meet it: exit 1 or 2, one non-empty line on stderr, no traceback, no
message key, and nothing on disk changed (no file written, no workspace or
database made at a path that was not there).

Each example is one subcommand of ``inspector-desktop`` or ``inspector-server``
run in this process through its real entry point, with arguments drawn from
junk (unknown options, bad dates and numbers, empty strings, unicode, paths to
missing files, folders, random bytes, a text file, an empty file, a damaged
workbook) around at least one thing that must make it fail. ``serve`` is only
ever given a command line it refuses before it listens.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from inspector_desktop import cli
from inspector_desktop.commands import DESKTOP
from inspector_desktop.server import cli as server_cli, serving
from tests.conftest import copy_workspace

cli._load_commands()
ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"\b[a-z_]+\.[a-z_]+\b")

# Where a desktop command still breaks these rules while its fixes land (another
# part of issue 14): marked strict, so the mark must go once the command complies.
DESKTOP_KNOWN: dict[str, str] = {}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices  # type: ignore[return-value]


DESKTOP_PARSERS = _subparsers(cli.build_parser())
SERVER_PARSERS = _subparsers(server_cli.build_parser())
assert set(DESKTOP_PARSERS) == {c.name for c in DESKTOP}
assert set(SERVER_PARSERS) == {c.name for c in server_cli.SERVER}

# Files a junk argument may name, made afresh for each example.
THINGS = ("missing", "missing.pdf", "missing.xlsx", "missing.csv", "a-folder", "random.bin", "random.csv",
          "notes.txt", "notes.csv", "empty.dat", "empty.csv", "broken.xlsx", "broken.zip")
UNUSABLE_DB = ("random.bin", "notes.txt", "broken.zip", "a-folder", "no-folder/x.db")
UNUSABLE_DATA_DIR = ("random.bin", "notes.txt", "broken.zip", "empty.dat", "notes.txt/inside")
CREATING = {"migrate", "create-user", "import-schools", "serve"}  # a missing --db is theirs to make
BAD_TYPED = ("", "abc", "2026-02-30", "1.5", "ℵ", "0x1F")
junk_text = st.one_of(
    st.sampled_from(["", " ", "ℵ", "督学\n通报", "--", "-", "../..", "2026-13-01", "0", "-1", "NaN"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
)


@dataclass(frozen=True)
class Path_:
    """A path to one of THINGS (or below one), made absolute inside the example's folder."""
    name: str


junk = st.one_of(junk_text, st.sampled_from(THINGS).map(Path_))


# Option types that refuse any of BAD_TYPED (numbers, dates, ports).
NUMBER_OR_DATE = {"int", "_positive", "positive", "number", "whole number", "_date", "date", "port", "fromisoformat"}


def _typed(action: argparse.Action) -> bool:
    return getattr(action.type, "__name__", "") in NUMBER_OR_DATE


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._VersionAction))]


@st.composite
def command_lines(draw: st.DrawFn, program: str, name: str) -> list[object]:
    """Junk around at least one certain failure."""
    parser = (DESKTOP_PARSERS if program == "desktop" else SERVER_PARSERS)[name]
    base = "--data-dir" if program == "desktop" else "--db"
    actions = [a for a in _actions(parser) if base not in a.option_strings]
    typed = [a for a in actions if a.option_strings and _typed(a)]
    choices = [a for a in actions if a.option_strings and a.choices]
    required = [a for a in actions if a.required or not a.option_strings]
    kinds = ["unknown_option", "bad_base"] + ["bad_typed"] * bool(typed) + ["bad_choice"] * bool(choices)
    kinds += ["missing_required"] * bool(required) + (["semantic"] if (program, name) in SEMANTIC else [])
    kind = draw(st.sampled_from(kinds))

    args: list[object] = []
    dropped = draw(st.sampled_from(required)) if kind == "missing_required" else None
    for action in actions:
        if action is dropped or (action.option_strings and not action.required and not draw(st.booleans())):
            continue
        if action.nargs == 0:
            args.append(action.option_strings[0])
            continue
        value = draw(st.sampled_from(list(action.choices))) if action.choices and draw(st.booleans()) else draw(junk)
        values = [value] if action.nargs in (None, 1, "?") else [value, *draw(st.lists(junk, max_size=2))]
        args += ([action.option_strings[0]] if action.option_strings else []) + values

    if kind == "bad_base":
        unusable = UNUSABLE_DATA_DIR if program == "desktop" else (
            UNUSABLE_DB if name in CREATING else UNUSABLE_DB + ("missing.db", "empty.dat"))
        args += [base, Path_(draw(st.sampled_from(unusable)))]
    else:
        args += [base, Path_("valid-workspace" if program == "desktop" else "valid.db")]
    if kind == "unknown_option":
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(["--no-such-option", "--ℵ", "--data-dir-x"])))
    elif kind == "bad_typed":
        action = draw(st.sampled_from(typed))
        args += [action.option_strings[0], draw(st.sampled_from(BAD_TYPED))]
    elif kind == "bad_choice":
        action = draw(st.sampled_from(choices))
        args += [action.option_strings[0], draw(junk_text.filter(lambda v: v not in action.choices and not v.startswith("-")))]
    elif kind == "semantic":
        args = draw(SEMANTIC[(program, name)])
    return [name, *args]


# Command lines that parse but must be refused by the command itself, on a valid database.
_db = ["--db", Path_("valid.db")]
_bad_file = st.sampled_from(["missing.csv", "missing.xlsx", "a-folder", "random.csv", "random.bin", "notes.txt",
                             "notes.csv", "empty.csv", "broken.xlsx"]).map(Path_)
_stranger = junk_text.filter(lambda v: v.strip().lower() not in ("wang", "") and not v.startswith("-"))
SEMANTIC: dict[tuple[str, str], st.SearchStrategy[list[object]]] = {
    ("server", "import-schools"): st.builds(lambda f: [f, *_db], _bad_file),
    ("server", "assign"): st.one_of(
        st.builds(lambda u: [u, "S1", *_db], _stranger),
        st.builds(lambda c: ["wang", "S1", c, *_db], _stranger.filter(lambda v: v != "S1"))),
    ("server", "create-user"): st.builds(lambda u: [u, "--role", "inspector", *_db], _stranger),  # piped, no --password-stdin
    ("server", "reset-password"): st.builds(lambda u: [u, "--password-stdin", *_db], _stranger),
    ("server", "disable-user"): st.builds(lambda u: [u, *_db], _stranger),
    ("server", "revoke-tokens"): st.builds(lambda u: [u, *_db], _stranger),
    ("server", "revoke-key"): st.builds(lambda k: [k, *_db], junk_text.filter(lambda v: not v.startswith("-"))),
    ("server", "set-rules"): st.builds(lambda r: ["--region", "西湖区", "--rules", r, *_db],
                                       junk_text.filter(lambda v: not v.startswith("-"))),
}


# ---------------------------------------------------------------- the example's folder


@pytest.fixture(scope="module")
def server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated office database with an inspector (wang) and a school (S1)."""
    folder = tmp_path_factory.mktemp("office")
    db = folder / "office.db"
    (folder / "s.csv").write_text("code,name,competent_department,district\nS1,一中,县教育局,西湖区\n", encoding="utf-8")
    for argv, stdin in ((["create-user", "wang", "--role", "inspector", "--password-stdin"], "correct horse 9\n"),
                        (["import-schools", str(folder / "s.csv")], "")):
        with _captured(stdin):
            assert server_cli.main([*argv, "--db", str(db)]) == 0
    return db


@contextlib.contextmanager
def _captured(stdin: str = ""):
    out, err, saved = io.StringIO(), io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, err
    finally:
        sys.stdin = saved


def _materials(root: Path, noise: bytes, server_db: Path, workspace: Path | None) -> None:
    """The files junk arguments name, and the valid database (server) or workspace (desktop)."""
    (root / "a-folder").mkdir()
    (root / "random.bin").write_bytes(noise)
    (root / "random.csv").write_bytes(noise)
    (root / "notes.txt").write_text("督学 notes, not what any command reads\n", encoding="utf-8")
    (root / "notes.csv").write_text("just,a,text\nfile,\n", encoding="utf-8")
    (root / "empty.dat").write_bytes(b"")
    (root / "empty.csv").write_bytes(b"")
    with zipfile.ZipFile(root / "whole.zip", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>" * 50)
    whole = (root / "whole.zip").read_bytes()
    (root / "whole.zip").unlink()
    (root / "broken.xlsx").write_bytes(whole[: len(whole) // 2])
    (root / "broken.zip").write_bytes(whole[: len(whole) // 2])
    if workspace is None:
        shutil.copyfile(server_db, root / "valid.db")
    else:
        copy_workspace(workspace, root / "valid-workspace")


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*"))}


def _resolve(argv: list[object], root: Path) -> list[str]:
    return [str(root / a.name) if isinstance(a, Path_) else a for a in argv]  # type: ignore[misc]


def _run(program: str, argv: list[str], stdin: str) -> tuple[int, str]:
    entry = cli.main if program == "desktop" else server_cli.main
    with _captured(stdin) as (_out, err):
        try:
            code = entry(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def check(program: str, argv: list[str], code: int, stderr: str, root: Path, before: dict[str, str]) -> None:
    allowed = {1, 2, 4, 5} if argv[0] == "verify" else {1, 2}  # verify's own verdicts (README)
    assert code in allowed, (argv, code, stderr)
    assert "Traceback" not in stderr, stderr
    assert _tree(root) == before, (argv, stderr)
    if argv[0] == "verify" and code != 2 and not stderr:
        return  # a verdict (ALTERED, UNKNOWN SIGNER, NOT A FEEDBACK SHEET) is the answer, on stdout
    lines = stderr.splitlines()  # a terminal breaks lines at \n; splitlines() at more, stricter
    assert len(lines) == 1 and lines[0].strip(), (argv, stderr)
    # What the user gave may look like a key (notes.txt); the rest of the line may not.
    rest = re.sub(re.escape(str(root)) + r"[^\s;:,，；：）)]*", "", lines[0])
    for a in sorted((a for a in argv if len(a.strip()) >= 3), key=len, reverse=True):
        rest = rest.replace(a, "")
    assert not KEY.search(rest), (argv, lines[0])
    assert _tree(root) == before, (argv, stderr)


def _cases() -> list[object]:
    out = []
    for program, names in (("desktop", DESKTOP_PARSERS), ("server", SERVER_PARSERS)):
        for name in names:
            why = DESKTOP_KNOWN.get(name) if program == "desktop" else None
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            out.append(pytest.param(program, name, marks=marks, id=f"{program}-{name}"))
    return out


# Each subcommand gets its share of the CI profile's examples, so the file stays
# within its time whatever the profile's size.
SHARE = max(5, settings().max_examples // 6)


@pytest.mark.parametrize("program, name", _cases())
def test_a_malformed_command_line_is_one_sentence_and_changes_nothing(
        program: str, name: str, server_db: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch):
    def never_listen(*_args: object) -> None:
        pytest.fail("serve was about to listen: this command line should have been refused")

    monkeypatch.setattr(serving, "_listen", never_listen)

    @settings(max_examples=SHARE, derandomize=True)
    @given(argv=command_lines(program, name), noise=st.binary(min_size=1, max_size=600),
           language=st.sampled_from(["en", "zh_CN"]), stdin=st.sampled_from(["", "short\n", "correct horse 9\n"]))
    def example(argv: list[object], noise: bytes, language: str, stdin: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            _materials(root, noise, server_db, demo_template if program == "desktop" else None)
            monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", language)
            monkeypatch.setenv("INSPECTOR_DESKTOP_DATA_DIR", str(root / "default-data"))
            monkeypatch.setenv("INSPECTOR_SERVER_DB", str(root / "default.db"))
            before = _tree(root)
            resolved = _resolve(argv, root)
            with contextlib.chdir(root):  # a default --db or data folder would show up here
                code, stderr = _run(program, resolved, stdin)
            check(program, resolved, code, stderr, root, before)

    example()


@pytest.mark.parametrize("program, argv", [
    ("server", ["import-schools", "broken.xlsx", "--db", "valid.db"]),
    ("server", ["list-users", "--db", "random.bin"]),
    ("server", ["create-user", "wang2", "--role", "inspector", "--db", "valid.db"]),
    ("server", ["assign", "wang", "S1", "NOPE", "--since", "2026-13-01", "--db", "valid.db"]),
    ("desktop", ["verify", "random.bin"]),
    ("desktop", ["export", "--what", "visits", "--out", "out.csv", "--data-dir", "missing"]),
])
def test_no_traceback_escapes_the_installed_commands(program: str, argv: list[str], tmp_path: Path, server_db: Path,
                                                      demo_template: Path):
    _materials(tmp_path, os.urandom(300), server_db, demo_template if program == "desktop" else None)
    before = _tree(tmp_path)
    resolved = [str(tmp_path / a) if (tmp_path / a).exists() or a in ("missing", "out.csv") else a for a in argv]
    module = "inspector_desktop" if program == "desktop" else "inspector_desktop.server.cli"
    env = dict(os.environ, INSPECTOR_DESKTOP_LANGUAGE="zh_CN", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", module, *resolved], input="correct horse 9\n", capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env=env)
    check(program, resolved, done.returncode, done.stderr, tmp_path, before)
