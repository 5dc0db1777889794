"""The document of an escalation step, read back with pypdf in both languages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from inspector_desktop.domain import DomainError, EscalationKind, Verdict
from inspector_desktop.reports.escalation import build_escalation_pdf
from inspector_desktop.store import escalation_docs, rectifications, roles
from inspector_desktop.store.models import Rectification
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
                     "青山湖区教育体育局", "第 1 / 1 页"):
        assert expected in text, expected
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
    text, _ = text_of(build_escalation_pdf(doc, "en"))
    for expected in ("Public Notification", "No. DX002-2026-0001/2", "Earlier steps", "Interview",
                     "Re-inspection: not", "通道仍有杂物", "2026-11-20", "2026-12-10", "page 1 of 1"):
        assert expected in text, expected


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
