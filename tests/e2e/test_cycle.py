"""From "Start empty" to a closed rectification, in the windows: an inspector's
laptop begun empty binds to the office's records at sign-in, plans an announced
visit and prints its notice, rates lines and records a finding, drafts the feedback
form (deadlines from the region's rule file), has both sign on the pads, locks,
exports and verifies the sheet; signing opens the rectification, the school's
report and a 复查 verdict close it; the lead, on another laptop, records an incentive."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from inspector_desktop.domain import EscalationKind, Notice, Rating, RectificationStatus, Severity, Verdict
from inspector_desktop.domain.rules import load_rules
from inspector_desktop.server import region_rules
from inspector_desktop.store import profile
from inspector_desktop.store.models import Escalation, FeedbackForm, IndicatorResult, Rectification, School
from inspector_desktop.sync.protocol import Role
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, click, rows, type_into

S = RectificationStatus
REGION = "青山湖区"


def test_from_an_empty_start_to_a_closed_rectification(laptops, office, server, monkeypatch, tmp_path):
    # The office: an inspector and a lead of the region, a school, the assignment, the region's rule file.
    wang = office.create_user("wang", "王芳", office.code("W"), region=REGION)
    office.create_user("zhang", "张总督学", office.code("Z"), Role.INSPECTOR, Role.LEAD, region=REGION)
    school_code = office.code("XH")
    office.import_schools((school_code, "西湖小学", "青山湖区教育局", REGION))
    office.assign("wang", school_code)
    region_rules.set_region_rules(office.engine, REGION, "jiangxi.v1", dt.date(2026, 10, 1), "张总督学")

    clock = Clock(dt.date(2026, 11, 3))
    a = laptops("wang", clock)
    qtbot = a.qtbot

    # Start empty, with the codes the office gave: the profile and the school bind at sign-in.
    steps.start_empty(a, "王芳", office.code("W"), (school_code, "西湖小学", "青山湖区教育局", REGION))
    typed_school = a.window.schools_page.schools.rows[0].id
    steps.sign_in(a, server.url, office.username("wang"))
    assert profile.current_inspector_id(a.ws) == wang
    (school,) = rows(a.ws, School)
    assert school.id == office.school_id(school_code) != typed_school
    settings = a.window.settings_page
    steps.go(a, settings)
    jiangxi = load_rules("jiangxi.v1")  # the region's rule file, named by its title
    qtbot.waitUntil(lambda: any(t in settings.rules_now.text() for t in (jiangxi.title_zh, jiangxi.title_en)), timeout=WAIT)

    # An announced visit three days ahead, and its notice letter exported for the school.
    visit_day = clock.day + dt.timedelta(days=3)
    vid = steps.plan_visit(a, "西湖小学", Notice.ANNOUNCED, visit_day, purpose="学期初常规督导")
    page = a.window.visits_page.visit_page
    click(qtbot, page.notice_button)
    letter = page.notice_dialog
    qtbot.waitUntil(lambda: letter.preview.page_count() >= 1, timeout=WAIT)
    steps.save_as(monkeypatch, tmp_path / "notice.pdf")
    click(qtbot, letter.preview.export_button)
    assert (tmp_path / "notice.pdf").read_bytes() == letter.preview.pdf_bytes()
    letter.reject()

    # The visit day: lines rated, a finding recorded.
    clock.advance(3)
    steps.open_visit_from_list(a, vid)
    steps.move_visit(a, "start")
    steps.rate(a, 0, Rating.GOOD, "制度上墙，执行有记录")
    safety = steps.rate(a, 5, Rating.UNSATISFACTORY, "消防通道被杂物堵塞")
    steps.add_finding(a, "消防通道堆放杂物", Severity.SERIOUS, diagnosis="安全管理责任未落实",
                      recommendation="立即清理消防通道，建立每日巡查制度")
    steps.move_visit(a, "complete")
    lines = {r.indicator_id: r.rating for r in rows(a.ws, IndicatorResult, IndicatorResult.visit_id == vid)}
    assert lines[safety] is Rating.UNSATISFACTORY and len(lines) == 2

    # The feedback form drafted from the finding: one requirement, due by the region's rules.
    editor = steps.open_form_from_visit(a)
    assert editor.requirements.rowCount() == 1
    assert editor.requirements.item(0, 0).text() == "立即清理消防通道，建立每日巡查制度"
    due = load_rules("jiangxi.v1").rectification_deadline(clock.day, Severity.SERIOUS)
    assert due != load_rules("default.v1").rectification_deadline(clock.day, Severity.SERIOUS)
    assert editor.requirements.cellWidget(0, 1).date() == QDate(due.year, due.month, due.day)
    steps.sign_and_lock(a, editor, ("王芳", "责任督学"), ("李校长", "校长"))
    steps.export_and_verify(a, editor, monkeypatch, tmp_path / "sheet.pdf")
    editor.accept()

    # Signing opened one rectification per requirement.
    (form,) = rows(a.ws, FeedbackForm, FeedbackForm.visit_id == vid)
    tracker = steps.rectifications(a)
    qtbot.waitUntil(lambda: [r.form_number for r in tracker.model.rows] == [form.number], timeout=WAIT)
    (rect,) = tracker.model.rows
    assert rect.status is S.OPEN and rect.deadline == due and rect.school_name == "西湖小学"
    steps.sync(a)

    # The school reports; the re-inspection finds it rectified: verified, off the open list.
    clock.advance(5)
    steps.record_report(a, rect.id, "已清理消防通道，建立每日巡查台账")
    assert rows(a.ws, Rectification, Rectification.id == rect.id)[0].status is S.REPORTED
    steps.record_verdict(a, rect.id, Verdict.RECTIFIED, "现场复查：通道畅通，台账齐全")
    qtbot.waitUntil(lambda: all(r.id != rect.id for r in tracker.model.rows), timeout=WAIT)
    steps.rectifications(a, only_open=False)
    qtbot.waitUntil(lambda: any(r.id == rect.id and r.status is S.VERIFIED for r in tracker.model.rows), timeout=WAIT)
    assert not tracker.escalate_button.isVisible() and not tracker.incentive_button.isVisible()
    steps.sync(a)

    # The lead, on a laptop of their own, sees it verified and records an incentive (激励).
    b = laptops("zhang", Clock(clock.day))
    steps.sign_in(b, server.url, office.username("zhang"))
    page = steps.rectifications(b, only_open=False)
    steps.select_rectification(b, rect.id)
    assert page.selected().status is S.VERIFIED and page.incentive_button.isVisible()
    click(b.qtbot, page.incentive_button)
    dialog = page.dialog
    type_into(dialog.reason, "整改及时到位，予以表扬")
    type_into(dialog.decided_by, "张总督学")
    steps.save_dialog(b, dialog)
    steps.sync(b)
    steps.sync(a)
    (incentive,) = rows(a.ws, Escalation, Escalation.rectification_id == rect.id)
    assert incentive.kind is EscalationKind.INCENTIVE and incentive.decided_by == "张总督学"
