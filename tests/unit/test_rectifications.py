"""Rectifications on a real workspace: every write audited and queued for sync."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    DomainError,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    RectificationStatus,
    Scope,
    Severity,
    Stage,
    Verdict,
    VisitStatus,
)
from inspector_desktop.store import escalation_docs, profile, rectifications, roles
from inspector_desktop.store.models import (
    Attachment, Escalation, FeedbackForm, Finding, Inspector, Rectification, ReInspection,
    Requirement, School, SchoolAssignment, Visit, new_id,
)
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry

S = RectificationStatus
E = EscalationKind
ISSUED = dt.date(2026, 10, 5)  # a Monday


@dataclass
class Case:
    inspector: str
    lead: str
    school: str
    visit: str
    form: str
    requirements: list[str]


def build_case(ws, school_code="QSH-002", deadlines=(dt.date(2026, 11, 4), dt.date(2026, 12, 4)),
               status=FormStatus.ISSUED, visited_on=ISSUED, inspector_id=None) -> Case:
    """A school with a completed visit, two findings and a signed form with two requirements."""
    with ws.write() as s:
        if inspector_id is None:
            me = Inspector(code=f"DX{school_code[-3:]}", name="李明华")
            lead = Inspector(code=f"ZD{school_code[-3:]}", name="王建国", is_lead=True)
            s.add_all([me, lead])
            s.flush()
            inspector_id, lead_id = me.id, lead.id
        else:
            lead_id = s.scalar(sa.select(Inspector.id).where(Inspector.is_lead.is_(True)))
        school = School(code=school_code, name=f"湖滨路小学{school_code[-1]}", competent_department="青山湖区教育体育局")
        s.add(school)
        s.flush()
        s.add(SchoolAssignment(inspector_id=inspector_id, school_id=school.id, since=dt.date(2026, 1, 1)))
        visit = Visit(school_id=school.id, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                      notice=Notice.ANNOUNCED, status=VisitStatus.COMPLETED, planned_on=visited_on)
        s.add(visit)
        s.flush()
        findings = [Finding(visit_id=visit.id, category=c, severity=sev, problem=p)
                    for c, sev, p in ((Category.SAFETY, Severity.SERIOUS, "消防通道堆放杂物"),
                                      (Category.HYGIENE, Severity.MINOR, "食堂留样记录缺失"))]
        s.add_all(findings)
        s.flush()
        # Form and requirements in one flush: once a signed form is stored it is frozen.
        form = FeedbackForm(id=new_id(), visit_id=visit.id, number=f"DX{school_code[-3:]}-2026-0001", status=status)
        s.add(form)
        reqs = [Requirement(form_id=form.id, finding_id=f.id, ordinal=i, text=f"整改：{f.problem}",
                            deadline=d, responsible_party=school.name)
                for i, (f, d) in enumerate(zip(findings, deadlines), start=1)]
        s.add_all(reqs)
        s.flush()
        return Case(inspector_id, lead_id, school.id, visit.id, form.id, [r.id for r in reqs])


def rects(ws, case):
    with ws.read() as s:
        rows = s.scalars(sa.select(Rectification).join(Requirement).where(Requirement.form_id == case.form)
                         .order_by(Requirement.ordinal)).all()
        return [(r.id, r.status, r.deadline) for r in rows]


@pytest.fixture
def case(workspace):
    c = build_case(workspace)
    rectifications.open_rectifications(workspace, c.form, actor_id=c.inspector)
    roles.set_roles(workspace, [roles.INSPECTOR, roles.LEAD])  # a lead's laptop records the office's steps
    return c


def test_rectifications_open_once_per_requirement_of_a_signed_form(workspace, case):
    assert [r[1:] for r in rects(workspace, case)] == [(S.OPEN, dt.date(2026, 11, 4)), (S.OPEN, dt.date(2026, 12, 4))]
    assert rectifications.open_rectifications(workspace, case.form) == []
    draft = build_case(workspace, school_code="QSH-003", status=FormStatus.DRAFT)
    with pytest.raises(DomainError, match="rectification.form_not_signed"):
        rectifications.open_rectifications(workspace, draft.form)


def test_the_full_story_overdue_interview_report_reinspection_closes(workspace, case, tmp_path):
    first, second = [r[0] for r in rects(workspace, case)]
    # 1. The deadline passes.
    assert rectifications.mark_overdue(workspace, dt.date(2026, 11, 5), actor_id=case.inspector) == [first]
    # 2. A lead decides an interview.
    esc = rectifications.record_escalation(workspace, first, E.INTERVIEW, "整改逾期未完成，约谈校长。", dt.date(2026, 11, 6),
                                           "王建国", evidence="逾期记录", actor_id=case.lead)
    assert rects(workspace, case)[0][1:] == (S.ESCALATED, dt.date(2026, 11, 23))  # 21st is a Saturday
    # 3. The school reports, with a photo.
    photo = tmp_path / "整改后.jpg"
    photo.write_bytes(b"\xff\xd8 after")
    [att] = rectifications.report_rectification(workspace, first, "已清理消防通道。", dt.date(2026, 11, 10), [photo])
    # 4. The re-inspection closes it and re-opens the other, partly done.
    rectifications.report_rectification(workspace, second, "部分完成。", dt.date(2026, 11, 10))
    visit = rectifications.record_reinspection(
        workspace, case.form, dt.date(2026, 11, 12),
        {first: (Verdict.RECTIFIED, "复查确认已整改到位。"), second: (Verdict.PARTLY_RECTIFIED, "留样柜未到位")},
        inspector_id=case.inspector, actor_id=case.inspector)
    assert [r[1:] for r in rects(workspace, case)] == [
        (S.VERIFIED, dt.date(2026, 11, 23)), (S.OPEN, dt.date(2026, 12, 4))]  # 12th + 15 = 27th < 4 Dec
    with workspace.read() as s:
        v = s.get(Visit, visit)
        assert v.reinspection_of_form_id == case.form and v.school_id == case.school
        assert {r.verdict for r in s.scalars(sa.select(ReInspection).where(ReInspection.visit_id == visit))} == {
            Verdict.RECTIFIED, Verdict.PARTLY_RECTIFIED}
        assert s.get(Rectification, first).verified_on == dt.date(2026, 11, 12)
        a = s.get(Attachment, att)
        assert (a.filename, a.rectification_id, a.mime_type) == ("整改后.jpg", first, "image/jpeg")
        assert workspace.attachments.read(a.sha256) == b"\xff\xd8 after"
        assert s.get(Escalation, esc).decided_by == "王建国"
        # Every write went through ws.write: audited with its actor, and queued for sync.
        actors = dict(s.execute(sa.select(AuditEntry.entity_id, AuditEntry.actor_id).where(
            AuditEntry.entity == "escalation")).all())
        assert actors == {esc: case.lead}
        queued = set(s.scalars(sa.select(OutboxEntry.entity)))
        assert {"rectification", "escalation", "reinspection", "attachment", "visit"} <= queued
    # 5. A verified item may earn an incentive.
    rectifications.record_incentive(workspace, case.school, "整改迅速彻底", dt.date(2026, 11, 20), "王建国", rectification_id=first)
    with pytest.raises(DomainError, match="incentive.not_verified"):
        rectifications.record_incentive(workspace, case.school, "x", dt.date(2026, 11, 20), "王建国", rectification_id=second)


def test_a_failed_reinspection_overdue_climbs_the_ladder(workspace, case):
    first = rects(workspace, case)[0][0]
    rectifications.report_rectification(workspace, first, "已整改", dt.date(2026, 11, 3))
    rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 9), {first: (Verdict.NOT_RECTIFIED, "未整改")},
                                       inspector_id=case.inspector)
    assert rects(workspace, case)[0][1] is S.OVERDUE
    rectifications.record_escalation(workspace, first, E.INTERVIEW, "复查未整改", dt.date(2026, 11, 9), "王建国")
    with pytest.raises(DomainError) as err:
        rectifications.record_escalation(workspace, first, E.PUBLIC_NOTIFICATION, "再次", dt.date(2026, 11, 10), "王建国")
    assert err.value.code == "escalation.too_early"
    rectifications.record_escalation(workspace, first, E.PUBLIC_NOTIFICATION, "约谈后仍未整改", dt.date(2026, 11, 25), "王建国")
    with workspace.read() as s:
        kinds = s.scalars(sa.select(Escalation.kind).where(Escalation.rectification_id == first)
                          .order_by(Escalation.decided_on)).all()
    assert kinds == [E.INTERVIEW, E.PUBLIC_NOTIFICATION]


def test_refusals_write_nothing(workspace, case):
    first = rects(workspace, case)[0][0]
    with workspace.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry))
    bad = [
        lambda: rectifications.record_escalation(workspace, first, E.INTERVIEW, "早", dt.date(2026, 11, 1), "王建国"),
        lambda: rectifications.record_escalation(workspace, first, E.INTERVIEW, " ", dt.date(2026, 11, 9), "王建国"),
        lambda: rectifications.record_escalation(workspace, first, E.INTERVIEW, "x", dt.date(2026, 11, 9), ""),
        lambda: rectifications.report_rectification(workspace, first, "  ", dt.date(2026, 11, 3)),
        lambda: rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 9),
                                                   {first: (Verdict.RECTIFIED, "")}, inspector_id=case.inspector),
        lambda: rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 9), {}, inspector_id=case.inspector),
        lambda: rectifications.report_rectification(workspace, "no-such-id", "x", dt.date(2026, 11, 3)),
    ]
    for call in bad:
        with pytest.raises(DomainError):
            call()
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == before
        assert s.scalar(sa.select(sa.func.count()).select_from(Visit)) == 1


def test_a_reinspection_only_judges_items_on_its_form(workspace, case):
    other = build_case(workspace, school_code="QSH-004")
    rectifications.open_rectifications(workspace, other.form)
    foreign = rects(workspace, other)[0][0]
    rectifications.report_rectification(workspace, foreign, "已整改", dt.date(2026, 11, 3))
    with pytest.raises(DomainError, match="reinspection.not_on_form"):
        rectifications.record_reinspection(workspace, case.form, dt.date(2026, 11, 9), {foreign: (Verdict.RECTIFIED, "")},
                                           inspector_id=case.inspector)


def test_the_whole_story_on_demo_data(demo_workspace):
    """Overdue → interview with its PDF → report → re-inspection closes it → the
    dashboard and Today show each step."""
    from inspector_desktop.reports.escalation import build_escalation_pdf
    from inspector_desktop.store.dashboard import chart_data
    from inspector_desktop.store.today import today_items

    ws, lead = demo_workspace, "王建国"
    roles.set_roles(ws, [roles.LEAD])
    with ws.read() as s:
        rect = s.scalars(sa.select(Rectification).where(Rectification.status == S.OPEN)
                         .order_by(Rectification.deadline, Rectification.id)).first()
        form = s.scalar(sa.select(Requirement.form_id).where(Requirement.id == rect.requirement_id))
        rid, deadline = rect.id, rect.deadline
    me = profile.current_inspector_id(ws)
    day_after = deadline + dt.timedelta(days=1)

    def counts(day):
        return dict(chart_data(ws, day).rectification_status)

    before = counts(day_after)
    assert rid in rectifications.mark_overdue(ws, day_after, actor_id=me)
    assert counts(day_after) == before  # the chart already counted it as overdue by date
    [item] = [d for d in today_items(ws, day_after).deadlines if d.rectification_id == rid]
    assert (item.status, item.escalation_prompt) == (S.OVERDUE, E.INTERVIEW)

    esc = rectifications.record_escalation(ws, rid, E.INTERVIEW, "整改逾期未完成，约谈校长。", day_after, lead)
    pdf = build_escalation_pdf(escalation_docs.escalation_document(ws, esc))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    after_step = counts(day_after)
    assert (after_step[S.OVERDUE], after_step[S.ESCALATED]) == (before[S.OVERDUE] - 1, before[S.ESCALATED] + 1)

    rectifications.report_rectification(ws, rid, "已按要求完成整改。", day_after + dt.timedelta(days=2), actor_id=me)
    rectifications.record_reinspection(ws, form, day_after + dt.timedelta(days=5), {rid: (Verdict.RECTIFIED, "到位")},
                                       inspector_id=me, actor_id=me)
    final = counts(day_after + dt.timedelta(days=5))
    assert final[S.VERIFIED] == before[S.VERIFIED] + 1 and final[S.ESCALATED] == before[S.ESCALATED]
    assert rid not in {d.rectification_id for d in today_items(ws, day_after + dt.timedelta(days=5)).deadlines}
    with ws.read() as s:
        trail = s.scalars(sa.select(AuditEntry.changes).where(AuditEntry.entity_id == rid)
                          .order_by(AuditEntry.id)).all()
    statuses = [c["status"][1] for c in trail if "status" in c]
    assert statuses == ["overdue", "escalated", "reported", "verified"]
