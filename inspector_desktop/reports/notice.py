"""The notice letter (督导通知书) that warns a school of an announced visit.

Laid out as an official letter: title, number, the school addressed, what will
happen and when, whom to call, then the 落款 (issuing office and date) under the
seal area, and the copy to the competent department. Unannounced visits ("four
no, two direct") must never warn the school, so the builder refuses them itself,
whatever the caller checked before; the store refuses the rest (cancelled,
completed, past visits).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer

from inspector_desktop.domain import DomainError, Notice, notice_letter_allowed
from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports import labels
from inspector_desktop.reports.fonts import register_cjk_font
from inspector_desktop.reports.layout import OFFICIAL_RED, fmt_date, fmt_issue_date, para, seal_block, styles
from inspector_desktop.signing.content import default_issuer

_TEXT = {
    "zh_CN": {
        "title": "督导通知书",
        "number": "编号：{number}",
        "to": "{school}：",
        "body": "根据督导工作安排，督学将于{date}到你校开展{kind}，督导事项：{purpose}。"
                "请做好相关准备，届时提供有关资料并安排人员配合。",
        "team": "督导组成员：{names}。",
        "contact_person": "联系人：{name}，联系电话：{phone}。",
        "contact_office": "联系人：{office}。",
        "copy": "抄送：{department}",
        "sep": "、",
    },
    "en": {
        "title": "Inspection Notice",
        "number": "No. {number}",
        "to": "To {school}:",
        "body": "Under the inspection plan, inspectors will visit your school on {date} for a {kind} inspection. "
                "Purpose: {purpose}. Please prepare the relevant documents and arrange for staff to assist.",
        "team": "Inspection team: {names}.",
        "contact_person": "Contact: {name}, telephone {phone}.",
        "contact_office": "Contact: {office}.",
        "copy": "Copied to: {department}",
        "sep": ", ",
    },
}


def build_notice_letter(facts: dict[str, Any], language: str = "zh_CN", issued_on: dt.date | None = None) -> bytes:
    if not notice_letter_allowed(Notice(facts["notice"])):
        raise DomainError("notice.unannounced_visit", visit_id=facts.get("visit_id"))
    lang = check_language(language)
    text, st = _TEXT[lang], styles(lang)
    # Chinese official prose indents each paragraph's first line by two characters.
    prose = ParagraphStyle("notice_prose", st["body"], fontSize=11, leading=19, spaceAfter=4,
                           firstLineIndent=22 if lang == "zh_CN" else 0)
    # The same issuer as the feedback sheet's: the office's own name, else its region's 教育督导室.
    office = facts.get("office") or default_issuer(lang, facts.get("office_region", ""), facts["competent_department"])
    if facts.get("contact"):
        contact = text["contact_person"].format(name=facts["contact"], phone=facts["contact_phone"])
    else:
        contact = text["contact_office"].format(office=office)
    day = fmt_issue_date(lang, (issued_on or dt.date.today()).isoformat())
    body = text["body"].format(date=fmt_date(lang, facts["planned_on"]), kind=labels.label(lang, facts["scope"]),
                               purpose=facts["purpose"] or "—")
    story: list[Any] = [
        para(text["title"], st["title"]),
        HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=2, spaceAfter=6),
        para(text["number"].format(number=facts["number"]), st["number"]), Spacer(1, 10),
        para(text["to"].format(school=facts["school"]), prose),
        para(body, prose),
        para(text["team"].format(names=text["sep"].join(facts["inspectors"]) or "—"), prose),
        # The seal's page carries the last of the text, never the 落款 alone (GB/T 9704).
        KeepTogether([para(contact, prose), Spacer(1, 24), seal_block(lang, office, day, A4[0] - 50 * mm - 12), Spacer(1, 18),
                      para(text["copy"].format(department=facts["competent_department"]), st["small"])]),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=30 * mm,
                      bottomMargin=25 * mm, title=f"{text['title']} {facts['number']}", author=office,
                      creator="Inspector Desktop", invariant=1, initialFontName=register_cjk_font()).build(story)
    return out.getvalue()
