"""The office's 督导报告 and 通报: figures that match the records counted again by hand,
a PDF that reads as the report (sections, totals, 落款), a spreadsheet that reads
back, and the report command writing both and refusing what it cannot do."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest

from inspector_desktop.cli import main
from inspector_desktop.domain import Category as C
from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.domain.office_report import parse_period
from inspector_desktop.reports.office_report import build_bulletin_pdf, build_report_pdf
from inspector_desktop.reports.office_xlsx import build_bulletin_xlsx, build_report_xlsx
from inspector_desktop.store.office_report import office_report
from inspector_desktop.store.rules import active_rules
from tests.reports.office_data import build_region, expected, figures

AS_OF = dt.date(2026, 11, 20)
D = dt.date


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    from inspector_desktop.store import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("office") / "ws")
    build_region(ws)
    yield ws
    ws.close()


@pytest.mark.parametrize("period, school", [("2026", None), ("2026-S2", None), ("2026-09", None), ("2026-S1", None),
                                            ("2026", "XH01"), ("2026-10", "XH03"), ("2025", None)])
def test_the_figures_are_the_records_counted_again(region, period, school):
    p = parse_period(period)
    report = office_report(region, p, AS_OF, school)
    assert figures(report) == expected(region, p.start, p.end, AS_OF, active_rules(region).routine_every_months, school)


def test_the_year_in_figures(region):
    report = office_report(region, parse_period("2026"), AS_OF)
    # Visits: five in 2026, and the two re-inspections; XH01's spring finding of safety repeats October 2025's.
    assert report.visits_done == 7 and report.schools_visited == 3
    assert {(x.school_code, x.category) for x in report.repeats} == {("XH01", C.SAFETY), ("XH01", C.HYGIENE)}
    assert dict(report.findings)[C.SAFETY] == (1, 1, 1)
    r = report.rectifications
    assert (r.total, r.closed_on_time, r.closed_late, r.still_open, r.overdue) == (5, 1, 1, 2, 1)
    assert r.rate == 0.4 and r.on_time_rate == 0.5
    [step] = report.steps
    assert (step.school_code, step.kind, step.requirement, step.deadline, step.verdict) == (
        "XH01", EscalationKind.INTERVIEW, "整改要求1", D(2026, 10, 15), Verdict.NOT_RECTIFIED)
    assert dict(report.step_counts) == {EscalationKind.INTERVIEW: 1, EscalationKind.PUBLIC_NOTIFICATION: 0,
                                        EscalationKind.ACCOUNTABILITY: 0}
    o = report.objections
    assert (o.received, o.replied, o.awaiting, o.awaiting_overdue) == (2, 1, 1, 1)
    duty = {i.code: i for i in report.inspectors}
    assert set(duty) == {"W01", "W02"}  # the lead has no school of their own
    assert (duty["W01"].schools, duty["W01"].load_percent, duty["W01"].over_ratio) == (6, 120, True)
    assert (duty["W01"].training_hours, duty["W01"].training_met) == (32, True)
    assert (duty["W02"].schools, duty["W02"].large_schools, duty["W02"].load_percent) == (1, 1, 100)
    assert (duty["W02"].training_hours, duty["W02"].training_met) == (10, False)  # 2025's hours do not count


def test_a_schools_report_names_its_responsible_inspectors_only(region):
    report = office_report(region, parse_period("2026"), AS_OF, "XH03")
    assert report.school == ("XH03", "XH03学校")
    assert [i.code for i in report.inspectors] == ["W02"]
    with pytest.raises(LookupError):
        office_report(region, parse_period("2026"), AS_OF, "NOPE")


@pytest.mark.parametrize("text", ["2026-13", "2026-S3", "26", "2026-1", "2026/09", "", "x2026"])
def test_a_period_is_a_year_a_term_or_a_month(text):
    with pytest.raises(ValueError):
        parse_period(text)
    assert (parse_period("2026-S2").start, parse_period("2026-S2").end) == (D(2026, 7, 1), D(2026, 12, 31))
    assert (parse_period("2028-02").end, parse_period("2026").months_gone(D(2026, 3, 9))) == (D(2028, 2, 29), 3)


def pdftext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return "".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())


def test_the_pdf_reads_as_the_report_in_both_languages(region, tmp_path):
    report = office_report(region, parse_period("2026"), AS_OF)
    zh = pdftext(build_report_pdf(report, "zh_CN"), tmp_path)
    for words in ("西湖区教育督导工作报告", "编号：DB-2026-REGION", "一、督导开展情况", "二、发现的问题", "三、反复出现的问题",
                  "四、整改落实情况", "五、问责情况", "六、异议处理情况", "七、督学履职情况", "合计", "整改率40.0%",
                  "按期率50.0%", "本期共约谈1次", "120%（超出）", "32/30（已达标）", "西湖区教育督导室", "2026年11月20日",
                  "（盖章处）"):
        assert words in zh, words
    assert "第1页共" in zh
    en = pdftext(build_report_pdf(report, "en"), tmp_path)
    for words in ("EducationInspectionReport,西湖区", "No.DB-2026-REGION", "1.Visits", "4.Rectification",
                  "7.Inspectors'duties", "Total", "rate40.0%", "Interviews:1", "(sealhere)", "page1of"):
        assert words in en, words


def test_the_bulletin_names_each_school_its_steps_and_why(region, tmp_path):
    report = office_report(region, parse_period("2026-S2"), AS_OF)
    zh = pdftext(build_bulletin_pdf(report, "zh_CN"), tmp_path)
    for words in ("关于2026年下半年督导问责情况的通报", "编号：TB-2026-S2", "一、XH01学校", "（1）2026年10月20日，约谈。",
                  "整改逾期未完成，约谈校长。", "整改要求：整改要求1", "整改期限2026年10月15日", "复查结论：未整改",
                  "西湖区教育督导室"):
        assert words in zh, words
    empty = pdftext(build_bulletin_pdf(office_report(region, parse_period("2026-S1"), AS_OF), "en"), tmp_path)
    assert "Noschoolwasinterviewed" in empty


def test_the_spreadsheet_reads_back_one_sheet_per_section_with_totals(region):
    from openpyxl import load_workbook

    report = office_report(region, parse_period("2026"), AS_OF)
    book = load_workbook(io.BytesIO(build_report_xlsx(report, "zh_CN")), read_only=True)
    assert book.sheetnames == ["概况", "督导开展", "发现的问题", "反复出现", "整改落实", "约谈通报问责", "异议", "督学履职"]
    chain = [list(r) for r in book["整改落实"].iter_rows(values_only=True)]
    assert chain[0][:3] == ["学校编号", "学校", "整改要求"]
    assert chain[-1][:7] == ["合计", None, 5, 1, 1, 2, 1]
    findings = [list(r) for r in book["发现的问题"].iter_rows(values_only=True)]
    assert findings[0] == ["问题类别", "一般", "较重", "严重", "合计"] and findings[-1][-1] == report.findings_total
    en = load_workbook(io.BytesIO(build_report_xlsx(report, "en")), read_only=True)
    assert [list(r) for r in en["Visits"].iter_rows(values_only=True)][0][:3] == ["School code", "School", "Visits due"]
    bulletin = load_workbook(io.BytesIO(build_bulletin_xlsx(report, "zh_CN")), read_only=True)
    lines = [list(r) for r in bulletin["通报"].iter_rows(values_only=True)]
    assert lines[1][:4] == ["XH01", "XH01学校", "约谈", dt.datetime(2026, 10, 20)]


def test_the_command_writes_both_formats_and_refuses_in_one_sentence(region, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "en")
    data = str(region.data_dir.root)
    pdf, xlsx = tmp_path / "out" / "r.pdf", tmp_path / "out" / "b.xlsx"
    assert main(["--data-dir", data, "report", "--kind", "region", "--period", "2026", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", data, "report", "--kind", "bulletin", "--period", "2026-S2", "--out", str(xlsx),
                 "--language", "zh_CN"]) == 0
    assert xlsx.read_bytes().startswith(b"PK")
    assert main(["--data-dir", data, "report", "--kind", "school", "--school", "XH01", "--period", "2026-09",
                 "--out", str(tmp_path / "s.pdf")]) == 0
    capsys.readouterr()
    for argv, words in ((["--kind", "region", "--period", "2026-13"], "“2026-13” is not a period"),
                        (["--kind", "school", "--period", "2026"], "needs the school"),
                        (["--kind", "school", "--school", "NOPE", "--period", "2026"], "no school with the code NOPE"),
                        (["--kind", "region", "--period", "2026", "--out", str(tmp_path / "r.doc")],
                         "name a .pdf or an .xlsx file")):
        out = argv if "--out" in argv else [*argv, "--out", str(tmp_path / "never.pdf")]
        assert main(["--data-dir", data, "report", *out]) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "never.pdf").exists()
    monkeypatch.setenv("INSPECTOR_DESKTOP_LANGUAGE", "zh_CN")
    assert main(["--data-dir", str(tmp_path / "nowhere"), "report", "--kind", "region", "--period", "2026",
                 "--out", str(tmp_path / "n.pdf")]) == 2
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "n.pdf").exists()
    assert main(["--data-dir", data, "report", "--kind", "region", "--period", "2026-S3", "--out", str(pdf)]) == 2
    assert "“2026-S3”不是有效的期间" in capsys.readouterr().err

