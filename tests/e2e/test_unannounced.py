"""An unannounced visit (暗访, "four no, two direct"): its plan reaches only its team
and the leads, never a third inspector responsible for the same school; no notice
letter can be made for it; on the team's laptops discreet mode hides it until it
is revealed, and hides it again afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from inspector_desktop.domain import DomainError, Notice
from inspector_desktop.store import notices
from inspector_desktop.store.models import Visit
from inspector_desktop.sync.protocol import Role
from inspector_desktop.ui.table_models import hidden_text
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, ModalAnswers, click, rows, settle


def _list_row(laptop, visit_id: str) -> int:  # type: ignore[no-untyped-def]
    """The visit's row in the Visits list, once the list has it."""
    page = laptop.window.visits_page
    steps.go(laptop, page)
    if page.stack.currentWidget() is not page.list_page:
        click(laptop.qtbot, page.visit_page.back_button)
    laptop.qtbot.waitUntil(lambda: any(page.model.row_at(r).id == visit_id for r in range(page.model.rowCount())),
                           timeout=WAIT)
    return next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == visit_id)


def _school_cell(laptop, row: int) -> str:  # type: ignore[no-untyped-def]
    model = laptop.window.visits_page.model
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "School")
    return model.data(model.index(row, column))


def _double_click_row(laptop, row: int) -> None:  # type: ignore[no-untyped-def]
    view = laptop.window.visits_page.table
    at = view.visualRect(laptop.window.visits_page.model.index(row, 0)).center()
    laptop.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    laptop.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_an_unannounced_plan_reaches_only_its_team_and_the_leads_and_stays_hidden(laptops, office, server):
    for user, name, code in (("wu", "吴强", "U"), ("xu", "徐静", "V"), ("he", "何平", "X")):
        office.create_user(user, name, office.code(code))
    office.create_user("gao", "高总督学", office.code("Y"), Role.INSPECTOR, Role.LEAD)
    school_code = office.code("HX")
    office.import_schools((school_code, "红星小学", "湾里区教育局", "湾里区"))
    for user in ("wu", "xu", "he"):  # all three responsible; only two go
        office.assign(user, school_code)

    clock = Clock(dt.date(2026, 11, 23))
    wu, xu, he, gao = (laptops(n, clock) for n in ("wu", "xu", "he", "gao"))
    for laptop, user in ((wu, "wu"), (xu, "xu"), (he, "he"), (gao, "gao")):
        steps.sign_in(laptop, server.url, office.username(user))

    vid = steps.plan_visit(wu, "红星小学", Notice.UNANNOUNCED, clock.day + dt.timedelta(days=4),
                           team=["吴强", "徐静"], purpose="食堂卫生暗访")
    visit = wu.window.visits_page.visit_page
    # No notice letter for an unannounced visit: the visit page does not offer one, and the store refuses it.
    assert not visit.notice_button.isVisible()
    with pytest.raises(DomainError):
        notices.notice_letter_facts(wu.ws, vid)
    for laptop in (wu, xu, he, gao):
        steps.sync(laptop)

    # Only the team and the lead received it.
    assert [v.id for v in rows(xu.ws, Visit, Visit.id == vid)] == [vid]
    assert [v.id for v in rows(gao.ws, Visit, Visit.id == vid)] == [vid]
    assert rows(he.ws, Visit, Visit.id == vid) == []
    steps.go(he, he.window.visits_page)
    he.qtbot.waitUntil(lambda: he.window.visits_page.model.index_snapshot is not None, timeout=WAIT)
    assert all(he.window.visits_page.model.row_at(r).id != vid for r in range(he.window.visits_page.model.rowCount()))

    # On the team's laptops (and the lead's) it is hidden: no school, no date, and it does not open.
    for laptop in (wu, xu, gao):
        row = _list_row(laptop, vid)
        assert laptop.window.visits_page.model.row_at(row).hidden
        assert _school_cell(laptop, row) == hidden_text()
    today = xu.window.today_page
    steps.go(xu, today)
    qtbot = xu.qtbot
    # Once Today has read the synced plan (an empty list also holds one line: its next step).
    qtbot.waitUntil(lambda: today.summary is not None and [r.id for r in today.summary.upcoming] == [vid], timeout=WAIT)
    assert [today.upcoming_list.item(i).text() for i in range(today.upcoming_list.count())] == [hidden_text()]
    row = _list_row(xu, vid)
    told: list[str] = []
    _double_click_hidden(xu, row, told)
    assert len(told) == 1 and "Reveal" in told[0]  # said once for one double-click
    assert xu.window.visits_page.stack.currentWidget() is xu.window.visits_page.list_page

    # Revealed on purpose, it shows and opens; hidden again, it is hidden again.
    page = xu.window.visits_page
    click(qtbot, page.reveal_button)
    qtbot.waitUntil(lambda: not page.model.row_at(_list_row(xu, vid)).hidden, timeout=WAIT)
    row = _list_row(xu, vid)
    assert _school_cell(xu, row) == "红星小学"
    _double_click_row(xu, row)
    qtbot.waitUntil(lambda: page.visit_page.detail is not None and page.visit_page.detail.id == vid, timeout=WAIT)
    assert not page.visit_page.notice_button.isVisible() and "食堂卫生暗访" in page.visit_page.purpose.toPlainText()
    click(qtbot, page.visit_page.back_button)
    click(qtbot, page.reveal_button)  # hide again
    qtbot.waitUntil(lambda: page.model.row_at(_list_row(xu, vid)).hidden, timeout=WAIT)


def _double_click_hidden(laptop, row: int, told: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A hidden row double-clicked: the window explains in a message box instead of opening it."""
    answers = ModalAnswers(("Hidden visit", lambda box: (told.append(box.text()), box.accept())), every=True)
    _double_click_row(laptop, row)
    laptop.qtbot.waitUntil(lambda: bool(told), timeout=WAIT)
    settle(laptop.qtbot)
    answers.stop()
