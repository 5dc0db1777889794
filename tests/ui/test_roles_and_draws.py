"""The window by role, the 双随机 draw's plans and past draws, and objections on Today,
driven through the real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from inspector_desktop.domain import FormStatus, Notice, ResponseKind
from inspector_desktop.store import duties, objections, profile, random_picks, roles
from inspector_desktop.store.models import FeedbackForm, SchoolResponse, Visit
from tests.ui.conftest import TODAY, open_window, settle


def _rectifications(window, qtbot):
    page = window.rectifications_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and bool(page.prompts), timeout=5000)
    row = next(r for r in page.model.rows if r.id in page.prompts)
    page.select(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id, timeout=2000)
    return page, row


def _dashboard(window, qtbot):
    page = window.dashboard_page
    window.show_page(page)
    settle(qtbot)  # the roles are read with the page
    return page


@pytest.fixture
def lead_window(qtbot, demo_workspace, ui_settings, english):
    roles.set_roles(demo_workspace, [roles.INSPECTOR, roles.LEAD])
    return open_window(qtbot, demo_workspace, ui_settings)


def _double_click(qtbot, view, row: int) -> None:
    # QTest's double-click alone does not press first, and a view acts on a double-click
    # only over the item the press went to: click, then double-click, as a hand does.
    at = view.visualItemRect(view.item(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_an_inspectors_window_offers_no_escalation_and_no_draw(window, qtbot):
    page, _row = _rectifications(window, qtbot)
    assert not page.escalate_button.isVisible() and not page.incentive_button.isVisible()
    assert page.office_note.isVisible() and "lead inspector records them" in page.office_note.text()
    assert page.report_button.isVisible()  # what an inspector does stays
    assert not _dashboard(window, qtbot).pick_button.isVisible()


def test_a_leads_window_offers_each_step_by_name_and_the_draw(lead_window, qtbot):
    page, row = _rectifications(lead_window, qtbot)
    assert page.escalate_button.isVisible() and page.incentive_button.isVisible()
    assert not page.office_note.isVisible()
    step = {"interview": "Interview", "public_notification": "Public notification",
            "accountability": "Accountability"}[page.prompts[row.id].value]
    assert page.escalate_button.text() == f"Record the next step: {step}…"
    assert _dashboard(lead_window, qtbot).pick_button.isVisible()


def test_a_draw_plans_visits_lists_itself_and_audits_again(lead_window, qtbot, demo_workspace):
    dashboard = _dashboard(lead_window, qtbot)
    dashboard.pick_button.click()
    dialog = dashboard.pick_dialog
    qtbot.waitUntil(lambda: dialog.draws is not None, timeout=5000)
    assert dialog.draws == ()
    dialog.schools.setValue(2)
    dialog.per_school.setValue(1)
    dialog.purpose.setText("2026年冬季专项督导")
    dialog.made_by.setText("王组长")
    dialog.notice.setCurrentIndex(dialog.notice.findData(Notice.UNANNOUNCED))
    with qtbot.waitSignal(dialog.picked.model().rowsInserted, timeout=5000):
        dialog.draw_button.click()
    qtbot.waitUntil(lambda: bool(dialog.draws), timeout=5000)
    record = dialog.shown.record
    with demo_workspace.read() as s:
        planned = s.scalars(sa.select(Visit).where(Visit.id.in_(list(record.visits.values())))).all()
        assert {v.school_id for v in planned} == set(record.school_ids)
        assert all(v.notice is Notice.UNANNOUNCED and [m.inspector_id for m in v.team] == list(record.inspectors[v.school_id])
                   for v in planned)
    # The list of past draws: date, purpose, seed; double-click opens the draw.
    assert dialog.past.count() == 1 and "2026年冬季专项督导" in dialog.past.item(0).text()
    assert record.seed[:12] in dialog.past.item(0).text()
    _double_click(qtbot, dialog.past, 0)
    detail = dialog.detail
    qtbot.waitUntil(lambda: detail is not None and detail.detail is not None, timeout=5000)
    assert record.seed in detail.seed.text() and detail.candidates.count() == len(detail.detail.candidates)
    assert detail.picks.count() == 2 and "Unannounced" in detail.picks.item(0).text()
    detail.audit_button.click()
    qtbot.waitUntil(lambda: detail.audited is not None, timeout=5000)
    assert detail.audited is True and "same" in detail.audit_result.text()
    assert random_picks.audit_random_pick(demo_workspace, record.id)
    # A pick's visit opens from the draw.
    with qtbot.waitSignal(lead_window.dashboard_page.open_visit, timeout=5000) as opened:
        _double_click(qtbot, detail.picks, 0)
    assert opened.args == [record.visits[record.school_ids[0]]]
    detail.reject()
    dialog.reject()
    settle(qtbot)


def test_an_objection_due_in_two_days_is_on_today_and_opens_the_schools_objections(
        qtbot, demo_workspace, ui_settings, english):
    me = profile.current_inspector_id(demo_workspace)
    mine = {s.school_id for s in duties.duty_ledger(demo_workspace, TODAY, me).schools}
    with demo_workspace.read() as s:
        form, number, school = s.execute(
            sa.select(FeedbackForm.id, FeedbackForm.number, Visit.school_id).join(Visit, Visit.id == FeedbackForm.visit_id)
            .where(FeedbackForm.status == FormStatus.ISSUED, Visit.school_id.in_(mine)).order_by(FeedbackForm.number)
        ).first()
    rid = objections.record_response(demo_workspace, form, ResponseKind.OBJECTION, "整改期限过短", TODAY)
    with demo_workspace.write() as s:
        s.get(SchoolResponse, rid).reply_deadline = TODAY + dt.timedelta(days=2)
    window = open_window(qtbot, demo_workspace, ui_settings)
    page = window.today_page
    qtbot.waitUntil(lambda: page.items is not None, timeout=5000)
    assert page.objection_box.isVisible() and page.objection_list.count() == 1
    text = page.objection_list.item(0).text()
    assert "reply due in 2 days" in text and number in text
    _double_click(qtbot, page.objection_list, 0)
    schools = window.schools_page
    assert window.stack.currentWidget() is schools
    qtbot.waitUntil(lambda: schools.dossier is not None and schools.dossier.school.id == school, timeout=5000)
    assert schools.tabs.currentIndex() == schools.tabs.count() - 1  # the Objections tab
    assert [r.id for r in schools.responses.rows] == [rid]
