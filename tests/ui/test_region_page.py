"""The Region overview in a lead's window over the demo: what the charts and tables
show is the overview's figures, Enter on a school opens its dossier, and an
inspector's window keeps its Today and Dashboard to the inspector's own schools."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_desktop.store import profile
from inspector_desktop.store.models import Inspector
from inspector_desktop.store.region import region_overview
from inspector_desktop.store.roles import LEAD, set_roles
from inspector_desktop.ui import i18n
from tests.ui.conftest import TODAY, open_window

REGION = "青山湖区"


def _lead(ws) -> None:  # type: ignore[no-untyped-def]
    with ws.write() as s:
        s.get(Inspector, profile.current_inspector_id(ws)).region = REGION
    set_roles(ws, [LEAD])


def _values(bar_set):  # type: ignore[no-untyped-def]
    return [int(bar_set.at(i)) for i in range(bar_set.count())]


def _overview_page(window, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.is_lead, timeout=5000)
    page = window.region_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.overview is not None and page.school_model.rowCount() > 0, timeout=5000)
    return page


def test_a_leads_overview_shows_the_regions_figures(qtbot, demo_workspace, ui_settings, english):
    _lead(demo_workspace)
    window = open_window(qtbot, demo_workspace, ui_settings)
    page = _overview_page(window, qtbot)
    expected = region_overview(demo_workspace, TODAY)
    assert page.overview == expected
    people = list(expected.inspectors)
    opened, overdue, escalated = page.sets["chain"]
    assert _values(overdue) == [p.figures.overdue_rectifications for p in people]
    assert _values(opened) == [p.figures.open_rectifications for p in people]
    assert _values(escalated) == [p.figures.escalated_rectifications for p in people]
    assert [page.school_model.index(r, 1).data() for r in range(page.school_model.rowCount())] == [
        f.name for f in expected.schools]
    assert REGION in page.title.text()

    # The lead's Today and Dashboard cover the region too, naming who is responsible.
    window.show_page(window.dashboard_page)
    qtbot.waitUntil(lambda: window.dashboard_page.duty is not None, timeout=5000)
    assert {c.school_id for c in window.dashboard_page.duty.schools} == {f.school_id for f in expected.schools}
    window.show_page(window.today_page)
    today = window.today_page
    qtbot.waitUntil(lambda: today.items is not None and today.items.region == REGION, timeout=5000)
    assert any("Inspector: 陈静" in today.deadline_list.item(i).text() for i in range(today.deadline_list.count()))

    # Enter on a school in By school: its dossier on the Schools page.
    window.show_page(page)
    page.tabs.setCurrentIndex(1)
    school = expected.schools[-1]
    view, row = page.view_of(school.school_id)
    view.setFocus()
    view.setCurrentIndex(page.school_model.index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    schools = window.schools_page
    assert window.stack.currentWidget() is schools
    qtbot.waitUntil(lambda: schools.dossier is not None and schools.dossier.school.id == school.school_id, timeout=5000)


def test_the_overview_speaks_chinese(qtbot, demo_workspace, ui_settings, english):
    _lead(demo_workspace)
    window = open_window(qtbot, demo_workspace, ui_settings)
    page = _overview_page(window, qtbot)
    i18n.apply_language("zh_CN")
    qtbot.waitUntil(lambda: page.tabs.tabText(0) == "按督学", timeout=3000)
    assert page.chain_view.chart().title() == "各督学整改情况"
    assert "区域概览" in page.title.text()


def test_an_inspectors_window_has_no_overview_and_keeps_to_their_schools(window, qtbot, demo_workspace):
    today = window.today_page
    qtbot.waitUntil(lambda: today.items is not None, timeout=5000)
    row = [p for p, _g in window.pages].index(window.region_page)
    assert window.nav.item(row).isHidden()
    assert today.items.region is None
    assert all("Inspector:" not in today.deadline_list.item(i).text() for i in range(today.deadline_list.count()))
