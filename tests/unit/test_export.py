"""Export read back with the csv module and openpyxl: counts, Chinese text, confidentiality,
progress, and a cancelled export that leaves no half file behind."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from inspector_desktop.cli import main
from inspector_desktop.domain import DomainError, Notice, VisitStatus
from inspector_desktop.export import export
from inspector_desktop.store.models import Finding, Rectification, Visit


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def read_xlsx(path):
    book = load_workbook(path, read_only=True)
    try:
        return [list(r) for r in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


def counts(ws):
    with ws.read() as s:
        hidden = s.scalar(sa.select(sa.func.count()).select_from(Visit).where(
            Visit.notice == Notice.UNANNOUNCED, Visit.status == VisitStatus.PLANNED))
        return {
            "visits": s.scalar(sa.select(sa.func.count()).select_from(Visit)) - hidden,
            "findings": s.scalar(sa.select(sa.func.count()).select_from(Finding)),
            "rectifications": s.scalar(sa.select(sa.func.count()).select_from(Rectification)),
        }, hidden


@pytest.mark.parametrize("fmt, reader", [("csv", read_csv), ("xlsx", read_xlsx)])
def test_every_table_round_trips_with_chinese_text(demo_workspace, tmp_path, fmt, reader):
    expected, _ = counts(demo_workspace)
    for what, n in expected.items():
        out = tmp_path / f"{what}.{fmt}"
        assert export(demo_workspace, what, fmt, out).rows == n
        rows = reader(out)
        assert len(rows) == n + 1
        header, body = rows[0], rows[1:]
        assert header[:3] == ["记录ID", "学校编号", "学校"] if what != "findings" else header[:2] == ["记录ID", "督导记录ID"]
        schools = {r[header.index("学校")] for r in body}
        assert "青山湖区第一实验小学" in schools and "桃花镇中心小学" in schools
    findings = reader(tmp_path / f"findings.{fmt}")
    problems = {r[findings[0].index("问题")] for r in findings[1:]}
    assert "教学楼二楼消防通道堆放杂物，应急照明灯损坏。" in problems


def test_dates_are_dates_in_xlsx_and_iso_in_csv(demo_workspace, tmp_path):
    export(demo_workspace, "visits", "xlsx", tmp_path / "v.xlsx", language="en")
    export(demo_workspace, "visits", "csv", tmp_path / "v.csv", language="en")
    x, c = read_xlsx(tmp_path / "v.xlsx"), read_csv(tmp_path / "v.csv")
    col = x[0].index("Date")
    assert x[0] == c[0] and x[0][:4] == ["ID", "School number", "School", "Date"]
    assert isinstance(x[1][col], dt.datetime)
    assert c[1][col] == x[1][col].date().isoformat()
    assert [r[0] for r in x[1:]] == [r[0] for r in c[1:]]


def test_planned_unannounced_visits_stay_out_unless_asked_for(demo_workspace, tmp_path):
    expected, hidden = counts(demo_workspace)
    assert hidden > 0
    rows = read_csv(export(demo_workspace, "visits", "csv", tmp_path / "v.csv", language="en").path)
    notice, status = rows[0].index("Notice"), rows[0].index("Status")
    assert not [r for r in rows[1:] if (r[notice], r[status]) == ("Unannounced", "Planned")]
    result = export(demo_workspace, "visits", "csv", tmp_path / "all.csv", include_unannounced_plans=True)
    assert result.rows == expected["visits"] + hidden


def test_rectification_rows_carry_the_escalation_ladder(demo_workspace, tmp_path):
    rows = read_csv(export(demo_workspace, "rectifications", "csv", tmp_path / "r.csv", language="en").path)
    status, steps = rows[0].index("Status"), rows[0].index("Escalation steps")
    assert {r[steps] for r in rows[1:] if r[status] == "Escalated"} == {"Interview"}
    assert {r[steps] for r in rows[1:] if r[status] == "Verified"} == {""}


@pytest.mark.parametrize("fmt, reader", [("csv", read_csv), ("xlsx", read_xlsx)])
def test_values_are_words_in_the_exports_language(demo_workspace, tmp_path, fmt, reader):
    """A spreadsheet for a Chinese office reads 已完成 and 综合督导, not completed and comprehensive."""
    zh = reader(export(demo_workspace, "visits", fmt, tmp_path / f"v.{fmt}", language="zh_CN").path)
    status, scope, notice = (zh[0].index(h) for h in ("状态", "范围", "明察/暗访"))
    assert {"已完成", "已计划"} <= {r[status] for r in zh[1:]} <= {"已计划", "进行中", "已完成", "已取消"}
    assert {r[scope] for r in zh[1:]} == {"综合督导", "专项督导"} and {r[notice] for r in zh[1:]} == {"明察", "暗访"}
    findings = reader(export(demo_workspace, "findings", fmt, tmp_path / f"f.{fmt}", language="zh_CN").path)
    assert "严重" in {r[findings[0].index("严重程度")] for r in findings[1:]}
    assert "食堂、食品、饮用水及宿舍卫生" in {r[findings[0].index("类别")] for r in findings[1:]}
    rect = reader(export(demo_workspace, "rectifications", fmt, tmp_path / f"r.{fmt}", language="zh_CN").path)
    steps = {r[rect[0].index("问责步骤")] for r in rect[1:] if r[rect[0].index("状态")] == "已升级处理"}
    assert steps == {"约谈"}
    en = reader(export(demo_workspace, "visits", fmt, tmp_path / f"e.{fmt}", language="en").path)
    assert "Completed" in {r[en[0].index("Status")] for r in en[1:]}


def test_progress_reaches_the_total(demo_workspace, tmp_path):
    seen = []
    result = export(demo_workspace, "findings", "csv", tmp_path / "f.csv", progress=lambda d, t: seen.append((d, t)),
                    batch=40)
    assert seen == [(d, result.rows) for d in (40, 80, 120, result.rows)]


class Cancelled(Exception):
    pass


def cancel_on_call(n):
    calls = []

    def check():
        calls.append(1)
        if len(calls) == n:
            raise Cancelled

    return check


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cancelled_export_leaves_no_half_file_and_keeps_the_old_one(demo_workspace, tmp_path, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"findings.{fmt}"
    export(demo_workspace, "findings", fmt, out)
    before = out.read_bytes()
    with pytest.raises(Cancelled):
        export(demo_workspace, "findings", fmt, out, batch=20, check=cancel_on_call(3))  # midway
    assert out.read_bytes() == before
    fresh = folder / f"new.{fmt}"
    for n in (1, 2, 5):
        with pytest.raises(Cancelled):
            export(demo_workspace, "findings", fmt, fresh, batch=20, check=cancel_on_call(n))
    assert sorted(p.name for p in folder.iterdir()) == [out.name]


def test_bad_requests_are_refused_before_any_file_is_made(workspace, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DomainError, match="export.unknown_table"):
        export(workspace, "schools", "csv", folder / "x.csv")
    with pytest.raises(DomainError, match="export.unknown_format"):
        export(workspace, "visits", "pdf", folder / "x.pdf")
    assert list(folder.iterdir()) == []


def test_headless_command(demo_workspace, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "zh_CN")  # a Chinese locale: Chinese headings by default
    root = str(demo_workspace.data_dir.root)
    out = tmp_path / "整改.xlsx"
    assert main(["export", "--data-dir", root, "--what", "rectifications", "--out", str(out)]) == 0
    assert "exported" in capsys.readouterr().out
    assert read_xlsx(out)[0][0] == "记录ID"
    assert main(["--data-dir", root, "export", "--what", "visits", "--format", "csv", "--out", str(tmp_path / "v.txt")]) == 0
    assert read_csv(tmp_path / "v.txt")[0][0] == "记录ID"
    assert main(["export", "--data-dir", root, "--what", "visits", "--language", "en", "--out", str(tmp_path / "e.csv")]) == 0
    assert read_csv(tmp_path / "e.csv")[0][:2] == ["ID", "School number"]
    assert main(["export", "--data-dir", root, "--what", "visits", "--out", str(tmp_path / "v.doc")]) == 2
    assert "--format" in capsys.readouterr().err
    # A folder that is not there yet is made, as sheet and notice make theirs.
    assert main(["export", "--data-dir", root, "--what", "visits", "--out", str(tmp_path / "new" / "v.csv")]) == 0
    assert (tmp_path / "new" / "v.csv").is_file()
