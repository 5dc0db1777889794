"""Every list opens what it lists: a deadline on Today selects its rectification on the
Rectifications page, a visit in a school's dossier opens the visit page, Enter opens a
visit from the Visits list; the Rectifications and Feedback forms pages filter their rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_desktop.domain import RectificationStatus
from tests.ui.conftest import settle

TIMEOUT = 10_000


def _double_click_item(qtbot, view, rect) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_deadline_on_today_opens_its_rectification_selected(window, qtbot):
    today = window.today_page
    window.show_page(today)
    qtbot.waitUntil(lambda: today.items is not None and bool(today.items.deadlines), timeout=TIMEOUT)
    wanted = today.items.deadlines[-1]
    row = len(today.items.deadlines) - 1
    item = today.deadline_list.item(row)
    today.deadline_list.scrollToItem(item)
    _double_click_item(qtbot, today.deadline_list, today.deadline_list.visualItemRect(item))
    page = window.rectifications_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and page.selected() is not None
                    and page.selected().id == wanted.rectification_id, timeout=TIMEOUT)
    assert wanted.requirement in page.selected_text.text()
    settle(qtbot)


def test_a_visit_in_a_schools_dossier_opens_the_visit(window, qtbot):
    schools = window.schools_page
    window.show_page(schools)
    qtbot.waitUntil(lambda: schools.dossier is not None and any(not v.hidden for v in schools.dossier.visits),
                    timeout=TIMEOUT)
    row = next(n for n, v in enumerate(schools.visits.rows) if not v.hidden)
    wanted = schools.visits.rows[row].id
    view = schools.visit_view
    _double_click_item(qtbot, view, view.visualRect(schools.visits.index(row, 0)))
    visit_page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.visits_page
                    and visit_page.detail is not None and visit_page.detail.id == wanted, timeout=TIMEOUT)
    settle(qtbot)


def test_enter_on_the_visits_list_opens_the_visit_and_the_list_says_so(window, qtbot):
    visits = window.visits_page
    window.show_page(visits)
    assert "Enter" in visits.hint.text() and "Double-click" in visits.hint.text()
    row = next(n for n in range(visits.model.rowCount()) if not visits.model.row_at(n).hidden)
    visits.table.setFocus()
    visits.table.setCurrentIndex(visits.model.index(row, 0))
    qtbot.keyClick(visits.table, Qt.Key.Key_Return)
    page = visits.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == visits.model.row_at(row).id, timeout=TIMEOUT)
    settle(qtbot)


def test_the_rectifications_filters_narrow_the_rows(window, qtbot):
    page = window.rectifications_page
    window.show_page(page)
    page.only_open.setChecked(False)
    qtbot.waitUntil(lambda: len(page.all_rows) > 100 and page.model.rowCount() == len(page.all_rows), timeout=TIMEOUT)
    total = page.model.rowCount()
    bar = page.filters
    bar.status.setCurrentIndex(bar.status.findData(RectificationStatus.OVERDUE))
    overdue = page.model.rowCount()
    assert 0 < overdue < total and all(r.status is RectificationStatus.OVERDUE for r in page.model.rows)
    school = page.model.rows[0].school_name
    bar.school.setCurrentIndex(bar.school.findData(school))
    assert 0 < page.model.rowCount() <= overdue and {r.school_name for r in page.model.rows} == {school}
    bar.status.setCurrentIndex(0)
    bar.overdue.setChecked(True)
    assert all(r.status is not RectificationStatus.VERIFIED for r in page.model.rows)
    word = page.model.rows[0].requirement[:4]
    bar.search.insert(word)  # Chinese arrives as committed input-method text
    assert 0 < page.model.rowCount() and all(word in r.requirement or word in r.school_name for r in page.model.rows)
    assert f"{page.model.rowCount()} of {total}" == bar.count.text()
    bar.clear()
    assert page.model.rowCount() == total
    settle(qtbot)


def test_the_feedback_forms_filters_narrow_the_rows(window, qtbot):
    page = window.forms_page
    window.show_page(page)
    qtbot.waitUntil(lambda: len(page.all_rows) > 5, timeout=TIMEOUT)
    total = page.model.rowCount()
    number = page.model.rows[0].number
    qtbot.keyClicks(page.filters.search, number)
    assert [r.number for r in page.model.rows] == [number] and page.model.rowCount() < total
    settle(qtbot)
