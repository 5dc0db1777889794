"""Today: the day's summary, and the routine visits, deadlines and objections falling due."""

from __future__ import annotations

import dataclasses
import datetime as dt

from inspector_desktop.domain import EscalationKind, RectificationStatus, ResponseKind
from inspector_desktop.domain.rules import load_rules
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store import objections, rectifications, roles, rules, training
from inspector_desktop.store.today import today_items, today_summary
from tests.unit.test_rectifications import build_case

S = RectificationStatus
T = dt.date(2026, 11, 22)
TODAY = T


def test_training_summary_and_today(demo_workspace):
    summary = training.training_summary(demo_workspace, TODAY.year)
    assert summary.records and summary.progress.minutes == sum(r.minutes for r in summary.records)
    assert not summary.progress.complete
    day = today_summary(demo_workspace, TODAY)
    assert day.inspector_name == "李明华" and day.overdue_rectifications > 0
    assert all(r.planned_on == TODAY for r in day.visits_today)


def test_today_follows_a_rectification_through_the_chain(workspace):
    case = build_case(workspace)  # deadlines 4 Nov and 4 Dec
    rectifications.open_rectifications(workspace, case.form)
    first = today_items(workspace, dt.date(2026, 11, 1), case.inspector).deadlines
    assert [(d.deadline, d.days_left, d.status, d.escalation_prompt) for d in first] == [
        (dt.date(2026, 11, 4), 3, S.OPEN, None)]
    late = today_items(workspace, dt.date(2026, 11, 10), case.inspector).deadlines
    assert [(d.status, d.escalation_prompt) for d in late] == [(S.OVERDUE, EscalationKind.INTERVIEW)]
    roles.set_roles(workspace, [roles.LEAD])
    rectifications.record_escalation(workspace, late[0].rectification_id, EscalationKind.INTERVIEW, "逾期", dt.date(2026, 11, 10), "王建国")
    # The school has until the 25th: the item leaves Today, then comes back with the next rung.
    assert today_items(workspace, dt.date(2026, 11, 20), case.inspector).deadlines == ()
    back = today_items(workspace, dt.date(2026, 11, 26), case.inspector).deadlines
    assert [d.escalation_prompt for d in back] == [EscalationKind.PUBLIC_NOTIFICATION]
    # A week before 4 December the second item comes into view too.
    both = today_items(workspace, dt.date(2026, 11, 27), case.inspector).deadlines
    assert [(d.deadline, d.escalation_prompt) for d in both] == [
        (dt.date(2026, 11, 25), EscalationKind.PUBLIC_NOTIFICATION), (dt.date(2026, 12, 4), None)]
    rectifications.report_rectification(workspace, late[0].rectification_id, "已整改", dt.date(2026, 11, 27))
    assert len(today_items(workspace, dt.date(2026, 11, 27), case.inspector).deadlines) == 1


def test_today_shows_visits_due_and_objections_awaiting_a_reply(workspace):
    case = build_case(workspace)
    items = today_items(workspace, T, case.inspector)
    assert [(v.school_name, v.routine.state) for v in items.visits] == [("湖滨路小学2", VisitDue.OVERDUE)]
    rid = objections.record_response(workspace, case.form, ResponseKind.OBJECTION, "期限过短", dt.date(2026, 11, 20))
    # Due on 7 December (5 Dec is a Saturday): outside the week's warning window today, inside it from the 30th.
    assert today_items(workspace, T, case.inspector).objections == ()
    [objection] = today_items(workspace, dt.date(2026, 11, 30), case.inspector).objections
    assert (objection.reply_deadline, objection.days_left, objection.school_id) == (dt.date(2026, 12, 7), 7, case.school)
    [late] = today_items(workspace, dt.date(2026, 12, 9), case.inspector).objections
    assert late.days_left == -2  # a passed deadline stays until the reply
    objections.reply_to_objection(workspace, rid, "维持", T)
    assert today_items(workspace, dt.date(2026, 12, 9), case.inspector).objections == ()


def test_an_objection_due_in_two_days_is_on_today(workspace):
    case = build_case(workspace)
    rid = objections.record_response(workspace, case.form, ResponseKind.OBJECTION, "期限过短", dt.date(2026, 11, 20))
    day = dt.date(2026, 12, 5)  # two days before the reply is due
    [due] = today_items(workspace, day, case.inspector).objections
    assert (due.response_id, due.days_left, due.form_number, due.school_name) == (
        rid, 2, "DX002-2026-0001", "湖滨路小学2")


def test_demo_today_has_overdue_items_with_prompts(demo_workspace):
    items = today_items(demo_workspace, T)
    assert items.deadlines and all(d.status in (S.OPEN, S.OVERDUE, S.ESCALATED) for d in items.deadlines)
    assert any(d.escalation_prompt is EscalationKind.INTERVIEW for d in items.deadlines)
    assert all(d.days_left <= rules.active_rules(demo_workspace).deadline_warning_days for d in items.deadlines)
    assert all(v.routine.state in (VisitDue.DUE_SOON, VisitDue.OVERDUE) for v in items.visits)


def test_due_soon_is_the_rule_files_warning_window_in_summary_and_items(workspace, monkeypatch):
    case = build_case(workspace)  # deadlines 4 Nov and 4 Dec
    rectifications.open_rectifications(workspace, case.form)
    day = dt.date(2026, 11, 1)

    def seen():
        summary = today_summary(workspace, day)
        deadlines = [d.deadline for d in today_items(workspace, day, case.inspector).deadlines]
        return summary.due_soon_days, summary.due_soon_rectifications, deadlines

    assert seen() == (7, 1, [dt.date(2026, 11, 4)])
    wide = dataclasses.replace(load_rules(), deadline_warning_days=40)
    monkeypatch.setattr("inspector_desktop.store.today.active_rules", lambda _ws: wide)
    assert seen() == (40, 2, [dt.date(2026, 11, 4), dt.date(2026, 12, 4)])
