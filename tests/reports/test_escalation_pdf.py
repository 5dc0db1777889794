"""The document of an escalation step, read back with pypdf in both languages."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector_desktop.domain import DomainError, EscalationKind, Verdict
from inspector_desktop.reports.escalation import build_escalation_pdf
from inspector_desktop.store import escalation_docs, profile, rectifications, roles
from inspector_desktop.store.escalation_docs import StepDetails
from inspector_desktop.store.models import Escalation, Inspector, Rectification
from inspector_desktop.store.office import OFFICE_NAME_SETTING
from tests.unit.test_rectifications import build_case

E = EscalationKind


def text_of(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), reader


@pytest.fixture
def climbed(workspace):
    """Interview, a failed re-inspection, then a public notification."""
    case = build_case(workspace)
    rectifications.open_rectifications(workspace, case.form)
    roles.set_roles(workspace, [roles.LEAD])  # steps are the office's, recorded on a lead's laptop
    with workspace.read() as s:
        rid = s.scalars(sa.select(Rectification.id).order_by(Rectification.deadline)).first()
    first = rectifications.record_escalation(workspace, rid, E.INTERVIEW, "整改逾期未完成，约谈校长。", dt.date(2026, 11, 6),
                                             "王建国", evidence="逾期记录")
    rectifications.report_rectification(workspace, rid, "已清理。", dt.date(2026, 11, 20))
    rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 25),
                                       {rid: (Verdict.NOT_RECTIFIED, "通道仍有杂物")}, inspector_id=case.inspector)
    second = rectifications.record_escalation(workspace, rid, E.PUBLIC_NOTIFICATION, "约谈后仍未整改到位。",
                                              dt.date(2026, 11, 25), "王建国", evidence="复查记录")
    return case, rid, first, second


def test_interview_notice_in_chinese(workspace, climbed):
    _case, _rid, first, _second = climbed
    doc = escalation_docs.escalation_document(workspace, first)
    text, reader = text_of(build_escalation_pdf(doc, "zh_CN"))
    for expected in ("约谈通知书", "编号：DX002-2026-0001/1", "湖滨路小学2", "整改：消防通道堆放杂物",
                     "整改逾期未完成，约谈校长。", "逾期记录", "2026年11月04日", "2026年11月23日", "决定人：王建国",
                     "青山湖区教育体育局"):
        assert expected in text, expected
    assert f"第 {len(reader.pages)} / {len(reader.pages)} 页" in text
    # Facts after the decision (the report of 20 November) are not on this step's paper.
    assert "未报告" in text and "2026年11月20日" not in text
    assert "四、此前" not in text  # the first rung has no history
    assert reader.metadata.title == "约谈通知书 DX002-2026-0001/1"
    fonts = {f["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].get_object().values()}
    assert any("WenQuanYi" in str(f) for f in fonts)


def test_public_notification_shows_the_history_in_english(workspace, climbed):
    _case, _rid, _first, second = climbed
    doc = escalation_docs.escalation_document(workspace, second)
    assert [s.kind for s in doc.earlier_steps] == [E.INTERVIEW]
    assert [v.verdict for v in doc.verdicts] == [Verdict.NOT_RECTIFIED]
    assert doc.new_deadline == dt.date(2026, 12, 10)
    text, reader = text_of(build_escalation_pdf(doc, "en"))
    for expected in ("Public Notification", "No. DX002-2026-0001/2", "Earlier steps", "Interview",
                     "Re-inspection: not", "通道仍有杂物", "2026-11-20", "2026-12-10"):
        assert expected in text, expected
    pages = len(reader.pages)
    assert f"page {pages} of {pages}" in text


def test_an_incentive_makes_no_demand(workspace, climbed):
    case, _rid, _first, _second = climbed
    other = build_case(workspace, school_code="QSH-009", inspector_id=case.inspector)
    rectifications.open_rectifications(workspace, other.form)
    with workspace.read() as s:
        rid = s.scalar(sa.select(Rectification.id).where(Rectification.school_id == other.school).limit(1))
    rectifications.report_rectification(workspace, rid, "已整改", dt.date(2026, 10, 20))
    rectifications.record_reinspection(workspace, other.form, dt.date(2026, 10, 28), {rid: (Verdict.RECTIFIED, "到位")},
                                       inspector_id=case.inspector)
    eid = rectifications.record_incentive(workspace, other.school, "整改迅速彻底", dt.date(2026, 11, 2), "王建国",
                                          rectification_id=rid)
    doc = escalation_docs.escalation_document(workspace, eid)
    assert doc.new_deadline is None
    text, _ = text_of(build_escalation_pdf(doc, "zh_CN"))
    assert "督导表扬通报" in text and "整改迅速彻底" in text and "前完成整改" not in text


def test_long_evidence_runs_onto_numbered_pages(workspace, climbed):
    _case, rid, _first, _second = climbed
    evidence = "\n".join(f"{i}. 现场照片与台账第{i}页，记录显示整改措施未落实。" for i in range(1, 80))
    eid = rectifications.record_escalation(workspace, rid, E.ACCOUNTABILITY, "通报后仍未整改。", dt.date(2026, 12, 20),
                                           "王建国", evidence=evidence)
    text, reader = text_of(build_escalation_pdf(escalation_docs.escalation_document(workspace, eid), "zh_CN"))
    pages = len(reader.pages)
    assert pages >= 2 and f"第 {pages} / {pages} 页" in text
    assert "79. 现场照片与台账第79页" in text


def test_unknown_language_is_refused(workspace, climbed):
    with pytest.raises(DomainError) as err:
        build_escalation_pdf(escalation_docs.escalation_document(workspace, climbed[2]), "fr")
    assert err.value.code == "report.unknown_language"


def pdftotext(pdf: bytes, tmp_path) -> str:
    """The text as poppler reads it, without the spaces and line breaks of its layout."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(text.split())


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def with_details(workspace):
    """Interview, failed re-inspection, public notification and accountability, each recorded
    with what its paper tells the school, as the step dialog records them."""
    case = build_case(workspace)
    rectifications.open_rectifications(workspace, case.form)
    roles.set_roles(workspace, [roles.LEAD])
    with workspace.read() as s:
        rid = s.scalars(sa.select(Rectification.id).order_by(Rectification.deadline)).first()
    interview = rectifications.record_escalation(
        workspace, rid, E.INTERVIEW, "整改逾期未完成，约谈校长。", dt.date(2026, 11, 6), "王建国", evidence="逾期记录",
        details=StepDetails(dt.datetime(2026, 11, 13, 9, 30), " 区教育督导室二楼会议室 ",
                            "湖滨路小学2校长；青山湖区教育体育局分管负责人；责任督学 李明华"))
    rectifications.report_rectification(workspace, rid, "已清理。", dt.date(2026, 11, 20))
    rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 25),
                                       {rid: (Verdict.NOT_RECTIFIED, "通道仍有杂物")}, inspector_id=case.inspector)
    notification = rectifications.record_escalation(
        workspace, rid, E.PUBLIC_NOTIFICATION, "约谈后仍未整改到位。", dt.date(2026, 11, 25), "王建国",
        details=StepDetails(notified_to="青山湖区各中小学校；青山湖区教育体育局"))
    accountability = rectifications.record_escalation(
        workspace, rid, E.ACCOUNTABILITY, "通报后仍未整改。", dt.date(2026, 12, 20), "王建国",
        details=StepDetails(participants="湖滨路小学2校长、分管安全副校长", notified_to="区纪委监委派驻纪检监察组"))
    return rid, interview, notification, accountability


def test_the_interview_says_when_where_who_why_and_its_number_without_rule_ids(workspace, with_details, tmp_path):
    _rid, interview, _n, _a = with_details
    doc = escalation_docs.escalation_document(workspace, interview)
    assert doc.details.place == "区教育督导室二楼会议室"  # stored trimmed
    zh = pdftotext(build_escalation_pdf(doc, "zh_CN"), tmp_path)
    for expected in ("编号：DX002-2026-0001/1", "约谈时间", "2026年11月13日 09:30", "约谈地点", "区教育督导室二楼会议室",
                     "参加人员", "湖滨路小学2校长；青山湖区教育体育局分管负责人；责任督学 李明华",
                     "依据", "未在整改期限（2026年11月04日）内完成督导意见书（编号 DX002-2026-0001）",
                     "《教育督导条例》", "《中小学校责任督学挂牌督导办法》", "约谈其主要负责人", "《全国默认规则》",
                     "15 日", "有关材料", "逾期记录", "（盖章处）", "教育督导室"):
        assert flat(expected) in zh, expected
    en = pdftotext(build_escalation_pdf(doc, "en"), tmp_path)
    for expected in ("No. DX002-2026-0001/1", "2026-11-13 09:30", "区教育督导室二楼会议室", "Regulations on Education",
                     "National default rules", "(seal here)", "Education Inspection Office"):
        assert flat(expected) in en, expected
    for text in (zh, en):
        assert "default.v1" not in text and "default" not in text.replace("Nationaldefaultrules", "")


def test_notification_and_accountability_name_whom_they_go_to(workspace, with_details, tmp_path):
    _rid, _i, notification, accountability = with_details
    zh = pdftotext(build_escalation_pdf(escalation_docs.escalation_document(workspace, notification), "zh_CN"), tmp_path)
    for expected in ("通报范围", "青山湖区各中小学校；青山湖区教育体育局", "复查结论为“未整改”", "此前已于2026年11月06日约谈",
                     "经约谈后仍未整改到位的，由教育督导部门予以通报"):
        assert flat(expected) in zh, expected
    zh = pdftotext(build_escalation_pdf(escalation_docs.escalation_document(workspace, accountability), "zh_CN"),
                   tmp_path)
    for expected in ("问责对象", "湖滨路小学2校长、分管安全副校长", "送达", "区纪委监委派驻纪检监察组",
                     "于2026年11月06日约谈、于2026年11月25日通报"):
        assert flat(expected) in zh, expected


def test_a_step_recorded_before_the_details_existed_says_to_be_announced(workspace, climbed, tmp_path):
    text = pdftotext(build_escalation_pdf(escalation_docs.escalation_document(workspace, climbed[2]), "zh_CN"),
                     tmp_path)
    assert "约谈时间" in text and "另行通知" in text


def test_the_issuing_office_is_the_one_the_server_named_else_the_regions(workspace, with_details, tmp_path):
    _rid, interview, _n, _a = with_details
    with workspace.write() as s:
        me = Inspector(code="DX9001", name="李明华", region="南昌市青山湖区")
        s.add(me)
    profile.set_current_inspector(workspace, me.id)
    text = pdftotext(build_escalation_pdf(escalation_docs.escalation_document(workspace, interview)), tmp_path)
    assert "南昌市青山湖区教育督导室" in text
    workspace.set_setting(OFFICE_NAME_SETTING, "南昌市青山湖区人民政府教育督导室")
    text = pdftotext(build_escalation_pdf(escalation_docs.escalation_document(workspace, interview)), tmp_path)
    assert "南昌市青山湖区人民政府教育督导室" in text


@pytest.mark.parametrize(("kind", "details", "code"), [
    (E.INTERVIEW, StepDetails(None, "会议室"), "escalation.interview_time_required"),
    (E.INTERVIEW, StepDetails(dt.datetime(2026, 11, 13, 9), "  "), "escalation.interview_place_required"),
    (E.INTERVIEW, StepDetails(dt.datetime(2026, 11, 5, 9), "会议室"), "escalation.interview_before_decision"),
    (E.PUBLIC_NOTIFICATION, StepDetails(), "escalation.notification_scope_required"),
])
def test_a_step_without_what_its_paper_needs_is_refused(workspace, kind, details, code):
    case = build_case(workspace)
    rectifications.open_rectifications(workspace, case.form)
    roles.set_roles(workspace, [roles.LEAD])
    with workspace.read() as s:
        rid = s.scalars(sa.select(Rectification.id).order_by(Rectification.deadline)).first()
    if kind is E.PUBLIC_NOTIFICATION:
        rectifications.record_escalation(workspace, rid, E.INTERVIEW, "逾期", dt.date(2026, 11, 6), "王建国")
    with pytest.raises(DomainError) as refused:
        rectifications.record_escalation(workspace, rid, kind, "逾期", dt.date(2026, 11, 6), "王建国", details=details)
    assert refused.value.code == code
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Escalation).where(Escalation.kind == kind)) == 0
