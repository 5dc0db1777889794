"""What an escalation step's paper tells the school, entered in the step dialog; and the
notice letter refused, in words, for a visit it can no longer announce."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from PySide6.QtCore import QDate, QDateTime, QTime

from inspector_desktop.domain import EscalationKind, Notice, VisitStatus
from inspector_desktop.store import escalation_docs, roles
from inspector_desktop.store.models import Escalation, Visit
from tests.ui.conftest import TODAY, settle
from tests.ui.test_chain_pages import _page, _saved

E = EscalationKind


def _interview_dialog(window, qtbot, demo_workspace):
    roles.set_roles(demo_workspace, [roles.LEAD])
    page = _page(window, qtbot)
    row = next(r for r in page.model.rows if page.prompts.get(r.id) is E.INTERVIEW)
    page.select(row.id)
    qtbot.waitUntil(lambda: page.escalate_button.isEnabled(), timeout=2000)
    page.escalate_button.click()
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog.participants.toPlainText() != "", timeout=5000)
    return page, dialog


def test_the_interview_asks_when_where_and_who_with_defaults_and_they_are_recorded(window, qtbot, demo_workspace):
    page, dialog = _interview_dialog(window, qtbot, demo_workspace)
    assert dialog.held_at.isVisible() and dialog.place.isVisible() and not dialog.notified_to.isVisible()
    # A week from today at nine, at the inspection office, with the school's and department's heads.
    assert dialog.held_at.dateTime().toPython() == dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(9))
    assert dialog.place.text() == "Meeting room of the education inspection office"
    proposed = dialog.participants.toPlainText()
    assert proposed.startswith("Head of ") and "; head of " in proposed and "inspectors " in proposed
    dialog.grab().save("/tmp/h3/step-dialog-interview.png")

    dialog.reason.setPlainText("整改逾期未完成，约谈校长。")
    dialog.decided_by.setText("王建国")
    dialog.held_at.setDateTime(QDateTime(QDate(2026, 11, 27), QTime(14, 30)))
    dialog.place.setText("区教育督导室二楼会议室")
    dialog.participants.setPlainText("校长；区教育体育局分管负责人；责任督学 李明华")
    escalation_id = _saved(qtbot, dialog)
    with demo_workspace.read() as s:
        step = s.get(Escalation, escalation_id)
        assert (step.held_at, step.place, step.participants) == (
            dt.datetime(2026, 11, 27, 14, 30), "区教育督导室二楼会议室", "校长；区教育体育局分管负责人；责任督学 李明华")
    doc = escalation_docs.escalation_document(demo_workspace, escalation_id)
    assert doc.details.place == "区教育督导室二楼会议室"
    page.dialog.reject()
    settle(qtbot)


def test_an_interview_without_a_place_is_refused_in_words_and_the_dialog_stays(window, qtbot, demo_workspace):
    _page_, dialog = _interview_dialog(window, qtbot, demo_workspace)
    dialog.reason.setPlainText("逾期")
    dialog.decided_by.setText("王建国")
    dialog.place.setText("  ")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert "Give the place of the interview" in dialog.error.text()
    assert dialog.isVisible()
    dialog.reject()
    settle(qtbot)


def test_the_other_steps_ask_whom_their_paper_goes_to(window, qtbot, demo_workspace):
    _page_, dialog = _interview_dialog(window, qtbot, demo_workspace)
    dialog.kind.setCurrentIndex(dialog.kind.findData(E.PUBLIC_NOTIFICATION))
    assert not dialog.held_at.isVisible() and not dialog.participants.isVisible() and dialog.notified_to.isVisible()
    assert dialog.form.labelForField(dialog.notified_to).text() == "Notified to"
    assert "schools" in dialog.notified_to.toPlainText()
    dialog.grab().save("/tmp/h3/step-dialog-notification.png")
    dialog.kind.setCurrentIndex(dialog.kind.findData(E.ACCOUNTABILITY))
    assert dialog.participants.isVisible() and dialog.notified_to.isVisible()
    assert dialog.form.labelForField(dialog.participants).text() == "Persons concerned"
    assert dialog.form.labelForField(dialog.notified_to).text() == "Addressed to"
    dialog.notified_to.setPlainText("区纪委监委派驻纪检监察组")  # typed over: kept when switching back and forth
    dialog.kind.setCurrentIndex(dialog.kind.findData(E.PUBLIC_NOTIFICATION))
    assert dialog.notified_to.toPlainText() == "区纪委监委派驻纪检监察组"
    dialog.reject()
    settle(qtbot)


def _visit(ws, **where):
    with ws.read() as s:
        return s.scalar(sa.select(Visit.id).where(*[getattr(Visit, k) == v for k, v in where.items()])
                        .order_by(Visit.planned_on).limit(1))


def _notice_refusal(window, qtbot, visit_id):
    page = window.visits_page
    window.show_page(page)
    page.open_visit(visit_id)
    visit_page = page.visit_page
    qtbot.waitUntil(lambda: visit_page.detail is not None and visit_page.detail.id == visit_id, timeout=5000)
    if not visit_page.notice_button.isVisible():
        return None
    visit_page.notice_button.click()
    dialog = visit_page.notice_dialog
    empty = dialog.preview.status.text()  # "No sheet yet" until the letter or its refusal comes
    qtbot.waitUntil(lambda: dialog.preview.status.text() != empty, timeout=10_000)
    text = dialog.preview.status.text()
    assert dialog.preview.page_count() == 0
    dialog.reject()
    settle(qtbot)
    return text


def test_the_window_explains_why_a_completed_or_past_visit_has_no_notice_letter(window, qtbot, demo_workspace):
    completed = _visit(demo_workspace, notice=Notice.ANNOUNCED, status=VisitStatus.COMPLETED)
    assert "already completed" in _notice_refusal(window, qtbot, completed)
    with demo_workspace.write() as s:
        past = s.scalar(sa.select(Visit).where(Visit.notice == Notice.ANNOUNCED, Visit.status == VisitStatus.PLANNED,
                                               Visit.planned_on >= TODAY).limit(1))
        past.planned_on, past_id = TODAY - dt.timedelta(days=3), past.id
    text = _notice_refusal(window, qtbot, past_id)
    assert f"planned for {(TODAY - dt.timedelta(days=3)).isoformat()}, which has passed" in text
