"""The school objects (异议) to a signed feedback form: the objection is recorded on
the Feedback forms page, its reply falls due by the rule file in force and shows
on Today as the day nears; Today opens the school's objections, and the reply
answers it, after which Today no longer lists it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from inspector_desktop.domain import Notice, ResponseKind, Severity
from inspector_desktop.domain.rules import load_rules
from inspector_desktop.store.models import SchoolResponse
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, click, rows, type_into


def _double_click(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    # A press first, then the double-click, over the same item, as a hand does.
    at = view.visualItemRect(view.item(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_an_objection_falls_due_on_today_and_is_answered(laptops, office, server):
    office.create_user("zhou", "周敏", office.code("O"))
    school_code = office.code("GY")
    office.import_schools((school_code, "光明中学", "新建区教育局", "新建区"))
    office.assign("zhou", school_code)

    clock = Clock(dt.date(2026, 11, 16))
    a = laptops("zhou", clock)
    qtbot = a.qtbot
    steps.sign_in(a, server.url, office.username("zhou"))
    steps.plan_visit(a, "光明中学", Notice.ANNOUNCED, clock.day)
    steps.add_finding(a, "食堂留样记录不全", Severity.MODERATE, recommendation="完善食品留样制度")
    editor = steps.open_form_from_visit(a)
    steps.sign_and_lock(a, editor, ("周敏", "责任督学"), ("刘校长", "校长"))
    number = editor.form.number
    editor.accept()

    # Two days later the school objects: Feedback forms → the form → Record the school's response….
    clock.advance(2)
    forms = a.window.forms_page
    steps.go(a, forms)
    qtbot.waitUntil(lambda: [r.number for r in forms.model.rows] == [number], timeout=WAIT)
    at = forms.view.visualRect(forms.model.index(0, 0)).center()
    qtbot.mouseClick(forms.view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    click(qtbot, forms.response_button)
    dialog = forms.dialog
    steps.choose(dialog.kind, ResponseKind.OBJECTION.value)
    type_into(dialog.text, "留样冰箱当日故障，记录已补齐，请求复核")
    steps.save_dialog(a, dialog)
    (objection,) = rows(a.ws, SchoolResponse)
    due = load_rules("default.v1").reply_deadline(clock.day)
    assert objection.kind is ResponseKind.OBJECTION and objection.reply_deadline == due

    # Not yet near: Today says so. Within the warning window it is listed with the days left.
    today = a.window.today_page
    steps.go(a, today)
    qtbot.waitUntil(lambda: today.items is not None and today.items.as_of == clock.day, timeout=WAIT)
    assert today.objection_list.count() == 1 and today.objection_list.item(0).data(256) is None
    clock.day = due - dt.timedelta(days=3)
    steps.go(a, a.window.visits_page)
    steps.go(a, today)
    qtbot.waitUntil(lambda: today.items is not None and today.items.as_of == clock.day, timeout=WAIT)
    item = today.objection_list.item(0)
    assert "reply due in 3 days" in item.text() and number in item.text()

    # Double-click: the school's objections; Reply… answers it.
    _double_click(qtbot, today.objection_list, 0)
    schools = a.window.schools_page
    assert a.window.stack.currentWidget() is schools
    qtbot.waitUntil(lambda: [r.id for r in schools.responses.rows] == [objection.id], timeout=WAIT)
    assert schools.tabs.currentIndex() == schools.tabs.count() - 1
    at = schools.response_view.visualRect(schools.responses.index(0, 0)).center()
    qtbot.mouseClick(schools.response_view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    click(qtbot, schools.reply_button)
    reply = schools.dialog
    type_into(reply.text, "经复核，补齐的留样记录予以认可，该项意见维持整改要求但不予通报")
    steps.save_dialog(a, reply)
    qtbot.waitUntil(lambda: schools.responses.rows[0].replied_on == clock.day, timeout=WAIT)
    assert not schools.reply_button.isEnabled()

    steps.go(a, today)
    qtbot.waitUntil(lambda: today.items is not None and not today.items.objections, timeout=WAIT)
    steps.sync(a)
    assert all(r.state == "sent" for r in a.window.sync_page.queue.rows)
