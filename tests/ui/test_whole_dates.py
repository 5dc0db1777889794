"""Dates and short phrases read whole at 1024×640, in English and Chinese: the Region
overview's school tables wrapped a date inside its cell ("2026年11月23" / "日"), and
Today's routine visits wrapped "overdue by 18" / "days". A line may break before or
after such a phrase, never inside it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from inspector_desktop.ui import i18n
from inspector_desktop.ui.app import MainWindow
from tests.ui.conftest import TODAY, open_window, settle
from tests.ui.test_region_page import _lead, _overview_page

TIMEOUT = 10_000
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}")
INVISIBLE = str.maketrans({"\u2060": None, "\u00a0": " "})


def drawn_lines(view, index, width: int) -> list[str]:
    """The lines an item's text is drawn on, ``width`` pixels wide, as its delegate draws them."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    margin = (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) * 2
    layout = QTextLayout(option.text, option.font)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(wrap)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width - margin)
        lines.append(option.text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.translate(INVISIBLE).strip() for line in lines]


def assert_whole(lines: list[str], phrases: list[str]) -> None:
    for phrase in phrases:
        assert any(phrase in line for line in lines), (phrase, lines)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_regions_school_tables_keep_each_date_on_one_line(qtbot, demo_workspace, ui_settings, english, language):
    _lead(demo_workspace)
    i18n.apply_language(language)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    page = _overview_page(window, qtbot)
    settle(qtbot)
    for tab, view in ((0, page.theirs_view), (1, page.school_view)):
        page.tabs.setCurrentIndex(tab)
        settle(qtbot)
        model, checked = view.model(), 0
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                dates = DATE.findall(str(index.data() or ""))
                if dates:
                    assert_whole(drawn_lines(view, index, view.columnWidth(column)), dates)
                    checked += 1
        assert checked > 0, view.accessibleName()
        assert view.horizontalHeader().length() <= view.viewport().width(), view.accessibleName()


@pytest.mark.parametrize("lead", [False, True])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_todays_lists_keep_dates_and_day_counts_whole(qtbot, demo_workspace, ui_settings, english, language, lead):
    if lead:  # a lead's lines also name each school's inspector, and wrap more
        _lead(demo_workspace)
    i18n.apply_language(language)
    window = MainWindow(demo_workspace, today=lambda: TODAY, settings=ui_settings)
    qtbot.addWidget(window)
    window.resize(1024, 640)  # sized before it shows, as the window opens on a small screen
    window.show()
    page = window.today_page
    qtbot.waitUntil(lambda: page.items is not None and page.routine_list.count() > 0, timeout=TIMEOUT)
    settle(qtbot)
    days = [v.routine.days_left(TODAY) for v in page.items.visits]
    assert any(d < 0 for d in days)  # the demo has a school past its routine visit
    for n, d in enumerate(days):
        item = page.routine_list.item(n)
        when = page.tr("overdue by %n day(s)", "", -d) if d < 0 else page.tr("due in %n day(s)", "", d)
        index = page.routine_list.indexFromItem(item)
        lines = drawn_lines(page.routine_list, index, page.routine_list.visualItemRect(item).width())
        assert_whole(lines, [when, *DATE.findall(item.text())])
    for lst in (page.routine_list, page.deadline_list, page.objection_list, page.upcoming_list):
        for n in range(lst.count()):
            item = lst.item(n)
            index, rect = lst.indexFromItem(item), lst.visualItemRect(item)
            assert_whole(drawn_lines(lst, index, rect.width()), DATE.findall(item.text()))
            # Every line has its room, with a few pixels to spare (the style draws a little inside the
            # item): none is cut to "…" by an item measured narrower than it is drawn.
            painted = drawn_lines(lst, index, rect.width() - 4)
            assert len(painted) * lst.fontMetrics().lineSpacing() <= rect.height(), (painted, rect)


def test_todays_duty_alerts_keep_their_dates_whole(qtbot, demo_workspace, ui_settings, english):
    i18n.apply_language("zh_CN")
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(1024, 640)
    page = window.today_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.duty is not None and bool(page.alerts.text()), timeout=TIMEOUT)
    settle(qtbot)
    label = page.alerts
    for text in label.text().split("\n"):
        layout = QTextLayout(text, label.font())
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(wrap)
        lines = []
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(label.contentsRect().width())
            lines.append(text[line.textStart():line.textStart() + line.textLength()].translate(INVISIBLE))
        layout.endLayout()
        assert_whole(lines, DATE.findall(text.translate(INVISIBLE)))
