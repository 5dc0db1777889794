"""The document of one accountability-chain step: interview notice (约谈通知书),
public notification (督导通报), accountability (问责建议书) or incentive (表扬通报).

Built from an ``EscalationDocument`` snapshot: the facts of the step, the
requirement it is about, the steps before it and the re-inspection verdicts,
so that the school and its competent department see why the step was taken.
The store makes the snapshot; this module only states what it reads from one.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any, Protocol

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer

from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports.fonts import register_cjk_font
from inspector_desktop.reports.layout import OFFICIAL_RED, fmt_date, para, styles, table

E = EscalationKind


# What the document reads from its snapshot, read-only as the snapshot is frozen.
class EarlierStep(Protocol):
    @property
    def kind(self) -> EscalationKind: ...
    @property
    def decided_on(self) -> dt.date: ...
    @property
    def decided_by(self) -> str: ...
    @property
    def reason(self) -> str: ...


class ReInspectionVerdict(Protocol):
    @property
    def inspected_on(self) -> dt.date: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def notes(self) -> str: ...


class EscalationDocument(Protocol):
    @property
    def number(self) -> str: ...
    @property
    def kind(self) -> EscalationKind: ...
    @property
    def reason(self) -> str: ...
    @property
    def decided_on(self) -> dt.date: ...
    @property
    def decided_by(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def school_name(self) -> str: ...
    @property
    def competent_department(self) -> str: ...
    @property
    def form_number(self) -> str | None: ...
    @property
    def requirement(self) -> str | None: ...
    @property
    def finding(self) -> str | None: ...
    @property
    def original_deadline(self) -> dt.date | None: ...
    @property
    def new_deadline(self) -> dt.date | None: ...
    @property
    def reported_on(self) -> dt.date | None: ...
    @property
    def earlier_steps(self) -> Sequence[EarlierStep]: ...
    @property
    def verdicts(self) -> Sequence[ReInspectionVerdict]: ...
    @property
    def rules(self) -> str: ...

_TEXT: dict[str, dict[Any, str]] = {
    "zh_CN": {
        E.INTERVIEW: "约谈通知书", E.PUBLIC_NOTIFICATION: "督导通报", E.ACCOUNTABILITY: "问责建议书",
        E.INCENTIVE: "督导表扬通报",
        Verdict.RECTIFIED: "已整改", Verdict.PARTLY_RECTIFIED: "部分整改", Verdict.NOT_RECTIFIED: "未整改",
        "step": {E.INTERVIEW: "约谈", E.PUBLIC_NOTIFICATION: "通报", E.ACCOUNTABILITY: "问责", E.INCENTIVE: "激励"},
        "number": "编号：{number}",
        "to": "{school}：",
        "opening": {
            E.INTERVIEW: "经督导复核，你单位下列整改事项未按期完成或整改不到位。根据督导整改问责规定，决定对你单位主要负责人进行约谈。",
            E.PUBLIC_NOTIFICATION: "你单位下列整改事项经约谈后仍未整改到位。根据督导整改问责规定，现予以通报。",
            E.ACCOUNTABILITY: "你单位下列整改事项经约谈、通报后仍未整改到位。根据督导整改问责规定，建议对有关责任人依规依纪予以问责。",
            E.INCENTIVE: "你单位整改工作积极主动、成效明显，经督导复查确认，现予以通报表扬。",
        },
        "facts": "一、整改事项",
        "form": "督导意见书编号", "requirement": "整改要求", "finding": "发现的问题",
        "original_deadline": "原整改期限", "reported_on": "整改报告日期", "not_reported": "未报告",
        "reason": "二、事由", "evidence": "三、依据", "no_evidence": "（无）",
        "history": "四、此前的问责步骤与复查结论",
        "col_date": "日期", "col_step": "步骤或复查", "col_by": "决定人", "col_note": "说明",
        "reinspection": "复查：{verdict}",
        "demand": "请你单位于 {deadline} 前完成整改，并将整改情况书面报送督导部门。",
        "decided": "决定人：{lead}", "date": "{date}",
        "copy": "抄送：{department}（主管部门，对整改负有督促指导责任）",
        "footer": "{title} {number}  ·  规则 {rules}  ·  第 {page} / {pages} 页",
    },
    "en": {
        E.INTERVIEW: "Notice of Interview", E.PUBLIC_NOTIFICATION: "Public Notification",
        E.ACCOUNTABILITY: "Accountability Recommendation", E.INCENTIVE: "Commendation",
        Verdict.RECTIFIED: "rectified", Verdict.PARTLY_RECTIFIED: "partly rectified",
        Verdict.NOT_RECTIFIED: "not rectified",
        "step": {E.INTERVIEW: "Interview", E.PUBLIC_NOTIFICATION: "Public notification",
                 E.ACCOUNTABILITY: "Accountability", E.INCENTIVE: "Incentive"},
        "number": "No. {number}",
        "to": "To: {school}",
        "opening": {
            E.INTERVIEW: "On review, the rectification below was not completed on time or not completed "
                         "properly. Under the inspection accountability rules, the head of your school is "
                         "summoned to an interview.",
            E.PUBLIC_NOTIFICATION: "The rectification below is still not completed after the interview. Under "
                                   "the inspection accountability rules, this is hereby notified publicly.",
            E.ACCOUNTABILITY: "The rectification below is still not completed after the interview and the public "
                              "notification. Under the inspection accountability rules, it is recommended that "
                              "the persons responsible be held accountable.",
            E.INCENTIVE: "Your school rectified promptly and effectively, as confirmed at re-inspection, and is "
                         "hereby commended.",
        },
        "facts": "1. The rectification",
        "form": "Feedback form", "requirement": "Requirement", "finding": "Finding",
        "original_deadline": "Original deadline", "reported_on": "Reported on", "not_reported": "not reported",
        "reason": "2. Reason", "evidence": "3. Evidence", "no_evidence": "(none)",
        "history": "4. Earlier steps and re-inspection verdicts",
        "col_date": "Date", "col_step": "Step or re-inspection", "col_by": "Decided by", "col_note": "Notes",
        "reinspection": "Re-inspection: {verdict}",
        "demand": "Complete the rectification by {deadline} and report it in writing to the inspectorate.",
        "decided": "Decided by: {lead}", "date": "{date}",
        "copy": "Copy to: {department} (competent department, jointly responsible for the rectification)",
        "footer": "{title} {number}  ·  rules {rules}  ·  page {page} of {pages}",
    },
}


def _t(lang: str, key: Any, **params: str) -> str:
    return _TEXT[lang][key].format(**params) if params else _TEXT[lang][key]


def _day(lang: str, day: dt.date | None) -> str:
    return fmt_date(lang, day.isoformat()) if day else "—"


def _story(doc: EscalationDocument, lang: str) -> list[Any]:
    st = styles(lang)
    # Chinese official prose indents each paragraph's first line by two characters.
    prose = ParagraphStyle("prose", st["body"], firstLineIndent=2 * st["body"].fontSize if lang == "zh_CN" else 0,
                           spaceAfter=2)
    # A section heading never ends a page alone.
    st = {**st, "heading": ParagraphStyle("heading_kept", st["heading"], keepWithNext=1)}
    width = A4[0] - 50 * mm
    story: list[Any] = [
        para(_t(lang, doc.kind), st["title"]),
        HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=2, spaceAfter=6),
        para(_t(lang, "number", number=doc.number), st["number"]),
        Spacer(1, 8),
        para(_t(lang, "to", school=doc.school_name), st["body"]),
        para(_TEXT[lang]["opening"][doc.kind], prose),
    ]
    if doc.requirement is not None:
        rows = [
            [para(_t(lang, "form"), st["cell"]), para(doc.form_number or "—", st["cell"])],
            [para(_t(lang, "finding"), st["cell"]), para(doc.finding or "—", st["cell"])],
            [para(_t(lang, "requirement"), st["cell"]), para(doc.requirement, st["cell"])],
            [para(_t(lang, "original_deadline"), st["cell"]), para(_day(lang, doc.original_deadline), st["cell"])],
            [para(_t(lang, "reported_on"), st["cell"]),
             para(_day(lang, doc.reported_on) if doc.reported_on else _t(lang, "not_reported"), st["cell"])],
        ]
        story += [para(_t(lang, "facts"), st["heading"]), table(rows, [32 * mm, width - 32 * mm], header=False)]
    story += [
        para(_t(lang, "reason"), st["heading"]), para(doc.reason, prose),
        para(_t(lang, "evidence"), st["heading"]),
        *[para(line, prose) for line in (doc.evidence or _t(lang, "no_evidence")).splitlines() if line.strip()],
    ]
    # On the same day a re-inspection comes before the step it led to.
    history = [row[2:] for row in sorted(
        [(s.decided_on, 1, s.decided_on, _TEXT[lang]["step"][s.kind], s.decided_by, s.reason) for s in doc.earlier_steps]
        + [(v.inspected_on, 0, v.inspected_on, _t(lang, "reinspection", verdict=_t(lang, v.verdict)), "", v.notes)
           for v in doc.verdicts],
        key=lambda r: r[:2],
    )]
    if history:
        head = [para(_t(lang, k), st["head"]) for k in ("col_date", "col_step", "col_by", "col_note")]
        body = [[para(_day(lang, d), st["cell"]), para(what, st["cell"]), para(by, st["cell"]), para(note, st["cell"])]
                for d, what, by, note in history]
        story += [para(_t(lang, "history"), st["heading"]),
                  table([head, *body], [30 * mm, 38 * mm, 24 * mm, width - 92 * mm], header=True)]
    if doc.new_deadline is not None:
        story += [Spacer(1, 8), para(_t(lang, "demand", deadline=_day(lang, doc.new_deadline)), prose)]
    story += [
        Spacer(1, 24),
        KeepTogether([para(_t(lang, "decided", lead=doc.decided_by), st["number"]),
                      para(_day(lang, doc.decided_on), st["number"])]),
        Spacer(1, 24),
        para(_t(lang, "copy", department=doc.competent_department), st["small"]),
    ]
    return story


def _numbered_canvas(footer: str) -> type[Canvas]:
    """Pages know their total only at the end: keep each page's state, then stamp."""

    class Numbered(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for n, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(register_cjk_font(), 8)
                self.drawCentredString(A4[0] / 2, 12 * mm, footer.format(page=n, pages=len(self._pages)))
                super().showPage()
            super().save()

    return Numbered


def build_escalation_pdf(doc: EscalationDocument, language: str = "zh_CN") -> bytes:
    lang = check_language(language)
    title = _t(lang, doc.kind)
    footer = _TEXT[lang]["footer"].replace("{title}", title).replace("{number}", doc.number).replace(
        "{rules}", doc.rules)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                      bottomMargin=25 * mm, title=f"{title} {doc.number}", author=doc.decided_by,
                      creator="Inspector Desktop", invariant=1).build(
        _story(doc, lang), canvasmaker=_numbered_canvas(footer))
    return out.getvalue()
