"""Two inspectors on one visit team, each on their own laptop, and a lead on a third:
work done apart converges at sync (a line rated on both laptops is one record, the
differing rating shown as a conflict on the Sync page); an overdue rectification
reaches Today; the lead decides 约谈 → 通报 → 问责, each printed as its own
document with what it tells the school (the interview's time and place, whom the
notification goes to); the inspectors see each decision after their next sync, and
their windows offer no escalation step."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime

from inspector_desktop.domain import EscalationKind, Notice, Rating, RectificationStatus, Severity
from inspector_desktop.store.models import Escalation, IndicatorResult, Rectification
from inspector_desktop.sync.protocol import Role
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, click, rows, type_into

S = RectificationStatus
LADDER = (("Interview", EscalationKind.INTERVIEW), ("Public notification", EscalationKind.PUBLIC_NOTIFICATION),
          ("Accountability", EscalationKind.ACCOUNTABILITY))
INTERVIEW_PLACE = "红谷滩区教育督导室第二会议室"


def _lines(ws, visit_id):  # type: ignore[no-untyped-def]
    return {r.id: (r.indicator_id, r.rating) for r in rows(ws, IndicatorResult, IndicatorResult.visit_id == visit_id)}


def _deadline_texts(laptop) -> list[str]:  # type: ignore[no-untyped-def]
    today = laptop.window.today_page
    steps.go(laptop, today)
    laptop.qtbot.waitUntil(lambda: today.items is not None and today.items.as_of == laptop.clock(), timeout=WAIT)
    return [today.deadline_list.item(i).text() for i in range(today.deadline_list.count())]


def test_two_inspectors_sync_and_the_lead_escalates_step_by_step(laptops, office, server, monkeypatch, tmp_path):
    office.create_user("li", "李明", office.code("A"))
    office.create_user("zhao", "赵华", office.code("B"))
    office.create_user("chen", "陈总督学", office.code("C"), Role.INSPECTOR, Role.LEAD)
    school_code = office.code("DF")
    office.import_schools((school_code, "东风中学", "红谷滩区教育局", "红谷滩区"))
    office.assign("li", school_code)
    office.assign("zhao", school_code)

    clock = Clock(dt.date(2026, 11, 9))
    li, zhao, lead = laptops("li", clock), laptops("zhao", clock), laptops("chen", clock)
    steps.sign_in(li, server.url, office.username("li"))
    steps.sign_in(zhao, server.url, office.username("zhao"))

    # Li plans the visit for both; Zhao's laptop receives it at its next sync.
    vid = steps.plan_visit(li, "东风中学", Notice.ANNOUNCED, clock.day, team=["李明", "赵华"])
    steps.sync(li)
    steps.sync(zhao)
    steps.open_visit_from_list(zhao, vid)
    assert "李明" in zhao.window.visits_page.visit_page.subtitle.text()

    # In the school, apart: each rates lines, both rate line 3, Li records a finding.
    steps.go(li, li.window.visits_page)
    steps.rate(li, 0, Rating.GOOD)
    shared = steps.rate(li, 2, Rating.GOOD, "听课两节，教学规范")
    steps.add_finding(li, "学生课业负担偏重，作业时长超标", Severity.MINOR, recommendation="制定作业总量控制方案")
    steps.rate(zhao, 1, Rating.SATISFACTORY)
    assert steps.rate(zhao, 2, Rating.NEEDS_IMPROVEMENT) == shared

    steps.sync(li)
    steps.sync(zhao)
    steps.sync(li)
    # One record per line on both laptops: the same ids, the server's rating (Li's came first).
    assert _lines(li.ws, vid) == _lines(zhao.ws, vid)
    assert len(_lines(li.ws, vid)) == 3
    assert {ind: rating for ind, rating in _lines(zhao.ws, vid).values()}[shared] is Rating.GOOD
    page = zhao.window.sync_page
    zhao.qtbot.waitUntil(lambda: any(c.field == "rating" for c in page.conflicts.rows), timeout=WAIT)
    (conflict,) = page.conflicts.rows  # the rating only: what each entered, not untouched blanks
    assert (conflict.entity, conflict.mine, conflict.theirs) == ("indicator_result", "needs_improvement", "good")
    # Zhao takes the kept values, one conflict after another.
    while page.conflicts.rows:
        page.conflicts.view.selectRow(0)
        click(zhao.qtbot, page.conflicts.take_theirs)
        zhao.qtbot.waitUntil(lambda left=len(page.conflicts.rows): len(page.conflicts.rows) == left - 1, timeout=WAIT)
    steps.sync(zhao)

    # Li drafts, both sign, the form is locked: one rectification, due by the rule file in force.
    steps.go(li, li.window.visits_page)
    editor = steps.open_form_from_visit(li)
    steps.sign_and_lock(li, editor, ("李明", "责任督学"), ("王校长", "校长"))
    editor.accept()
    (rect,) = rows(li.ws, Rectification)
    steps.sync(li)
    steps.sync(zhao)
    assert [r.id for r in rows(zhao.ws, Rectification)] == [rect.id]

    # The deadline passes with no report: overdue on both inspectors' Today, due for an interview.
    clock.day = rect.deadline + dt.timedelta(days=1)
    for laptop in (li, zhao):
        (text,) = _deadline_texts(laptop)
        assert "1 day overdue" in text and "Due for escalation: Interview" in text
    # An inspector's window offers no escalation step: the office decides them.
    tracker = steps.rectifications(li)
    steps.select_rectification(li, rect.id)
    assert tracker.selected().status is S.OVERDUE
    assert not tracker.escalate_button.isVisible() and not tracker.incentive_button.isVisible()
    assert tracker.office_note.isVisible()

    steps.sign_in(lead, server.url, office.username("chen"))
    for n, (step, kind) in enumerate(LADDER):
        details = _decide(lead, rect.id, step, kind, n, monkeypatch, tmp_path / f"step-{n + 1}.pdf")
        steps.sync(lead)
        # Each inspector sees the decision after the next sync: the step, what it tells the school, its document.
        for laptop in (li, zhao):
            steps.sync(laptop)
            _see_decision(laptop, rect.id, step, kind, details)
        # The step gives the school a new deadline; it passes too.
        (now,) = rows(li.ws, Rectification)
        assert now.deadline > clock.day
        clock.day = now.deadline + dt.timedelta(days=1)
    assert [e.kind for e in sorted(rows(li.ws, Escalation), key=lambda e: e.decided_on)] == [k for _s, k in LADDER]


def _decide(lead, rect_id: str, step: str, kind: EscalationKind, n: int, monkeypatch, out) -> dict:  # type: ignore[no-untyped-def]
    """The lead sees the item due for this step, records it with what its paper tells the school, and its
    document opens to be exported. Returns the step's details as the lead left them in the dialog."""
    page = steps.rectifications(lead)
    lead.qtbot.waitUntil(lambda: page.prompts.get(rect_id) is kind, timeout=WAIT)
    steps.select_rectification(lead, rect_id)
    assert f"Due for escalation: {step}" in page.selected_text.text()
    assert page.escalate_button.text() == f"Record the next step: {step}…"
    click(lead.qtbot, page.escalate_button)
    dialog = page.dialog
    assert dialog.kind.currentData() == kind  # the step due is the one offered
    type_into(dialog.reason, f"逾期未整改（第{n + 1}次）")
    type_into(dialog.decided_by, "陈总督学")
    type_into(dialog.evidence, "整改期限届满，学校未报送整改报告")
    details = _step_details(lead, dialog, kind)
    steps.save_dialog(lead, dialog)
    lead.qtbot.waitUntil(lambda: page.dialog is not dialog and page.dialog.preview.page_count() >= 1, timeout=WAIT)
    document = page.dialog
    assert document.windowTitle().startswith(f"{step}: document")
    steps.save_as(monkeypatch, out)
    click(lead.qtbot, document.preview.export_button)
    assert out.read_bytes().startswith(b"%PDF")
    document.reject()
    return details


def _step_details(lead, dialog, kind: EscalationKind) -> dict:  # type: ignore[no-untyped-def]
    """What the step's paper tells the school, as the lead reads and completes it in the dialog: the
    proposals drawn from the school and the visit's team appear, an interview gets its own time and place."""
    qtbot = lead.qtbot
    if kind is EscalationKind.INTERVIEW:
        assert dialog.held_at.isVisible() and dialog.place.isVisible() and not dialog.notified_to.isVisible()
        qtbot.waitUntil(lambda: "东风中学" in dialog.participants.toPlainText(), timeout=WAIT)
        assert "李明" in dialog.participants.toPlainText()  # the visit's lead inspector attends
        day = dialog.day.date().toPython() + dt.timedelta(days=2)
        dialog.held_at.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(14, 30)))
        dialog.place.clear()
        type_into(dialog.place, INTERVIEW_PLACE)
        return {"held_at": dt.datetime(day.year, day.month, day.day, 14, 30), "place": INTERVIEW_PLACE,
                "participants": dialog.participants.toPlainText()}
    assert not dialog.held_at.isVisible() and not dialog.place.isVisible() and dialog.notified_to.isVisible()
    if kind is EscalationKind.PUBLIC_NOTIFICATION:
        qtbot.waitUntil(lambda: "红谷滩区教育局" in dialog.notified_to.toPlainText(), timeout=WAIT)
        assert "红谷滩区" in dialog.notified_to.toPlainText().replace("红谷滩区教育局", "")  # the district's schools
        return {"notified_to": dialog.notified_to.toPlainText()}
    qtbot.waitUntil(lambda: "东风中学" in dialog.participants.toPlainText(), timeout=WAIT)
    assert dialog.notified_to.toPlainText() == "红谷滩区教育局"  # addressed to the competent department
    return {"participants": dialog.participants.toPlainText(), "notified_to": dialog.notified_to.toPlainText()}


def _see_decision(laptop, rect_id: str, step: str, kind: EscalationKind, details: dict) -> None:  # type: ignore[no-untyped-def]
    """An inspector's Rectifications page: the decision named with what it tells the school, its document
    opened; no step offered."""
    (recorded,) = [e for e in rows(laptop.ws, Escalation) if e.kind is kind]
    assert recorded.decided_by == "陈总督学"
    assert {name: getattr(recorded, name) for name in details} == details
    tracker = steps.rectifications(laptop)
    steps.select_rectification(laptop, rect_id)
    laptop.qtbot.waitUntil(lambda: tracker.selected().status is S.ESCALATED
                           and f"{step} decided on" in tracker.selected_text.text(), timeout=WAIT)
    assert "by 陈总督学" in tracker.selected_text.text()
    assert not tracker.escalate_button.isVisible() and tracker.office_note.isVisible()
    click(laptop.qtbot, tracker.document_button)
    seen = tracker.dialog
    laptop.qtbot.waitUntil(lambda: seen.preview.page_count() >= 1, timeout=WAIT)
    assert seen.windowTitle().startswith(f"{step}: document")
    seen.reject()


def test_a_line_rated_on_two_laptops_shows_only_the_rating_as_a_conflict(laptops, office, server):
    office.create_user("qian", "钱进", office.code("Q"))
    office.create_user("sun", "孙丽", office.code("R"))
    school_code = office.code("NJ")
    office.import_schools((school_code, "南京路小学", "东湖区教育局", "东湖区"))
    office.assign("qian", school_code)
    office.assign("sun", school_code)
    clock = Clock(dt.date(2026, 11, 9))
    qian, sun = laptops("qian", clock), laptops("sun", clock)
    steps.sign_in(qian, server.url, office.username("qian"))
    steps.sign_in(sun, server.url, office.username("sun"))
    vid = steps.plan_visit(qian, "南京路小学", Notice.ANNOUNCED, clock.day, team=["钱进", "孙丽"])
    steps.sync(qian)
    steps.sync(sun)
    steps.open_visit_from_list(sun, vid)
    steps.go(qian, qian.window.visits_page)
    steps.rate(qian, 4, Rating.GOOD, "师德师风档案齐全")
    steps.rate(sun, 4, Rating.SATISFACTORY)
    steps.sync(qian)
    steps.sync(sun)
    page = sun.window.sync_page
    sun.qtbot.waitUntil(lambda: bool(page.conflicts.rows), timeout=WAIT)
    assert [c.field for c in page.conflicts.rows] == ["rating"]
