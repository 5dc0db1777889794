"""The 督导报告 and the 通报 as spreadsheets: a summary sheet, then one sheet per section
with its headers in the report's language and its totals row, the same figures as
the PDF (both read office_tables.py)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports.office_report import issuer
from inspector_desktop.reports.office_tables import number, opening, sections, title
from inspector_desktop.reports.office_words import day, kind, period_words, say
from inspector_desktop.domain.office_report import OfficeReport


def _book(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    from openpyxl import Workbook

    # write_only streams rows out instead of holding every cell (a region's list may be long).
    book = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(name[:31])  # Excel's limit on a sheet's name
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _about(report: OfficeReport, lang: str, heading: str, numbering: str) -> list[tuple[str, Any]]:
    scope = report.school[1] if report.school else (report.region or report.office_name or "—")
    return [(say(lang, "item"), say(lang, "value")), (heading, numbering),
            (say(lang, "period"), period_words(lang, report.period.key)),
            (say(lang, "as_of"), day(lang, report.as_of)), (say(lang, "scope"), scope),
            (say(lang, "issuer"), issuer(report, lang)),
            (say(lang, "rules"), report.rules_title_zh if lang == "zh_CN" else report.rules_title_en)]


def build_report_xlsx(report: OfficeReport, language: str = "zh_CN") -> bytes:
    lang = check_language(language)
    parts = sections(report, lang)
    summary = [*_about(report, lang, title(report, lang), number(report)), ("", opening(report, lang)),
               *((s.title, " ".join(s.text)) for s in parts)]
    sheets: list[tuple[str, list[Any]]] = [(say(lang, "sheet_summary"), summary)]
    for section in parts:
        rows: list[Any] = []
        for grid in section.grids:
            if rows:
                rows.append(())
            rows += [grid.header, *grid.rows]
            if grid.totals is not None:
                rows.append(grid.totals)
        if not rows:
            rows = [(" ".join(section.text),)]
        sheets.append((say(lang, f"sheet_{section.key}"), rows))
    return _book(sheets)


def build_bulletin_xlsx(report: OfficeReport, language: str = "zh_CN") -> bytes:
    lang = check_language(language)
    heading = say(lang, "bulletin_title", period=period_words(lang, report.period.key))
    header = tuple(say(lang, f"col_{k}") for k in ("code", "school", "step", "date", "by", "reason", "requirement",
                                                   "deadline", "verdict"))
    # Dates as dates, so the sheet sorts and filters by them.
    rows = [(x.school_code, x.school_name, kind(lang, x.kind), x.decided_on, x.decided_by, x.reason,
             x.requirement or "—", x.deadline, kind(lang, x.verdict)) for x in report.steps]
    counts = [(kind(lang, k), n) for k, n in report.step_counts]
    totals = [(say(lang, "total_row"), sum(n for _k, n in report.step_counts))]
    return _book([(say(lang, "sheet_summary"), [*_about(report, lang, heading, f"TB-{report.period.key}"),
                                                 (), (say(lang, "col_step"), say(lang, "col_count")),
                                                 *counts, *totals]),
                  (say(lang, "sheet_bulletin"), [header, *rows])])
