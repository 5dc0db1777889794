"""At 1024×640, in English and Chinese: the dashboard's charts keep their names whole and
their height, its duty ledger opens a school's dossier, the checklist needs no sideways
scrolling, and a row of the Sync page's queue opens the record it names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCharts import QValueAxis
from PySide6.QtGui import QFontMetrics

from inspector_desktop.domain import Category, Rating, VisitStatus
from inspector_desktop.store import edits
from inspector_desktop.ui import i18n
from inspector_desktop.ui.dashboard_page import short_category
from inspector_desktop.ui.i18n import label
from tests.ui.conftest import open_window, settle

TIMEOUT = 15_000


@pytest.fixture(params=["en", "zh_CN"])
def narrow(request, qtbot, demo_workspace, ui_settings, english):
    i18n.apply_language(request.param)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    settle(qtbot)
    return window


def _dashboard(window, qtbot):
    page = window.dashboard_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.data is not None and page.ledger_model.rowCount() > 0, timeout=TIMEOUT)
    settle(qtbot)
    return page


def test_the_dashboard_charts_keep_their_names_and_height_at_1024(narrow, qtbot):
    window = narrow
    assert window.width() == 1024 and window.height() == 640
    page = _dashboard(window, qtbot)
    for key, view in (("status", page.status_view), ("overdue", page.overdue_view),
                      ("coverage", page.coverage_view), ("category", page.category_view)):
        page.scroll.ensureWidgetVisible(view)
        settle(qtbot)
        assert view.height() >= view.minimumHeight() >= 12 * view.fontMetrics().lineSpacing(), key
        chart = view.chart()
        for axis in chart.axes():
            assert not axis.labelsTruncated(), (key, chart.title())
        # The names sit between the chart's edge and its bars: nothing of them falls off the left.
        widest = max(QFontMetrics(chart.axes()[0].labelsFont()).horizontalAdvance(c) for c in page.categories[key])
        if key in ("overdue", "category"):
            assert chart.plotArea().left() >= widest, (key, chart.plotArea())
        assert chart.plotArea().height() > 4 * view.fontMetrics().lineSpacing(), key
    # Short names on the axis; the full ones, each beside its short one, in the chart's tooltip.
    assert short_category(Category.ENROLMENT_FEES) in page.categories["category"]
    for category in Category:
        assert f"{short_category(category)}" in page.category_view.toolTip()
        assert label(category) in page.category_view.toolTip()
    # Nothing on the page runs off its right edge; the page scrolls down instead.
    assert page.scroll.horizontalScrollBar().maximum() == 0
    assert page.scroll.widget().width() <= page.scroll.viewport().width()


def test_the_ledger_box_and_the_charts_do_not_overlap(narrow, qtbot):
    page = _dashboard(narrow, qtbot)
    box = page.ledger_box.geometry()
    for view in page.views:
        assert not view.geometry().intersects(box), view.accessibleName()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, "double-click"])
def test_a_duty_ledger_row_opens_the_schools_dossier(window, qtbot, key):
    page = _dashboard(window, qtbot)
    view, row = page.ledger_view, page.ledger_model.rowCount() - 1
    school = page.ledger_model.rows[row]
    page.scroll.ensureWidgetVisible(view)
    view.setFocus()
    view.setCurrentIndex(page.ledger_model.index(row, 1))
    if key == "double-click":
        view.scrollTo(page.ledger_model.index(row, 1))
        rect = view.visualRect(page.ledger_model.index(row, 1))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    else:
        qtbot.keyClick(view, key)
    schools = window.schools_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is schools, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: schools.dossier is not None and schools.dossier.school.id == school.school_id,
                    timeout=TIMEOUT)
    settle(qtbot)


def test_enter_on_a_queued_change_to_a_visit_opens_the_visit(window, qtbot, demo_workspace):
    model = window.visits_page.model
    visit = next(model.row_at(i) for i in range(model.rowCount()) if not model.row_at(i).hidden)
    edits.update_field(demo_workspace, "visit", visit.id, "purpose", "检查食堂卫生与晨检记录")
    page = window.sync_page
    window.show_page(page)
    qtbot.waitUntil(lambda: any(r.entity == "visit" for r in page.queue.rows), timeout=TIMEOUT)
    row = next(n for n, r in enumerate(page.queue.rows)
               if r.entity == "visit" and not r.name.hidden and getattr(r, "op", "") != "delete")
    visit_id = page.queue.rows[row].entity_id
    view = page.queue_view
    view.setFocus()
    view.setCurrentIndex(page.queue.index(row, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    visits = window.visits_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is visits, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: visits.visit_page.detail is not None and visits.visit_page.detail.id == visit_id,
                    timeout=TIMEOUT)
    assert visits.visit_page.isVisible()
    settle(qtbot)


def _open_checklist(window, qtbot):
    # A completed visit: a planned one's header carries more buttons (visit_page.py's affair).
    model = window.visits_page.model
    row = next(model.row_at(i) for i in range(model.rowCount())
               if not model.row_at(i).hidden and model.row_at(i).status is VisitStatus.COMPLETED)
    window.visits_page.open_visit(row.id)
    window.show_page(window.visits_page)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == row.id and len(page.checklist.lines) == 8,
                    timeout=TIMEOUT)
    page.tabs.setCurrentIndex(0)
    settle(qtbot)
    return page.checklist


def test_the_checklist_needs_no_sideways_scrolling_at_1024(narrow, qtbot):
    tab = _open_checklist(narrow, qtbot)
    for line in tab.lines[:3]:  # a poor rating adds its mark, in words, to the line's top row
        line.rating.set_rating(Rating.NEEDS_IMPROVEMENT)
    tab.go_to(1)  # the line being worked on shows its guidance too
    narrow.resize(1024, 640)
    settle(qtbot)
    assert narrow.width() == 1024, narrow.minimumSizeHint()
    assert tab.scroll.horizontalScrollBar().maximum() == 0
    assert not tab.scroll.horizontalScrollBar().isVisible()
    room = tab.scroll.viewport().width()
    for line in tab.lines:
        for part in (*line.rating.buttons, line.evidence_button, line.observation):
            right = part.mapTo(tab.scroll.viewport(), part.rect().topRight()).x()
            assert right <= room, (line.item.code, part.text() if hasattr(part, "text") else "observation")
            assert part.width() >= min(part.sizeHint().width(), part.minimumSizeHint().width()), line.item.code


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_a_poor_rating_never_moves_the_buttons_under_the_finger(narrow, qtbot, size):
    narrow.resize(*size)
    tab = _open_checklist(narrow, qtbot)
    narrow.resize(*size)
    settle(qtbot)
    assert len({line.side_by_side for line in tab.lines}) == 1  # every line laid out alike
    line = next(ln for ln in tab.lines if not ln.poor)
    tab.go_to(tab.lines.index(line))  # in sight: the click lands where the inspector sees it
    settle(qtbot)
    button = line.rating.buttons[2]  # Needs improvement
    before = button.mapTo(line, button.rect().topLeft())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # laid out again, before the autosave reads the visit back
    assert line.poor_mark.isVisible(), (line.rating.currentData(), line.isVisible(), line.poor_mark.isVisibleTo(line))
    after = button.mapTo(line, button.rect().topLeft())
    assert after.y() == before.y() and abs(after.x() - before.x()) <= 40, (before, after)
    assert tab.scroll.horizontalScrollBar().maximum() == 0
    settle(qtbot)


def test_an_empty_dashboard_counts_in_whole_steps_and_says_why_the_ledger_is_empty(qtbot, workspace, ui_settings,
                                                                                 english):
    window = open_window(qtbot, workspace, ui_settings)
    page = window.dashboard_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.data is not None, timeout=TIMEOUT)
    settle(qtbot)
    for view in page.views:
        counts = next(a for a in view.chart().axes() if isinstance(a, QValueAxis))
        ticks = [counts.min() + n * counts.tickInterval() for n in range(int(counts.max() / counts.tickInterval()) + 1)]
        assert ticks == [0, 1, 2] and counts.labelFormat() == "%d", view.accessibleName()  # not 0, 0, 1, 1
    page.scroll.ensureWidgetVisible(page.ledger_view)
    settle(qtbot)
    assert page.ledger_empty.isVisible() and "Today" in page.ledger_empty.text.text()
