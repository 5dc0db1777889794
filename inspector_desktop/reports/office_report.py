"""The office's 督导报告 (a school's or the region's, over a period) and its 通报 bulletin,
as A4 PDFs in the register of an official document: title, 编号, numbered sections
(一、二、三…), ruled tables with a totals row, "第 x 页 共 y 页" on every page, and
the issuing office's 落款 under the seal area.

Built from an ``OfficeReport`` snapshot (store/office_report.py); the sections'
words and tables come from office_tables.py, which the spreadsheet shares.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer, TableStyle

from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports.escalation import _numbered_canvas
from inspector_desktop.reports.fonts import register_cjk_font
from inspector_desktop.reports.layout import OFFICIAL_RED, SHADE, fmt_issue_date, para, seal_block, styles, table
from inspector_desktop.reports.office_tables import Grid, number, opening, sections, title
from inspector_desktop.reports.office_words import day, kind, numeral, period_words, say
from inspector_desktop.signing.content import default_issuer
from inspector_desktop.domain.office_report import OfficeReport

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN - 12  # the frame pads its content by 6 pt a side


def issuer(report: OfficeReport, lang: str) -> str:
    """The office's own name, else its region's 教育督导室, as every letter signs."""
    return report.office_name or default_issuer(lang, report.region, "")


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    st = styles(lang)
    return {
        **st,
        # Chinese official prose indents each paragraph's first line by two characters.
        "prose": ParagraphStyle("office_prose", st["body"], fontSize=10.5, leading=17, spaceAfter=3,
                                firstLineIndent=21 if lang == "zh_CN" else 0),
        # A section heading never ends a page alone.
        "heading": ParagraphStyle("office_heading", st["heading"], keepWithNext=1, spaceBefore=8, spaceAfter=3),
        "cell_r": ParagraphStyle("office_cell_r", st["cell"], alignment=2),
    }


def _grid(grid: Grid, st: dict[str, ParagraphStyle]) -> Any:
    def cell(value: Any) -> Any:
        return para(str(value), st["cell_r"] if isinstance(value, int | float) else st["cell"])

    rows = [[para(h, st["head"]) for h in grid.header], *[[cell(v) for v in row] for row in grid.rows]]
    if grid.totals is not None:
        rows.append([cell(v) for v in grid.totals])
    widths = [WIDTH * w / sum(grid.widths) for w in grid.widths]
    t = table(rows, widths, header=True)
    if grid.totals is not None:
        t.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), SHADE), ("LINEABOVE", (0, -1), (-1, -1), 1.2, "#1a1a1a")]))
    return t


def _head(lang: str, st: dict[str, ParagraphStyle], heading: str, numbering: str) -> list[Any]:
    return [
        para(heading, st["title"]),
        HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=2, spaceAfter=6),
        para(say(lang, "number", number=numbering), st["number"]),
        Spacer(1, 8),
    ]


def _closing(report: OfficeReport, lang: str, last: list[Any], issued_on: dt.date) -> Any:
    # The seal's page carries the last of the text, never the 落款 alone (GB/T 9704).
    return KeepTogether([*last, Spacer(1, 14),
                         seal_block(lang, issuer(report, lang), fmt_issue_date(lang, issued_on.isoformat()), WIDTH)])


def _build(story: list[Any], heading: str, author: str, lang: str) -> bytes:
    footer = say(lang, "footer", title=heading, page="{page}", pages="{pages}")
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=22 * mm,
                      bottomMargin=20 * mm, title=heading, author=author, creator="Inspector Desktop", invariant=1,
                      initialFontName=register_cjk_font()).build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()


def build_report_pdf(report: OfficeReport, language: str = "zh_CN", issued_on: dt.date | None = None) -> bytes:
    lang = check_language(language)
    st = _styles(lang)
    heading = title(report, lang)
    story = _head(lang, st, heading, number(report))
    story.append(para(opening(report, lang), st["prose"]))
    parts = sections(report, lang)
    for n, section in enumerate(parts, start=1):
        block: list[Any] = [para(say(lang, "section", n=numeral(lang, n), title=section.title), st["heading"])]
        block += [para(line, st["prose"]) for line in section.text]
        grids = [[_grid(grid, st), Spacer(1, 4)] for grid in section.grids]
        # A heading and its sentence start the page their first table starts on
        # (a table longer than a page still splits, its header repeated).
        first = block + (grids[0] if grids else [])
        rest = [f for g in grids[1:] for f in g]
        # The last section stays loose: its last table goes with the 落款 below.
        story += [*first, *rest] if n == len(parts) else [KeepTogether(first), *rest]
    story.append(_closing(report, lang, [story.pop()], issued_on or report.as_of))
    return _build(story, heading, issuer(report, lang), lang)


def build_bulletin_pdf(report: OfficeReport, language: str = "zh_CN", issued_on: dt.date | None = None) -> bytes:
    """The 通报: each school escalated in the period, numbered, with every step and why."""
    lang = check_language(language)
    st = _styles(lang)
    period = period_words(lang, report.period.key)
    heading = say(lang, "bulletin_title", period=period)
    story = _head(lang, st, heading, f"TB-{report.period.key}")
    if not report.steps:
        story.append(para(say(lang, "bulletin_none", period=period), st["prose"]))
    else:
        story.append(para(say(lang, "bulletin_opening", period=period, as_of=day(lang, report.as_of)), st["prose"]))
        for n, (_code, steps) in enumerate(groupby(report.steps, key=lambda x: x.school_code), start=1):
            story += _school_block(lang, st, numeral(lang, n), list(steps))
        story.append(para(say(lang, "bulletin_closing"), st["prose"]))
    story.append(_closing(report, lang, [story.pop()], issued_on or report.as_of))
    return _build(story, heading, issuer(report, lang), lang)


def _school_block(lang: str, st: dict[str, ParagraphStyle], numeral: str, steps: Sequence[Any]) -> list[Any]:
    out: list[Any] = [para(say(lang, "section", n=numeral, title=steps[0].school_name), st["heading"])]
    for i, step in enumerate(steps, start=1):
        out.append(para(say(lang, "bulletin_item", n=i, date=day(lang, step.decided_on), step=kind(lang, step.kind),
                            reason=step.reason), st["prose"]))
        if step.requirement is None:
            out.append(para(say(lang, "bulletin_no_basis"), st["prose"]))
        else:
            out.append(para(say(lang, "bulletin_basis", requirement=step.requirement, form=step.form_number or "—",
                                deadline=day(lang, step.deadline), verdict=kind(lang, step.verdict)), st["prose"]))
    return out
