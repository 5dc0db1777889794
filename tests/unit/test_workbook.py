"""The streamed spreadsheet opens in a spreadsheet reader with every value as written:
text with XML's own characters or edge spaces, dates as dates, numbers as numbers."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from inspector_desktop import workbook


def test_values_read_back_as_written(tmp_path):
    out = tmp_path / "w.xlsx"
    steps = []
    rows = [["食堂 <留样> & 记录", " 前导空格", "2026-11-22", 3, 2.5, None],
            ["第二行", "", "not a date", 0, -1.25, "末尾空格 "]]
    workbook.write(out, "visits", ["问题", "备注", "日期", "序号", "分数", "其他"],
                   [workbook.TEXT, workbook.TEXT, workbook.DATE, workbook.TEXT, workbook.TEXT, workbook.TEXT],
                   [rows[:1], rows[1:]], steps.append)
    assert steps == [1, 1]
    book = load_workbook(out)
    sheet = book["visits"]
    got = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert got[0] == ["问题", "备注", "日期", "序号", "分数", "其他"]
    assert got[1] == ["食堂 <留样> & 记录", " 前导空格", dt.datetime(2026, 11, 22), 3, 2.5, None]
    assert got[2] == ["第二行", None, "not a date", 0, -1.25, "末尾空格 "]
    assert sheet["C2"].number_format == "yyyy-mm-dd" and sheet.column_dimensions["C"].width >= 10
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_a_control_character_in_a_note_does_not_spoil_the_file(tmp_path):
    out = tmp_path / "w.xlsx"
    workbook.write(out, "findings: [all]", ["记录"], [workbook.TEXT], [[["铃\x07声", ]]], lambda n: None)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["findings   all "]
    [_header, (text,)] = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    assert text.startswith("铃") and text.endswith("声")
