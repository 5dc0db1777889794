"""The console commands say what they know: verify tells a genuine sheet from an
altered one, from one signed by a key this workspace does not know, and from a
file that is no feedback sheet at all; no read-only command creates a workspace;
and every failure is one translated sentence naming the user's own path."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_desktop.cli import main
from inspector_desktop.domain import Notice, Planning, Scope, Severity, Stage, TeamRole, VisitStatus
from inspector_desktop.signing import device_key
from inspector_desktop.store import edits, forms, open_workspace
from tests.reports.conftest import memory_keyring, sign_both  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE = "INSPECTOR_DESKTOP_LANGUAGE"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv(LANGUAGE, "en")


def _plan(ws, notice=Notice.ANNOUNCED, on=dt.date(2026, 11, 20)) -> tuple[str, str]:
    """A workspace started empty, as in the window: the inspector, one school, one visit."""
    me = edits.start_profile(ws, "李明华", "DX0417")
    school = edits.add_school(ws, "XH01", "青山湖区实验小学", "青山湖区教育体育局", district="青山湖区")
    vid = edits.create_visit(ws, school, on, Scope.COMPREHENSIVE, Stage.PROCESS,
                             Planning.ROUTINE, notice, None, [(me, TeamRole.LEADER)], purpose="开学准备")
    return me, vid


def _signed_workspace(root: Path) -> Path:
    ws = open_workspace(root)
    try:
        _me, vid = _plan(ws)
        edits.move_visit(ws, vid, VisitStatus.IN_PROGRESS)
        edits.add_finding(ws, vid, "食堂留样记录不全。", Severity.SERIOUS, recommendation="补齐留样台账。")
        edits.move_visit(ws, vid, VisitStatus.COMPLETED)
        form_id = forms.draft_form(ws, vid, today=dt.date(2026, 11, 22))
        sign_both(ws, form_id)
        forms.sign_form(ws, form_id, device_key.private_key)
    finally:
        ws.close()
    return root


@pytest.fixture
def sheet(tmp_path, memory_keyring, capsys) -> tuple[Path, Path]:  # noqa: F811
    """A genuine sheet printed by ``sheet`` from a workspace built from empty, and that workspace."""
    data = _signed_workspace(tmp_path / "ws")
    assert main(["--data-dir", str(data), "sheet", "--out", str(tmp_path / "out")]) == 0
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    capsys.readouterr()
    return pdf, data


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def _verify(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["verify", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------- verify's four verdicts


def test_a_genuine_sheet_is_genuine_with_the_workspace_and_without(sheet, capsys):
    pdf, data = sheet
    code, out, _err = _verify(capsys, str(pdf))
    assert code == 0 and f"{pdf}: GENUINE" in out
    code, out, _err = _verify(capsys, "--data-dir", str(data), str(pdf))
    assert code == 0 and "GENUINE" in out and "workspace device-key register" in out


def test_a_changed_byte_is_altered(sheet, capsys, tmp_path):
    pdf, data = sheet
    raw = pdf.read_bytes()
    at = raw.index("留样".encode()) if "留样".encode() in raw else raw.index(b'"free_text":"') - 3
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:])
    for extra in ([], ["--data-dir", str(data)]):
        code, out, _err = _verify(capsys, *extra, str(altered))
        assert code == 1 and "ALTERED" in out and "[FAILED]" in out


def test_a_sheet_signed_with_a_key_another_workspace_does_not_know_is_an_unknown_signer(sheet, capsys, tmp_path):
    pdf, _data = sheet
    other = tmp_path / "other"
    open_workspace(other).close()  # another inspector's workspace, which never saw this laptop's key
    code, out, _err = _verify(capsys, "--data-dir", str(other), str(pdf))
    assert code == 4, out
    assert "UNKNOWN SIGNER" in out and "ALTERED" not in out


def test_files_that_are_no_feedback_sheet_say_so(tmp_path, capsys):
    from reportlab.pdfgen import canvas

    text = tmp_path / "notes.txt"
    text.write_text("督导意见书\n", encoding="utf-8")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 720, "Minutes of the school council")
    page.save()
    unrelated = tmp_path / "minutes.pdf"
    unrelated.write_bytes(buf.getvalue())
    for path in (text, empty, unrelated):
        code, out, _err = _verify(capsys, str(path))
        assert code == 5, out
        assert f"{path}: NOT A FEEDBACK SHEET" in out and "ALTERED" not in out


def test_a_missing_file_is_one_sentence_naming_it(tmp_path, capsys):
    missing = tmp_path / "feedback-DX0417-2026-0001.pdf"
    code, out, err = _verify(capsys, str(missing))
    assert code == 2 and out == ""
    assert _one_line(err) == f"inspector-desktop: The file {missing} does not exist."


def test_verdicts_and_their_details_in_chinese(sheet, capsys, tmp_path, monkeypatch):
    pdf, data = sheet
    monkeypatch.setenv(LANGUAGE, "zh_CN")
    code, out, _err = _verify(capsys, "--data-dir", str(data), str(pdf))
    assert code == 0 and "GENUINE" not in out and "真实" in out and "[ok]" not in out
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    code, out, _err = _verify(capsys, str(notes))
    assert code == 5 and "不是督导意见书" in out
    code, _out, err = _verify(capsys, str(tmp_path / "无.pdf"))
    assert code == 2 and str(tmp_path / "无.pdf") in err and "does not exist" not in err


# ---------------------------------------------------------------- no accidental workspaces


def test_read_only_commands_on_a_mistyped_folder_create_nothing(tmp_path, capsys, sheet):
    pdf, _data = sheet
    typo = tmp_path / "wrokspace"
    runs = [
        ["export", "--what", "visits", "--out", str(tmp_path / "exp" / "v.csv")],
        ["sheet", "--out", str(tmp_path / "sheets")],
        ["notice", "--visit", "V1", "--out", str(tmp_path / "n" / "notice.pdf")],
        ["verify", str(pdf)],
        ["sync", "--server", "http://127.0.0.1:9"],
    ]
    for args in runs:
        assert main(["--data-dir", str(typo), *args]) == 2, args
        line = _one_line(capsys.readouterr().err)
        assert line == (f"inspector-desktop: There is no workspace in {typo}; "
                        "check --data-dir (this command never creates one).")
        assert not typo.exists(), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ws"]


def test_no_workspace_in_chinese_names_the_path_as_typed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(LANGUAGE, "zh_CN")
    assert main(["export", "--data-dir", "工作区", "--what", "visits", "--out", "v.csv"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "工作区" in line and "--data-dir" in line and "There is no" not in line
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- one sentence per failure


def test_bad_option_values_are_one_translated_line(capsys, monkeypatch):
    for argv, words in ((["demo", "--visits", "x"], "“x” is not a whole number."),
                        (["demo", "--visits", "0"], "“0” must be at least 1."),
                        (["demo", "--seed", "abc"], "“abc” is not a whole number."),
                        (["demo", "--as-of", "22/11/2026"], "“22/11/2026” is not a date; write it as YYYY-MM-DD.")):
        with pytest.raises(SystemExit) as usage:
            main(argv)
        line = _one_line(capsys.readouterr().err)
        assert usage.value.code == 2 and line.endswith(words) and "_positive" not in line, line
        assert "usage:" not in line
    monkeypatch.setenv(LANGUAGE, "zh_CN")
    with pytest.raises(SystemExit):
        main(["demo", "--visits", "x"])
    line = _one_line(capsys.readouterr().err)
    assert "--visits" in line and "whole number" not in line


def test_a_refusal_from_the_core_is_its_sentence_not_its_code(tmp_path, capsys):
    ws = open_workspace(tmp_path / "ws")
    _me, vid = _plan(ws, notice=Notice.UNANNOUNCED, on=dt.date.today() + dt.timedelta(days=30))
    ws.close()
    out = tmp_path / "notice.pdf"
    assert main(["--data-dir", str(tmp_path / "ws"), "notice", "--visit", vid, "--out", str(out)]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "unannounced visit has no notice letter" in line and "notice.unannounced_visit" not in line
    assert not out.exists()


def test_export_names_the_users_path_when_it_cannot_write(tmp_path, capsys):
    open_workspace(tmp_path / "ws").close()
    (tmp_path / "reports").write_text("a file, not a folder", encoding="utf-8")
    target = tmp_path / "reports" / "visits.csv"
    assert main(["--data-dir", str(tmp_path / "ws"), "export", "--what", "visits", "--out", str(target)]) == 2
    line = _one_line(capsys.readouterr().err)
    assert f"Cannot write {target}" in line and ".part" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "ws"]


def test_written_files_get_the_ordinary_mode_and_their_folders(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        data = tmp_path / "ws"
        ws = open_workspace(data)
        _me, vid = _plan(ws, on=dt.date.today() + dt.timedelta(days=30))  # a letter announces what is ahead
        ws.close()
        written = [tmp_path / "a" / "b" / "visits.csv", tmp_path / "c" / "findings.xlsx",
                   tmp_path / "d" / "e" / "notice.pdf"]
        assert main(["--data-dir", str(data), "export", "--what", "visits", "--out", str(written[0])]) == 0
        assert main(["--data-dir", str(data), "export", "--what", "findings", "--out", str(written[1])]) == 0
        assert main(["--data-dir", str(data), "notice", "--visit", vid, "--out", str(written[2])]) == 0
        for path in written:
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
        assert not [p for p in tmp_path.rglob(".*")]  # no temporary file left behind
    finally:
        os.umask(old)


def test_a_sheet_written_by_the_sheet_command_has_the_ordinary_mode(sheet):
    pdf, _data = sheet
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{LANGUAGE: "en"})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "inspector_desktop", *args], capture_output=True,
                              text=True, timeout=120, env=env, cwd=tmp_path)

    missing = run("verify", "gone.pdf")
    assert missing.returncode == 2 and _one_line(missing.stderr) == "inspector-desktop: The file gone.pdf does not exist."
    typo = run("export", "--data-dir", "wrokspace", "--what", "visits", "--out", "v.csv")
    assert typo.returncode == 2 and "There is no workspace in wrokspace" in _one_line(typo.stderr)
    bad = run("demo", "--data-dir", "d", "--visits", "many")
    assert bad.returncode == 2 and "“many” is not a whole number" in _one_line(bad.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_named_with_the_users_path_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    import errno

    from inspector_desktop import export as exporting

    open_workspace(tmp_path / "ws").close()

    def full(path, *_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(exporting, "_write_csv", full)
    target = tmp_path / "out" / "visits.csv"
    assert main(["--data-dir", str(tmp_path / "ws"), "export", "--what", "visits", "--out", str(target)]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"inspector-desktop: The disk is full, so {target} was not written; nothing else changed.")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_mistyped_visit_or_form_is_named(tmp_path, capsys):
    open_workspace(tmp_path / "ws").close()
    data = str(tmp_path / "ws")
    assert main(["--data-dir", data, "notice", "--visit", "V-404", "--out", str(tmp_path / "n.pdf")]) == 2
    assert _one_line(capsys.readouterr().err) == "inspector-desktop: This workspace has no visit V-404."
    assert main(["--data-dir", data, "sheet", "--out", str(tmp_path / "s"), "--form", "DX0417-2026-0404"]) == 2
    assert _one_line(capsys.readouterr().err) == "inspector-desktop: This workspace has no feedback form DX0417-2026-0404."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ws"]


def test_the_sheet_command_reports_in_the_users_language(sheet, capsys, tmp_path, monkeypatch):
    _pdf, data = sheet
    monkeypatch.setenv(LANGUAGE, "zh_CN")
    assert main(["--data-dir", str(data), "sheet", "--out", str(tmp_path / "again")]) == 0
    err = capsys.readouterr().err
    assert _one_line(err).startswith("已写出督导意见书：1") and "sheet(s)" not in err
