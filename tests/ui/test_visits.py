"""The visit list: model checks, filters on every axis, Chinese search, discreet mode hiding."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.store import choices, edits, profile, visit_record
from tests.ui.conftest import TODAY


def rows(model):
    return [model.row_at(i) for i in range(model.rowCount())]


def test_visit_model_passes_qt_model_checks(window, qtmodeltester):
    model = window.visits_page.model
    assert model.rowCount() == 90
    qtmodeltester.check(model, force_py=True)


def test_filters_on_an_axis_status_and_school(window, qtbot):
    page = window.visits_page
    combo = page.axis_combos["scope"][0]
    combo.setCurrentIndex(combo.findData(Scope.SPECIAL))
    shown = rows(page.model)
    assert shown and all(r.scope is Scope.SPECIAL for r in shown)
    status = page.axis_combos["status"][0]
    status.setCurrentIndex(status.findData(VisitStatus.COMPLETED))
    assert all(r.status is VisitStatus.COMPLETED and r.scope is Scope.SPECIAL for r in rows(page.model))
    page.school.setCurrentIndex(2)
    school_id = page.school.currentData()
    filtered = rows(page.model)
    assert filtered and all(r.school_id == school_id for r in filtered)
    assert str(len(filtered)) in page.count.text()


def test_date_range_filter(window):
    page = window.visits_page
    page.date_from.setDate(dt.date(2026, 9, 1))
    page.date_to.setDate(dt.date(2026, 9, 30))
    shown = rows(page.model)
    assert shown and all(dt.date(2026, 9, 1) <= r.planned_on <= dt.date(2026, 9, 30) for r in shown)


def test_search_in_chinese_finds_findings_text(window, qtbot, demo_workspace):
    page = window.visits_page
    # Chinese arrives through an input method as committed text, not as key codes.
    page.search.insert("食堂")  # two characters: below the trigram length
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < 90, timeout=5000)
    for r in rows(page.model):
        detail = visit_record.visit_detail(demo_workspace, r.id)
        texts = [detail.notes, detail.purpose] + [f.problem + f.diagnosis + f.recommendation + f.evidence for f in detail.findings]
        assert any("食堂" in t for t in texts)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 90, timeout=5000)
    page.search.insert("消防通道堆放")  # a longer phrase goes through FTS5 trigrams
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < 90, timeout=5000)


def test_an_unannounced_visit_to_come_is_hidden_until_revealed(window, qtbot, demo_workspace):
    page = window.visits_page
    school = choices.schools(demo_workspace)[0]
    me = profile.current_inspector_id(demo_workspace)
    vid = edits.create_visit(
        demo_workspace, school.id, TODAY + dt.timedelta(days=3), Scope.SPECIAL, list(Stage)[0],
        list(Planning)[0], Notice.UNANNOUNCED, None, [(me, TeamRole.LEADER)],
    )
    page.refresh()
    qtbot.waitUntil(lambda: any(r.id == vid for r in rows(page.model)), timeout=5000)
    hidden = next(r for r in rows(page.model) if r.id == vid)
    assert hidden.hidden and hidden.school_name == "" and hidden.planned_on is None
    row = page.model.row_of(hidden.key)
    shown = [page.model.data(page.model.index(row, c)) for c in range(page.model.columnCount())]
    assert school.label not in shown and "Hidden unannounced visit" in shown
    # Under a school filter a hidden entry would name the school, so it is left out.
    page.school.setCurrentIndex(page.school.findData(school.id))
    assert all(r.id != vid for r in rows(page.model))
    page.school.setCurrentIndex(0)
    # Today's dashboard hides it too.
    window.today_page.refresh()
    qtbot.waitUntil(lambda: window.today_page.summary is not None and any(r.id == vid for r in window.today_page.summary.upcoming), timeout=5000)
    texts = [window.today_page.upcoming_list.item(i).text() for i in range(window.today_page.upcoming_list.count())]
    assert "Hidden unannounced visit" in texts and not any(school.label in t and "Unannounced" in t for t in texts)

    window.discretion.reveal(seconds=0.6)
    revealed = next(r for r in rows(page.model) if r.id == vid)
    assert not revealed.hidden and revealed.school_name == school.label
    assert "Hide again" in page.reveal_button.text()
    # It hides again by itself.
    qtbot.waitUntil(lambda: next(r for r in rows(page.model) if r.id == vid).hidden, timeout=3000)
    assert page.reveal_button.text() == "Reveal hidden visits"


def test_discreet_mode_can_be_turned_off_in_settings(window, qtbot):
    window.settings_page.discreet.setChecked(False)
    assert not any(r.hidden for r in rows(window.visits_page.model))
    assert window.settings.value("discreet/enabled") in (False, "false")


def test_next_and_previous_visit_shortcuts(window, qtbot):
    page = window.visits_page
    first = next(r for r in rows(page.model) if not r.hidden)
    window.open_visit(first.id)
    qtbot.waitUntil(lambda: page.visit_page.detail is not None and page.visit_page.detail.id == first.id, timeout=5000)
    qtbot.keyClick(page.visit_page, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.visit_page.detail.id != first.id, timeout=5000)
    second = page.visit_page.detail.id
    qtbot.keyClick(page.visit_page, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.visit_page.detail.id == first.id, timeout=5000)
    assert second != first.id
