"""The look every official document shares (the feedback sheet, the notice letter,
the escalation documents): colours, paragraph styles, dates, ruled tables."""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from inspector_desktop.reports.fonts import FONT_NAME, register_cjk_font

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 24 * mm, 24 * mm
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#555555")
SHADE = colors.HexColor("#eeeeee")
OFFICIAL_RED = colors.HexColor("#b22222")


# ---------------------------------------------------------------- dates


def fmt_date(language: str, iso: str) -> str:
    if language == "zh_CN":
        y, m, d = iso[:10].split("-")
        return f"{y}年{m}月{d}日"
    return iso[:10]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_issue_date(language: str, iso: str) -> str:
    """A document's date as its 落款 writes it (GB/T 9704: 2026年12月1日, no leading zeros)."""
    y, m, d = (int(part) for part in iso[:10].split("-"))
    return f"{y}年{m}月{d}日" if language == "zh_CN" else f"{d} {_MONTHS[m - 1]} {y}"


def fmt_time(language: str, iso: str | None) -> str:
    if not iso:
        return ""
    clock, offset = iso[11:16], iso[19:] or "+00:00"
    return f"{fmt_date(language, iso)} {clock} (UTC{offset})"


# ---------------------------------------------------------------- styles


@functools.cache  # one set per language: cjk_variant caches per style object
def styles(language: str) -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    wrap = "CJK" if language == "zh_CN" else None
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, textColor=INK, wordWrap=wrap)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=4,
                                textColor=OFFICIAL_RED),
        "number": ParagraphStyle("number", base, fontSize=10, alignment=TA_RIGHT),
        "heading": ParagraphStyle("heading", base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=12.5),
        "head": ParagraphStyle("head", base, fontSize=9, leading=12.5, alignment=TA_CENTER),
        "small": ParagraphStyle("small", base, fontSize=8, leading=11, textColor=colors.HexColor("#333333")),
        "mono": ParagraphStyle("mono", base, fontSize=8, leading=11, wordWrap=None),
        "draft": ParagraphStyle("draft", base, fontSize=11, alignment=TA_CENTER, textColor=OFFICIAL_RED),
    }


CJK_TEXT = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@functools.cache
def cjk_variant(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-cjk", style, wordWrap="CJK")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    # Chinese text on an English sheet still wraps between characters, not at a
    # rare space (which left a lone "。" on its own line).
    if style.wordWrap != "CJK" and CJK_TEXT.search(text):
        style = cjk_variant(style)
    # Inspector-typed text is data, never markup; line breaks are kept.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


# The frame pads its content by 6 pt a side; tables share what is left.
BODY_WIDTH = A4[0] - 2 * MARGIN_X - 12


def cols(*parts: float) -> list[float]:
    return [BODY_WIDTH * p / sum(parts) for p in parts]


GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # registered by styles() before any table exists
    ("GRID", (0, 0), (-1, -1), 0.6, RULE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


def table(rows: list[list[Any]], widths: list[float], header: bool) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = list(GRID)
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    grid.setStyle(TableStyle(style))
    return grid


# ---------------------------------------------------------------- 落款 and seal


SEAL_DIAMETER = 40 * mm  # an office's round seal is 38-42 mm across


class OfficeSeal(Flowable):
    """The 落款: the issuing office's name over the date, right-aligned, inside a dashed
    circle marking where the office's seal goes, so a real stamp covers them both
    (GB/T 9704: the seal presses down on the name and date, which sit below its centre)."""

    def __init__(self, issuer: str, date: str, label: str, width: float) -> None:
        super().__init__()
        self.issuer, self.date, self.label = issuer, date, label
        self.width, self.height = width, SEAL_DIAMETER + 2 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        font = register_cjk_font()
        canvas, width = self.canv, self.width
        size = 11.5
        while size > 7 and stringWidth(self.issuer, font, size) > width:
            size -= 0.5
        name_w, date_w = stringWidth(self.issuer, font, size), stringWidth(self.date, font, size)
        # The date stands four characters in from the right; the name is centred over it.
        centre = width - 4 * size - date_w / 2
        centre = min(max(centre, name_w / 2, SEAL_DIAMETER / 2), width - max(name_w, date_w) / 2)
        date_y = 7 * mm
        name_y = date_y + size * 1.6
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(font, size)
        canvas.drawCentredString(centre, name_y, self.issuer)
        canvas.drawCentredString(centre, date_y, self.date)
        centre_y = self.height / 2
        canvas.setStrokeColor(OFFICIAL_RED)
        canvas.setStrokeAlpha(0.55)
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 2)
        canvas.circle(centre, centre_y, SEAL_DIAMETER / 2, stroke=1, fill=0)
        canvas.setFillColor(OFFICIAL_RED)
        canvas.setFillAlpha(0.7)
        canvas.setFont(font, 7.5)
        canvas.drawCentredString(centre, centre_y + SEAL_DIAMETER / 2 - 7 * mm, self.label)
        canvas.restoreState()


SEAL_LABEL = {"zh_CN": "（盖章处）", "en": "(seal here)"}


def seal_block(language: str, issuer: str, date_text: str, width: float) -> OfficeSeal:
    """The 落款 of a letter: ``issuer`` over ``date_text`` under the seal area, right-aligned in ``width``."""
    return OfficeSeal(issuer, date_text, SEAL_LABEL[language], width)
