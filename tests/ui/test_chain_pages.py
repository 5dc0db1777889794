"""The accountability chain driven through the Rectifications and Today pages."""

from __future__ import annotations

from inspector_desktop.domain import EscalationKind, RectificationStatus, Verdict
from inspector_desktop.store import duties, escalation_docs, profile, rectifications, roles
from inspector_desktop.store.today import today_items
from tests.ui.conftest import TODAY, settle

S = RectificationStatus


def _page(window, qtbot):
    page = window.rectifications_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and bool(page.form_ids), timeout=5000)
    return page


def _select(page, qtbot, status):
    row = next(r for r in page.model.rows if r.status is status)
    assert page.select(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id, timeout=2000)
    return row


def _saved(qtbot, dialog):
    with qtbot.waitSignal(dialog.saved, timeout=5000) as blocker:
        dialog.buttons.accepted.emit()
    return blocker.args[0]


def _status(ws, rid):
    return next(r.status for r in rectifications.rectification_rows(ws, TODAY) if r.id == rid)


def test_report_then_reinspection_closes_the_rectification(window, qtbot, demo_workspace, photo):
    page = _page(window, qtbot)
    row = _select(page, qtbot, S.OPEN)
    assert page.report_button.isEnabled() and not page.verdict_button.isEnabled()

    page.report_button.click()
    dialog = page.dialog
    dialog.text.setPlainText("已清理消防通道，加装指示灯")
    dialog.add_files([photo])
    ids = _saved(qtbot, dialog)
    assert len(ids) == 1 and _status(demo_workspace, row.id) is S.REPORTED
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().status is S.REPORTED, timeout=5000)

    assert page.verdict_button.isEnabled()
    page.verdict_button.click()
    dialog = page.dialog
    dialog.verdict.setCurrentIndex(dialog.verdict.findData(Verdict.RECTIFIED))
    _saved(qtbot, dialog)
    assert _status(demo_workspace, row.id) is S.VERIFIED
    # Verified items leave the "not yet verified" list.
    qtbot.waitUntil(lambda: all(r.id != row.id for r in page.model.rows), timeout=5000)


def test_an_empty_report_is_refused_in_words_and_the_dialog_keeps_its_files(window, qtbot, demo_workspace, photo):
    page = _page(window, qtbot)
    row = _select(page, qtbot, S.OPEN)
    page.report_button.click()
    dialog = page.dialog
    dialog.add_files([photo])
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert "Write what the school reports" in dialog.error.text()
    assert dialog.isVisible() and dialog.files.count() == 1
    assert _status(demo_workspace, row.id) is S.OPEN
    dialog.reject()


def test_escalation_refuses_a_skipped_step_then_records_one_and_shows_its_pdf(window, qtbot, demo_workspace):
    roles.set_roles(demo_workspace, [roles.LEAD])  # signed in as a lead: the office's steps are offered
    page = _page(window, qtbot)
    row = next(r for r in page.model.rows if page.prompts.get(r.id) is EscalationKind.INTERVIEW)
    page.select(row.id)
    qtbot.waitUntil(lambda: page.escalate_button.isEnabled(), timeout=2000)
    assert "Interview" in page.selected_text.text()

    page.escalate_button.click()
    dialog = page.dialog
    assert dialog.kind.currentData() == EscalationKind.INTERVIEW  # the prompted rung is offered
    dialog.kind.setCurrentIndex(dialog.kind.findData(EscalationKind.ACCOUNTABILITY))
    dialog.reason.setPlainText("逾期未整改")
    dialog.decided_by.setText("王主任")
    dialog.evidence.setPlainText("复查记录")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert "the next step is Interview, not Accountability" in dialog.error.text()

    dialog.kind.setCurrentIndex(dialog.kind.findData(EscalationKind.INTERVIEW))
    escalation_id = _saved(qtbot, dialog)
    assert _status(demo_workspace, row.id) is S.ESCALATED
    document = page.dialog
    qtbot.waitUntil(lambda: document.preview.page_count() > 0, timeout=15_000)
    data = document.preview.pdf_bytes()
    assert data.startswith(b"%PDF")
    assert escalation_docs.escalation_document(demo_workspace, escalation_id).kind is EscalationKind.INTERVIEW
    assert document.preview.print_button.isEnabled() and document.preview.export_button.isEnabled()
    document.reject()
    settle(qtbot)
    assert page.document_button.isEnabled()


def test_today_lists_due_visits_deadlines_and_ledger_alerts(window, qtbot, demo_workspace):
    page = window.today_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.deadline_list.count() > 0, timeout=5000)
    items = today_items(demo_workspace, TODAY, profile.current_inspector_id(demo_workspace))
    duty = duties.duty_ledger(demo_workspace, TODAY)
    assert page.deadline_list.count() == len(items.deadlines) > 0
    assert page.routine_list.count() == len(items.visits) > 0
    assert items.visits[0].school_name in page.routine_list.item(0).text()
    alerts = page.alerts.text()
    assert len(duty.alerts) > 0
    assert alerts.count("\n") + 1 == len(duty.alerts)
    for a in duty.alerts:
        assert str(a.params.get("school") or a.params.get("hours") or a.params.get("schools")) in alerts
    assert "Training hours behind" in alerts  # the demo inspector is short of the pro-rata hours
    assert f"{duty.load.schools}" in page.ledger_text.text()
