"""The dashboard's charts show the ledger's numbers; export from the window writes a readable file."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import openpyxl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton

from inspector_desktop.domain import RectificationStatus
from inspector_desktop.store import dashboard, duties, profile, rectifications
from inspector_desktop.ui import i18n
from inspector_desktop.ui.dashboard_page import short_category
from inspector_desktop.ui.i18n import label
from tests.ui.conftest import TODAY, settle


def _values(bar_set):
    return [int(bar_set.at(i)) for i in range(bar_set.count())]


def _dashboard(window, qtbot):
    page = window.dashboard_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.data is not None and page.ledger_model.rowCount() > 0, timeout=5000)
    return page


def test_chart_series_equal_the_ledger_chart_data(window, qtbot, demo_workspace):
    page = _dashboard(window, qtbot)
    me = profile.current_inspector_id(demo_workspace)
    data = dashboard.chart_data(demo_workspace, TODAY, inspector_id=me)
    duty = duties.duty_ledger(demo_workspace, TODAY, me)

    assert _values(page.sets["status"][0]) == [n for _s, n in data.rectification_status]
    assert page.categories["status"] == [label(s) for s, _n in data.rectification_status]
    overdue = dict(zip(page.categories["overdue"], _values(page.sets["overdue"][0])))
    assert overdue == dict(data.overdue_by_school[:10]) and sum(overdue.values()) > 0
    visited, visits = page.sets["coverage"]
    assert _values(visited) == [m.schools_visited for m in data.coverage_by_month]
    assert _values(visits) == [m.visits for m in data.coverage_by_month]
    by_category = dict(zip(page.categories["category"], _values(page.sets["category"][0])))
    assert by_category == {short_category(c): n for c, n in data.findings_by_category}  # full names in the tooltip
    assert page.ledger_model.rowCount() == len(duty.schools)
    assert duty.inspector_name in page.summary.text()


def test_charts_take_colours_from_the_palette_and_words_from_the_language(window, qtbot):
    page = _dashboard(window, qtbot)
    highlight = page.palette().color(QPalette.ColorRole.Highlight)
    assert page.sets["status"][0].color() == highlight
    assert page.status_view.chart().backgroundBrush().color() == page.palette().color(QPalette.ColorRole.Base)
    i18n.apply_language("zh_CN")
    qtbot.waitUntil(lambda: page.status_view.chart().title() == "整改按状态", timeout=3000)
    assert "未核实" not in page.categories["status"]
    assert page.categories["status"][0] == label(RectificationStatus.OPEN)


def test_export_dialog_writes_a_readable_csv_and_xlsx(window, qtbot, demo_workspace, tmp_path):
    for fmt, name in (("csv", "rectifications"), ("xlsx", "findings")):
        dialog = window.export()
        dialog.what.setCurrentIndex(dialog.what.findData(name))
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        target = tmp_path / f"out.{fmt}"
        dialog.path.setText(str(target))
        with qtbot.waitSignal(dialog.finished_export, timeout=10_000) as blocker:
            dialog.buttons.accepted.emit()
        settle(qtbot)
        assert blocker.args[0].path == target
        if fmt == "csv":
            with target.open(encoding="utf-8-sig") as f:
                rows = list(csv.reader(f))
            assert len(rows) - 1 == len(rectifications.rectification_rows(demo_workspace, TODAY)) == blocker.args[0].rows
        else:
            rows = list(openpyxl.load_workbook(target, read_only=True).active.iter_rows(values_only=True))
            assert len(rows) - 1 == blocker.args[0].rows > 0
        assert str(target) in window.statusBar().currentMessage()


def test_a_cancelled_export_reports_nothing_and_can_be_tried_again(window, qtbot, tmp_path):
    page = _dashboard(window, qtbot)
    page.export_button.click()  # the same dialog as Ctrl+E
    dialog = window.export_dialog
    dialog.path.setText(str(tmp_path / "visits.csv"))
    finished = []
    dialog.finished_export.connect(finished.append)
    dialog.buttons.accepted.emit()
    assert not dialog.buttons.isEnabled()
    # The inspector presses Cancel on the progress dialog.
    dialog.op.dialog.findChild(QPushButton).click()
    settle(qtbot)
    assert finished == [] and dialog.buttons.isEnabled()
    dialog.reject()


def test_export_without_a_file_is_refused_in_words(window, qtbot):
    dialog = window.export()
    dialog.buttons.accepted.emit()
    assert dialog.error.isVisible() and "Choose a file" in dialog.error.text()
    dialog.reject()


def test_dashboard_and_rectifications_screenshots(window, qtbot):
    out = Path(os.environ.get("SCREENSHOT_DIR") or "") if os.environ.get("SCREENSHOT_DIR") else None
    window.resize(1280, 860)
    for language in ("en", "zh_CN"):
        i18n.apply_language(language)
        for page in (window.dashboard_page, window.rectifications_page):
            window.show_page(page)
            settle(qtbot)
            if page is window.rectifications_page:
                # With an item chosen, so the chain's actions show as an inspector sees them.
                page.select(next(r.id for r in page.model.rows if r.id in page.prompts))
            qtbot.wait(50)
            shot = window.grab()
            assert not shot.toImage().isNull()
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                assert shot.save(str(out / f"{language}-{page.__class__.__name__}.png"))
    i18n.apply_language("en")
