"""The school's response (异议) recorded on the Forms page, then answered from the school's dossier."""

from __future__ import annotations

import datetime as dt
import os

import sqlalchemy as sa

from inspector_desktop.domain import FormStatus, ResponseKind
from inspector_desktop.store import form_list, objections
from inspector_desktop.store.models import FeedbackForm, Visit
from tests.ui.conftest import TODAY, settle

RECEIVED = dt.date(2026, 10, 9)  # long enough ago that the reply is overdue by TODAY


def _school_of(ws, form_id):
    with ws.read() as s:
        return s.scalar(sa.select(Visit.school_id).join(FeedbackForm, FeedbackForm.visit_id == Visit.id)
                        .where(FeedbackForm.id == form_id))


def _record_objection(window, qtbot):
    page = window.forms_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    drafts = [i for i, r in enumerate(page.model.rows) if r.status is FormStatus.DRAFT]
    page.view.selectRow(drafts[0])
    assert not page.response_button.isEnabled()  # a draft cannot be answered
    row = next(i for i, r in enumerate(page.model.rows) if r.status is FormStatus.SIGNED)
    page.view.selectRow(row)
    assert page.response_button.isEnabled()
    page.response_button.click()
    dialog = page.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(ResponseKind.OBJECTION.value))
    dialog.buttons.accepted.emit()  # no reasons yet: refused in words, nothing saved
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    assert "reasons" in dialog.error.text() and dialog.isVisible()
    dialog.text.setPlainText("整改期限过短，申请延长。")
    dialog.day.setDate(RECEIVED)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.buttons.accepted.emit()
    return page.model.rows[row]


def _open_objections(window, qtbot, school_id):
    page = window.schools_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.schools.rowCount() > 0, timeout=5000)
    page.school_view.selectRow(next(i for i, r in enumerate(page.schools.rows) if r.id == school_id))
    qtbot.waitUntil(lambda: page.dossier is not None and page.dossier.school.id == school_id, timeout=5000)
    page.tabs.setCurrentIndex(3)
    return page


def test_objection_shows_in_the_dossier_with_its_deadline_then_is_replied(window, qtbot, demo_workspace):
    form = _record_objection(window, qtbot)
    page = _open_objections(window, qtbot, _school_of(demo_workspace, form.id))
    assert page.tabs.tabText(3) == "Objections"
    rows = page.responses.rows
    assert [(r.form_number, r.kind) for r in rows] == [(form.number, ResponseKind.OBJECTION)]
    due = rows[0].reply_deadline
    assert due is not None and RECEIVED < due < TODAY and rows[0].overdue
    text = lambda col: page.responses.index(0, col).data()  # noqa: E731
    assert text(3) == "整改期限过短，申请延长。"
    assert "overdue" in text(4) and text(5) == "awaiting reply"

    assert not page.reply_button.isEnabled()
    page.response_view.selectRow(0)
    assert page.reply_button.isEnabled()
    page.reply_button.click()
    dialog = page.dialog
    dialog.text.setPlainText("期限依规定执行，维持原要求。")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: page.responses.rows and page.responses.rows[0].replied_on == TODAY, timeout=5000)
    assert "overdue" not in text(4) and "维持原要求" in text(5)
    assert not page.reply_button.isEnabled()  # answered once


def test_chinese_objections_tab_screenshot(window, qtbot, demo_workspace):
    from inspector_desktop.ui import i18n

    form = _record_objection(window, qtbot)
    sid = _school_of(demo_workspace, form.id)
    # A second, answered objection on another form of the same school, so the tab shows both states.
    other = next((r for r in form_list.form_rows(demo_workspace, TODAY) if r.id != form.id
                  and r.status is not FormStatus.DRAFT and _school_of(demo_workspace, r.id) == sid), None)
    if other is not None:
        rid = objections.record_response(demo_workspace, other.id, ResponseKind.OBJECTION, "问题定性不准确。", dt.date(2026, 11, 18))
        objections.reply_to_objection(demo_workspace, rid, "已复核，维持原结论。", dt.date(2026, 11, 20))
    i18n.apply_language("zh_CN")
    page = _open_objections(window, qtbot, sid)
    qtbot.waitUntil(lambda: page.responses.rowCount() >= 1, timeout=5000)
    assert page.tabs.tabText(3) == "异议" and page.reply_button.text() == "答复…"
    late = next(i for i, r in enumerate(page.responses.rows) if r.overdue)
    assert "逾期" in page.responses.index(late, 4).data() and page.responses.index(late, 5).data() == "待答复"
    window.resize(1400, 800)
    settle(qtbot)
    out = os.environ.get("SHOTS_DIR")
    if out:
        window.grab().save(os.path.join(out, "objections_zh.png"))
