"""The window at 1024×640 in both languages: filters whose captions are never cut, a
school dossier whose problems read whole, empty lists that say what to do next, one
date format in every date field, and a draft's sheet that draws itself."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDateEdit, QLabel

from inspector_desktop.store import forms
from inspector_desktop.ui import i18n
from inspector_desktop.ui.form_editor import FormEditor
from inspector_desktop.ui.filter_bar import FilterBar
from tests.reports.conftest import visit_with_findings
from tests.ui.conftest import open_window, settle

TIMEOUT = 15_000


def _show_page(qtbot, window, page) -> None:
    window.nav.setCurrentRow([p for p, _i in window.pages].index(page))
    settle(qtbot)


@pytest.fixture(params=["zh_CN", "en"])
def narrow(request, qtbot, demo_workspace, ui_settings, english):
    i18n.apply_language(request.param)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    settle(qtbot)
    return window


def test_filter_captions_are_never_cut_at_1024(narrow, qtbot):
    window = narrow
    room = 1024 - window.nav.width()
    for page in (window.today_page, window.visits_page, window.schools_page, window.rectifications_page,
                 window.forms_page, window.training_page, window.sync_page):
        assert page.minimumSizeHint().width() <= room, type(page).__name__
    for page in (window.visits_page, window.rectifications_page, window.forms_page):
        _show_page(qtbot, window, page)
        bar = page.filters
        assert isinstance(bar, FilterBar)
        shown = [w for w in bar.findChildren(QLabel) + bar.findChildren(QComboBox) + bar.findChildren(QCheckBox)
                 + bar.findChildren(QDateEdit) if w.isVisibleTo(window) and not isinstance(w.parent(), QComboBox)]
        assert len(shown) >= 3
        for w in shown:
            assert w.sizeHint().width() <= w.width(), (type(page).__name__, type(w).__name__, w.accessibleName(),
                                                       getattr(w, "text", lambda: "")())
            assert bar.rect().contains(w.geometry().translated(w.parentWidget().mapTo(bar, w.pos()) - w.pos()))


def test_the_school_dossier_reads_each_problem_whole(narrow, qtbot):
    window = narrow
    page = window.schools_page
    _show_page(qtbot, window, page)
    qtbot.waitUntil(lambda: page.dossier is not None and bool(page.findings.rows), timeout=TIMEOUT)
    page.tabs.setCurrentWidget(page.finding_view)
    settle(qtbot)
    view, model = page.finding_view, page.findings
    column = model.columnCount() - 1
    fm = view.fontMetrics()
    width = view.columnWidth(column)
    assert view.horizontalHeader().sectionPosition(column) + width <= view.viewport().width()
    for row, finding in enumerate(model.rows):
        index = model.index(row, column)
        assert model.data(index) == finding.problem
        if len(finding.problem) > 12:
            assert model.data(index, Qt.ItemDataRole.ToolTipRole) == finding.problem
        needed = fm.boundingRect(QRect(0, 0, width - 8, 10_000), Qt.TextFlag.TextWordWrap, finding.problem).height()
        assert view.rowHeight(row) >= needed, finding.problem


def test_an_empty_workspace_says_what_to_do_on_every_list(qtbot, workspace, ui_settings, english):
    window = open_window(qtbot, workspace, ui_settings)
    expected = (
        (window.visits_page, lambda p: p.empty, "No visits yet", "New visit…"),
        (window.schools_page, lambda p: p.empty, "No schools yet", "Add school…"),
        (window.rectifications_page, lambda p: p.empty, "Nothing to rectify", ""),
        (window.forms_page, lambda p: p.empty, "No feedback forms yet", ""),
        (window.training_page, lambda p: p.empty, "No training recorded", "Record training"),
        (window.sync_page, lambda p: p.queue_empty, "Nothing waiting", "Log in…"),
    )
    for page, empty_of, sentence, button in expected:
        _show_page(qtbot, window, page)
        empty = empty_of(page)
        qtbot.waitUntil(lambda empty=empty: empty.isVisible(), timeout=TIMEOUT)
        assert sentence in empty.text.text()
        assert empty.button.isVisible() == bool(button)
        if button:
            assert empty.button.text() == button and empty.button.focusPolicy() != Qt.FocusPolicy.NoFocus
    today = window.today_page
    _show_page(qtbot, window, today)
    qtbot.waitUntil(lambda: today.upcoming_list.count() == 1, timeout=TIMEOUT)
    assert today.upcoming_list.item(0).text().startswith("Nothing planned for the next 14 days")
    # The Visits page's button plans a visit, and Tab from the empty list reaches it.
    visits = window.visits_page
    assert visits.empty.action == visits.new_visit
    _show_page(qtbot, window, visits)
    window.activateWindow()
    visits.table.setFocus()
    qtbot.keyClick(visits.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is visits.empty.button


def test_a_filter_that_matches_nothing_offers_to_clear_it(window, qtbot):
    page = window.visits_page
    _show_page(qtbot, window, page)
    page.search.setText("不存在的内容xyz")
    page.search.returnPressed.emit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and page.empty.isVisible(), timeout=TIMEOUT)
    assert "No visit matches" in page.empty.text.text()
    page.empty.button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 90, timeout=TIMEOUT)
    assert page.search.text() == "" and not page.empty.isVisible()


def test_the_visits_page_uses_the_shared_filter_bar(window):
    page = window.visits_page
    assert isinstance(page.filters, FilterBar)
    assert page.search is page.filters.search and page.school is page.filters.school
    assert page.axis_combos["status"][0] is page.filters.status
    for combo, _members in page.axis_combos.values():
        assert page.filters.isAncestorOf(combo)
    assert page.filters.isAncestorOf(page.date_from) and page.filters.isAncestorOf(page.new_button)


@pytest.mark.parametrize("language, shown", [("zh_CN", "2026年9月1日"), ("en", "2026-09-01")])
def test_date_fields_use_the_one_date_format(window, qtbot, language, shown):
    from inspector_desktop.ui.lock_banner import signed_time_text

    i18n.apply_language(language)
    qtbot.wait(50)  # the language change reaches the widgets as an event
    page = window.visits_page
    page.date_from.setDate(dt.date(2026, 9, 1))
    assert page.date_from.text() == shown
    moment = dt.datetime(2026, 9, 1, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert signed_time_text(moment) == f"{shown} 14:05 UTC+08:00"


def test_a_draft_sheet_draws_itself_and_again_after_an_edit(qtbot, demo_workspace, english):
    ws = demo_workspace
    editor = FormEditor(ws, visit_id=visit_with_findings(ws))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.form is not None and not editor.busy, timeout=TIMEOUT)
    assert editor.preview.page_count() == 0  # nothing drawn while the sheet is out of sight
    with qtbot.waitSignal(editor.sheet_ready, timeout=TIMEOUT):
        editor.tabs.setCurrentWidget(editor.sheet)  # no button pressed
    assert editor.preview.page_count() >= 1
    first = editor.preview.pdf_bytes()

    editor.tabs.setCurrentIndex(0)
    editor.free_text.setPlainText("请学校于两周内书面报告整改进展。")
    with qtbot.waitSignal(editor.sheet_ready, timeout=TIMEOUT):
        editor.tabs.setCurrentWidget(editor.sheet)
    # What was typed is saved as the draft and drawn: the preview is what the school would get.
    assert forms.load_form(ws, editor.form.id).free_text == "请学校于两周内书面报告整改进展。"
    assert editor.preview.pdf_bytes() != first
    second = editor.preview.pdf_bytes()

    # An edit made while the sheet is in view (its language) draws it again after a pause.
    with qtbot.waitSignal(editor.sheet_ready, timeout=TIMEOUT):
        editor.language.setCurrentIndex(editor.language.findData("en"))
    assert editor.preview.pdf_bytes() != second
    assert forms.load_form(ws, editor.form.id).language == "en"
    settle(qtbot)


def test_a_conflict_on_the_sync_page_opens_its_visit(qtbot, demo_workspace, ui_settings, english):
    import sqlalchemy as sa

    from inspector_desktop.store import models as m
    from inspector_desktop.store.bookkeeping import SyncConflict

    with demo_workspace.read() as s:
        visit_id = s.scalar(sa.select(m.Visit.id).where(m.Visit.notice == "announced").limit(1))
    with demo_workspace.write() as s:
        s.add(SyncConflict(server_id=990001, entity="visit", entity_id=visit_id, field="purpose",
                           mine="检查食堂卫生", theirs="检查食堂卫生和消防通道", mine_lost=True))
    window = open_window(qtbot, demo_workspace, ui_settings)
    page = window.sync_page
    _show_page(qtbot, window, page)
    page.refresh()
    qtbot.waitUntil(lambda: len(page.conflicts.rows) == 1, timeout=TIMEOUT)
    page.conflicts.view.setFocus()
    page.conflicts.view.setCurrentIndex(page.conflicts.model.index(0, 0))
    with qtbot.waitSignal(page.open_visit, timeout=TIMEOUT) as opened:
        qtbot.keyClick(page.conflicts.view, Qt.Key.Key_Return)
    assert opened.args == [visit_id]
