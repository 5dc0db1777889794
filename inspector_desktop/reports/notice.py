"""The notice letter (督导通知书) that warns a school of an announced visit.

Unannounced visits ("four no, two direct") must never warn the school, so the
builder refuses them itself, whatever the caller checked before.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from inspector_desktop.domain import DomainError, Notice, notice_letter_allowed
from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports import labels
from inspector_desktop.reports.fonts import register_cjk_font
from inspector_desktop.reports.layout import OFFICIAL_RED, fmt_date, para, styles


def build_notice_letter(facts: dict[str, Any], language: str = "zh_CN", issued_on: dt.date | None = None) -> bytes:
    if not notice_letter_allowed(Notice(facts["notice"])):
        raise DomainError("notice.unannounced_visit", visit_id=facts.get("visit_id"))
    lang = check_language(language)
    st = styles(lang)
    body = labels.text(lang, "notice_body", date=fmt_date(lang, facts["planned_on"]),
                       kind=labels.label(lang, facts["scope"]), purpose=facts["purpose"] or "—")
    signed = labels.text(lang, "notice_sign", names="、".join(facts["inspectors"]) if lang == "zh_CN"
                         else ", ".join(facts["inspectors"]))
    day = fmt_date(lang, (issued_on or dt.date.today()).isoformat())
    story: list[Any] = [
        para(labels.text(lang, "notice_title"), st["title"]),
        HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=2, spaceAfter=14),
        para(labels.text(lang, "notice_to", school=facts["school"]), st["body"]), Spacer(1, 6),
        Paragraph(("&nbsp;" * 4 if lang == "zh_CN" else "") + escape(body), st["body"]),
        Spacer(1, 28), para(signed, st["number"]), para(day, st["number"]), Spacer(1, 28),
        para(labels.text(lang, "notice_copy", department=facts["competent_department"]), st["small"]),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=30 * mm,
                      bottomMargin=25 * mm, title=labels.text(lang, "notice_title"), creator="Inspector Desktop",
                      invariant=1, initialFontName=register_cjk_font()).build(story)
    return out.getvalue()
