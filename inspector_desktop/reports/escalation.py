"""The document of one accountability-chain step: interview notice (约谈通知书),
public notification (督导通报), accountability (问责建议书) or incentive (表扬通报).

Built from an ``EscalationDocument`` snapshot: the facts of the step, the
requirement it is about, the steps before it and the re-inspection verdicts,
so that the school and its competent department see why the step was taken;
the basis in words (the requirement missed, the verdict, the regulations the
step rests on and the rule file's title, never its file name); what the step
asks of the school (an interview's time, place and participants, a
notification's addressees); and the 落款 with the seal area.
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
from inspector_desktop.reports.layout import OFFICIAL_RED, fmt_date, fmt_issue_date, para, seal_block, styles, table
from inspector_desktop.signing.content import default_issuer

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


class StepPaper(Protocol):
    @property
    def held_at(self) -> dt.datetime | None: ...
    @property
    def place(self) -> str: ...
    @property
    def participants(self) -> str: ...
    @property
    def notified_to(self) -> str: ...


class Issuer(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def region(self) -> str: ...


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
    def details(self) -> StepPaper: ...
    @property
    def rules_title_zh(self) -> str: ...
    @property
    def rules_title_en(self) -> str: ...
    @property
    def days_to_next_step(self) -> int: ...
    @property
    def office(self) -> Issuer: ...

# The regulations every step rests on, named in words as the paper cites them.
_LAWS = {
    "zh_CN": "《教育督导条例》《教育督导问责办法》和《中小学校责任督学挂牌督导办法》",
    "en": "the Regulations on Education Inspection (《教育督导条例》), the Measures on Accountability in Education "
          "Inspection (《教育督导问责办法》) and the Measures for Responsible Inspectors of Primary and Secondary "
          "Schools (《中小学校责任督学挂牌督导办法》)",
}

_TEXT: dict[str, dict[Any, Any]] = {
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
        "sections": "一二三四五六七八",
        "section": "{n}、{title}",
        "facts": "整改事项",
        "form": "督导意见书编号", "requirement": "整改要求", "finding": "发现的问题",
        "original_deadline": "原整改期限", "reported_on": "整改报告日期", "not_reported": "未报告",
        "reason": "事由", "basis": "依据",
        "missed": "你单位未在整改期限（{deadline}）内完成督导意见书（编号 {form}）提出的整改要求",
        "met": "你单位已按督导意见书（编号 {form}）提出的要求完成整改",
        "verdict_was": "，{date}复查结论为“{verdict}”",
        "earlier_was": "，此前已{steps}", "earlier_step": "于{date}{step}",
        "rule": {
            E.INTERVIEW: "依据{laws}的有关规定，被督导单位逾期未整改或整改不到位的，由教育督导部门约谈其主要负责人。",
            E.PUBLIC_NOTIFICATION: "依据{laws}的有关规定，被督导单位经约谈后仍未整改到位的，由教育督导部门予以通报。",
            E.ACCOUNTABILITY: "依据{laws}的有关规定，被督导单位经约谈、通报后仍未整改到位的，由教育督导部门提出问责建议，"
                              "由有权机关依规依纪依法追究有关责任人的责任。",
            E.INCENTIVE: "依据{laws}的有关规定，对整改及时、成效明显的被督导单位予以表扬激励。",
        },
        "pace": "整改期限按《{rules}》计算，每一问责步骤后给予 {days} 日完成整改。",
        "arrange": {E.INTERVIEW: "约谈安排", E.PUBLIC_NOTIFICATION: "通报范围", E.ACCOUNTABILITY: "问责建议"},
        "held_at": "约谈时间", "place": "约谈地点", "participants": "参加人员",
        "notified_to": "通报范围", "concerned": "问责对象", "addressed_to": "送达",
        "to_be_arranged": "另行通知",
        "bring": "请参加人员按时到场，并携带整改情况的书面材料。",
        "history": "此前的问责步骤与复查结论",
        "col_date": "日期", "col_step": "步骤或复查", "col_by": "决定人", "col_note": "说明",
        "reinspection": "复查：{verdict}",
        "evidence": "有关材料",
        "demand": "请你单位于 {deadline} 前完成整改，并将整改情况书面报送督导部门。",
        "decided": "决定人：{lead}",
        "copy": "抄送：{department}（主管部门，对整改负有督促指导责任）",
        "footer": "{title} {number}  ·  第 {page} / {pages} 页",
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
        "sections": "12345678",
        "section": "{n}. {title}",
        "facts": "The rectification",
        "form": "Feedback form", "requirement": "Requirement", "finding": "Finding",
        "original_deadline": "Original deadline", "reported_on": "Reported on", "not_reported": "not reported",
        "reason": "Reason", "basis": "Basis",
        "missed": "Your school did not complete the requirement of feedback form {form} by its deadline ({deadline})",
        "met": "Your school completed the requirement of feedback form {form}",
        "verdict_was": "; the re-inspection of {date} found it {verdict}",
        "earlier_was": "; earlier: {steps}", "earlier_step": "{step} on {date}",
        "rule": {
            E.INTERVIEW: "Under {laws}, the head of a school that has not rectified by the deadline, or not "
                         "properly, is summoned to an interview by the inspectorate.",
            E.PUBLIC_NOTIFICATION: "Under {laws}, a school that has still not rectified after an interview is "
                                   "notified publicly by the inspectorate.",
            E.ACCOUNTABILITY: "Under {laws}, when a school has still not rectified after an interview and a public "
                              "notification, the inspectorate recommends that the competent authority hold the "
                              "persons responsible accountable.",
            E.INCENTIVE: "Under {laws}, a school that rectifies promptly and effectively is commended.",
        },
        "pace": "Deadlines follow the {rules}: {days} days to rectify after each step.",
        "arrange": {E.INTERVIEW: "The interview", E.PUBLIC_NOTIFICATION: "Notified to",
                    E.ACCOUNTABILITY: "The recommendation"},
        "held_at": "Time", "place": "Place", "participants": "Attending",
        "notified_to": "Notified to", "concerned": "Persons concerned", "addressed_to": "Addressed to",
        "to_be_arranged": "to be announced",
        "bring": "Those attending are asked to arrive on time with a written account of the rectification.",
        "history": "Earlier steps and re-inspection verdicts",
        "col_date": "Date", "col_step": "Step or re-inspection", "col_by": "Decided by", "col_note": "Notes",
        "reinspection": "Re-inspection: {verdict}",
        "evidence": "Supporting records",
        "demand": "Complete the rectification by {deadline} and report it in writing to the inspectorate.",
        "decided": "Decided by: {lead}",
        "copy": "Copy to: {department} (competent department, jointly responsible for the rectification)",
        "footer": "{title} {number}  ·  page {page} of {pages}",
    },
}


def _t(lang: str, key: Any, **params: str) -> str:
    return _TEXT[lang][key].format(**params) if params else _TEXT[lang][key]


def _day(lang: str, day: dt.date | None) -> str:
    return fmt_date(lang, day.isoformat()) if day else "—"


def _moment(lang: str, at: dt.datetime | None) -> str:
    if at is None:
        return _t(lang, "to_be_arranged")
    return f"{_day(lang, at.date())} {at:%H:%M}"


def _basis(doc: EscalationDocument, lang: str) -> list[str]:
    """The rule in words: what the school missed (or met), the verdict, the step's
    regulations, and the rule file the deadlines follow, by its title."""
    text = _TEXT[lang]
    form = doc.form_number or "—"
    if doc.requirement is None:
        facts = ""
    elif doc.kind is E.INCENTIVE:
        facts = text["met"].format(form=form)
    else:
        facts = text["missed"].format(form=form, deadline=_day(lang, doc.original_deadline))
    if facts and doc.verdicts:
        last = doc.verdicts[-1]
        facts += text["verdict_was"].format(date=_day(lang, last.inspected_on), verdict=text[last.verdict])
    if facts and doc.earlier_steps:
        steps = [text["earlier_step"].format(date=_day(lang, e.decided_on), step=text["step"][e.kind])
                 for e in doc.earlier_steps]
        facts += text["earlier_was"].format(steps=("、" if lang == "zh_CN" else ", ").join(steps))
    lines = [facts + ("。" if lang == "zh_CN" else ".")] if facts else []
    lines.append(text["rule"][doc.kind].format(laws=_LAWS[lang]))
    if doc.kind is not E.INCENTIVE:
        rules = doc.rules_title_zh if lang == "zh_CN" else doc.rules_title_en
        lines.append(text["pace"].format(rules=rules, days=str(doc.days_to_next_step)))
    return lines


def _arrangements(doc: EscalationDocument, lang: str) -> list[tuple[str, str]]:
    d, none = doc.details, _t(lang, "to_be_arranged")
    if doc.kind is E.INTERVIEW:
        return [(_t(lang, "held_at"), _moment(lang, d.held_at)), (_t(lang, "place"), d.place or none),
                (_t(lang, "participants"), d.participants or none)]
    if doc.kind is E.PUBLIC_NOTIFICATION:
        return [(_t(lang, "notified_to"), d.notified_to or none)]
    if doc.kind is E.ACCOUNTABILITY:
        return [(_t(lang, "concerned"), d.participants or none),
                (_t(lang, "addressed_to"), d.notified_to or doc.competent_department)]
    return []


def _story(doc: EscalationDocument, lang: str) -> list[Any]:
    st = styles(lang)
    # Chinese official prose indents each paragraph's first line by two characters.
    prose = ParagraphStyle("prose", st["body"], firstLineIndent=2 * st["body"].fontSize if lang == "zh_CN" else 0,
                           spaceAfter=2)
    # A section heading never ends a page alone.
    st = {**st, "heading": ParagraphStyle("heading_kept", st["heading"], keepWithNext=1, spaceBefore=5, spaceAfter=2)}
    width = A4[0] - 50 * mm
    numerals = iter(_t(lang, "sections"))

    def heading(key: str) -> Any:
        title = _t(lang, key) if isinstance(_TEXT[lang][key], str) else _TEXT[lang][key][doc.kind]
        return para(_t(lang, "section", n=next(numerals), title=title), st["heading"])

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
        story += [heading("facts"), table(rows, [32 * mm, width - 32 * mm], header=False)]
    story += [heading("reason"), para(doc.reason, prose),
              heading("basis"), *[para(line, prose) for line in _basis(doc, lang)]]
    arrangements = _arrangements(doc, lang)
    if arrangements:
        rows = [[para(k, st["cell"]), para(v, st["cell"])] for k, v in arrangements]
        story += [heading("arrange"), table(rows, [32 * mm, width - 32 * mm], header=False)]
        if doc.kind is E.INTERVIEW:
            story.append(para(_t(lang, "bring"), prose))
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
        story += [heading("history"), table([head, *body], [30 * mm, 38 * mm, 24 * mm, width - 92 * mm], header=True)]
    if doc.evidence.strip():
        story += [heading("evidence"), *[para(line, prose) for line in doc.evidence.splitlines() if line.strip()]]
    # The seal's page carries the last of the text, never the 落款 alone (GB/T 9704).
    last = [story.pop()] if doc.new_deadline is None else [
        Spacer(1, 6), para(_t(lang, "demand", deadline=_day(lang, doc.new_deadline)), prose)]
    story += [
        KeepTogether([*last, Spacer(1, 10), para(_t(lang, "decided", lead=doc.decided_by), st["number"]),
                      seal_block(lang, doc.office.name or default_issuer(lang, doc.office.region, doc.competent_department),
                                 fmt_issue_date(lang, doc.decided_on.isoformat()), width - 12),
                      Spacer(1, 8), para(_t(lang, "copy", department=doc.competent_department), st["small"])]),
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
    footer = _TEXT[lang]["footer"].replace("{title}", title).replace("{number}", doc.number)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm,
                      bottomMargin=20 * mm, title=f"{title} {doc.number}", author=doc.decided_by,
                      creator="Inspector Desktop", invariant=1).build(
        _story(doc, lang), canvasmaker=_numbered_canvas(footer))
    return out.getvalue()
