"""The words of the office's 督导报告 and 通报, in zh_CN and en (the sheets' catalogue,
reports/labels.py, words the categories and severities they share)."""

from __future__ import annotations

import datetime as dt

from inspector_desktop.domain import EscalationKind, Verdict
from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports.layout import fmt_date

E = EscalationKind

_TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "school_title": "{school}督导报告", "region_title": "{region}教育督导工作报告",
        "bulletin_title": "关于{period}督导问责情况的通报",
        "number": "编号：{number}",
        "period_year": "{year}年度", "period_S1": "{year}年上半年", "period_S2": "{year}年下半年",
        "period_month": "{year}年{month}月",
        "opening_school": "现将{period}对{school}开展督导的情况报告如下（统计截至{as_of}）。",
        "opening_region": "现将{period}{region}所辖学校教育督导工作情况报告如下（统计截至{as_of}，共{schools}所学校）。",
        "section": "{n}、{title}",
        "s_visits": "督导开展情况", "s_findings": "发现的问题", "s_repeats": "反复出现的问题",
        "s_rectifications": "整改落实情况", "s_steps": "问责情况", "s_objections": "异议处理情况",
        "s_inspectors": "督学履职情况",
        "every_1": "每月", "every_n": "每{n}个月",
        "visits_text": "按《{rules}》，每所学校{every}至少开展一次日常督导，本期应督导{due}次，"
                       "实际完成{done}次，覆盖{visited}所学校（共{schools}所）。",
        "findings_text": "本期督导共发现问题{total}个。",
        "repeats_text": "下列问题在本期之前已在同一学校发现，属反复出现的问题，应作为整改重点。",
        "no_repeats": "本期未发现反复出现的问题。",
        "rect_text": "本期督导提出整改要求{total}项，已整改{closed}项（整改率{rate}），其中按期完成{on_time}项"
                     "（按期率{on_time_rate}）；仍在整改期限内{open}项，逾期未整改{overdue}项。",
        "steps_text": "本期共约谈{interview}次、通报{notification}次、问责{accountability}次。",
        "no_steps": "本期未采取约谈、通报、问责措施。",
        "objections_text": "本期收到异议{received}件，已答复{replied}件（其中逾期答复{late}件），"
                           "待答复{awaiting}件（其中已超答复期限{overdue}件）。",
        "inspectors_text": "责任督学按1:5的比例挂牌（大规模学校1:1），每年参加集中培训不少于{hours}学时。",
        "none": "—", "na": "—",
        "col_school": "学校", "col_code": "学校编号", "col_done": "已完成督导", "col_due": "应督导",
        "col_done_rate": "完成率", "col_findings": "发现问题", "col_category": "问题类别", "col_total": "合计",
        "col_this": "本期次数", "col_earlier": "此前次数", "col_last": "此前最近发现",
        "col_rect": "整改要求", "col_on_time": "按期整改", "col_late": "逾期整改", "col_open": "整改中",
        "col_overdue": "逾期未整改", "col_rate": "整改率",
        "col_step": "措施", "col_date": "决定日期", "col_by": "决定人", "col_reason": "事由",
        "col_requirement": "整改要求", "col_deadline": "整改期限", "col_verdict": "复查结论", "col_count": "次数",
        "col_received": "收到异议", "col_replied": "已答复", "col_replied_late": "逾期答复",
        "col_awaiting": "待答复", "col_awaiting_overdue": "超期未答复",
        "col_inspector": "督学", "col_inspector_code": "督学编号", "col_schools": "责任学校",
        "col_large": "其中大规模", "col_load": "工作量（1:5）", "col_training": "培训学时", "col_visits": "参加督导",
        "total_row": "合计", "over": "（超出）", "met": "（已达标）",
        "training_of": "{hours}/{target}",
        "bulletin_opening": "为压实整改责任，现将{period}被约谈、通报、问责的学校及原因通报如下（统计截至{as_of}）。",
        "bulletin_none": "{period}未有学校被约谈、通报或问责。",
        "bulletin_item": "（{n}）{date}，{step}。事由：{reason}",
        "bulletin_basis": "整改要求：{requirement}（督导意见书编号{form}，整改期限{deadline}）；复查结论：{verdict}。",
        "bulletin_no_basis": "本措施未关联具体整改要求。",
        "bulletin_closing": "请各学校引以为戒，举一反三，对照督导意见书逐项整改到位；主管部门要切实履行督促指导责任。",
        "not_reinspected": "未复查",
        "footer": "{title}  ·  第 {page} 页 共 {pages} 页",
        "sheet_summary": "概况", "sheet_visits": "督导开展", "sheet_findings": "发现的问题", "sheet_repeats": "反复出现",
        "sheet_rectifications": "整改落实", "sheet_steps": "约谈通报问责", "sheet_objections": "异议",
        "sheet_inspectors": "督学履职", "sheet_bulletin": "通报",
        "item": "项目", "value": "数值", "period": "期间", "as_of": "统计截至", "scope": "范围",
        "issuer": "签发机关", "rules": "规则文件",
    },
    "en": {
        "school_title": "Inspection Report: {school}", "region_title": "Education Inspection Report, {region}",
        "bulletin_title": "Bulletin on Accountability Measures, {period}",
        "number": "No. {number}",
        "period_year": "the year {year}", "period_S1": "January–June {year}", "period_S2": "July–December {year}",
        "period_month": "{month_name} {year}",
        "opening_school": "This report covers the inspection of {school} in {period} (figures as of {as_of}).",
        "opening_region": "This report covers the inspection of the schools of {region} in {period} (figures as of "
                          "{as_of}; {schools} schools).",
        "section": "{n}. {title}",
        "s_visits": "Visits", "s_findings": "Findings", "s_repeats": "Repeated findings",
        "s_rectifications": "Rectification", "s_steps": "Escalations", "s_objections": "Objections",
        "s_inspectors": "Inspectors' duties",
        "every_1": "every month", "every_n": "every {n} months",
        "visits_text": "Under the {rules}, each school is visited at least once {every}: {due} routine "
                       "visits were due in the period and {done} were made, at {visited} of {schools} schools.",
        "findings_text": "The period's visits found {total} problems.",
        "repeats_text": "These problems were found at the same school before the period too; their rectification "
                        "comes first.",
        "no_repeats": "No problem found in the period had been found at the same school before.",
        "rect_text": "The period's visits set {total} rectification requirements: {closed} are rectified (rate "
                     "{rate}), {on_time} of them on time ({on_time_rate}); {open} are within their deadline and "
                     "{overdue} are overdue.",
        "steps_text": "Interviews: {interview}; public notifications: {notification}; accountability: "
                      "{accountability}.",
        "no_steps": "No interview, public notification or accountability measure was taken in the period.",
        "objections_text": "{received} objections were received; {replied} were answered ({late} late) and "
                           "{awaiting} await an answer ({overdue} past the reply deadline).",
        "inspectors_text": "One responsible inspector for about five schools (one for a large school), and at "
                           "least {hours} training hours a year.",
        "none": "—", "na": "—",
        "col_school": "School", "col_code": "School code", "col_done": "Visits made", "col_due": "Visits due",
        "col_done_rate": "Done", "col_findings": "Findings", "col_category": "Category", "col_total": "Total",
        "col_this": "This period", "col_earlier": "Before", "col_last": "Last found before",
        "col_rect": "Items", "col_on_time": "On time", "col_late": "Late", "col_open": "Open",
        "col_overdue": "Overdue", "col_rate": "Rate",
        "col_step": "Step", "col_date": "Decided on", "col_by": "Decided by", "col_reason": "Reason",
        "col_requirement": "Requirement", "col_deadline": "Deadline", "col_verdict": "Verdict",
        "col_count": "Count",
        "col_received": "Received", "col_replied": "Answered", "col_replied_late": "Answered late",
        "col_awaiting": "Awaiting", "col_awaiting_overdue": "Past deadline",
        "col_inspector": "Inspector", "col_inspector_code": "Inspector code", "col_schools": "Schools",
        "col_large": "Large", "col_load": "Load (1:5)", "col_training": "Training hours",
        "col_visits": "Visits",
        "total_row": "Total", "over": " (over)", "met": " (met)",
        "training_of": "{hours}/{target}",
        "bulletin_opening": "The schools interviewed, notified publicly or held to account in {period}, and why, "
                            "are notified below (as of {as_of}).",
        "bulletin_none": "No school was interviewed, notified publicly or held to account in {period}.",
        "bulletin_item": "({n}) {date}: {step}. Reason: {reason}",
        "bulletin_basis": "Requirement: {requirement} (feedback form {form}, deadline {deadline}); re-inspection: "
                          "{verdict}.",
        "bulletin_no_basis": "This measure concerns no single requirement.",
        "bulletin_closing": "Every school is asked to learn from these cases and complete each requirement of its "
                            "feedback forms; competent departments are to guide and follow up.",
        "not_reinspected": "not re-inspected",
        "footer": "{title}  ·  page {page} of {pages}",
        "sheet_summary": "Summary", "sheet_visits": "Visits", "sheet_findings": "Findings",
        "sheet_repeats": "Repeated", "sheet_rectifications": "Rectification", "sheet_steps": "Escalations",
        "sheet_objections": "Objections", "sheet_inspectors": "Inspectors", "sheet_bulletin": "Bulletin",
        "item": "Item", "value": "Value", "period": "Period", "as_of": "As of", "scope": "Scope",
        "issuer": "Issued by", "rules": "Rule file",
    },
}

_KINDS = {
    "zh_CN": {E.INTERVIEW: "约谈", E.PUBLIC_NOTIFICATION: "通报", E.ACCOUNTABILITY: "问责", E.INCENTIVE: "激励",
              Verdict.RECTIFIED: "已整改", Verdict.PARTLY_RECTIFIED: "部分整改", Verdict.NOT_RECTIFIED: "未整改"},
    "en": {E.INTERVIEW: "Interview", E.PUBLIC_NOTIFICATION: "Public notification", E.ACCOUNTABILITY: "Accountability",
           E.INCENTIVE: "Incentive", Verdict.RECTIFIED: "rectified", Verdict.PARTLY_RECTIFIED: "partly rectified",
           Verdict.NOT_RECTIFIED: "not rectified"},
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def say(language: str, key: str, **params: object) -> str:
    words = _TEXT[check_language(language)][key]
    return words.format(**params) if params else words


def kind(language: str, value: EscalationKind | Verdict | None) -> str:
    if value is None:
        return say(language, "not_reinspected")
    return _KINDS[check_language(language)][value]


def period_words(language: str, key: str) -> str:
    """``2026`` → 2026年度, ``2026-S1`` → 2026年上半年, ``2026-09`` → 2026年9月 (and in English)."""
    year, _, part = key.partition("-")
    if not part:
        return say(language, "period_year", year=year)
    if part in ("S1", "S2"):
        return say(language, f"period_{part}", year=year)
    return say(language, "period_month", year=year, month=int(part), month_name=_MONTHS[int(part) - 1])


_DIGITS = "零一二三四五六七八九"


def numeral(language: str, n: int) -> str:
    """A section's number: 一, 二 … 十, 十一 … 九十九 in Chinese; 1, 2, 3 in English."""
    if check_language(language) != "zh_CN" or not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[units] if units else "")


def day(language: str, value: dt.date | None) -> str:
    return fmt_date(language, value.isoformat()) if value else "—"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
