"""The Checklist templates page in a lead's window at 1024×640 and 1366×768, in English
and Chinese: the items table does not scroll sideways (short columns as wide as their
words, the prose columns sharing the rest and wrapping), the versions list shows each
column whole, and the line naming the open version wraps instead of running off the
page. A template is named by its title in the window's language, never by its code
(``routine-national`` read as a word to a Chinese inspector)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle

from inspector_desktop.ui import i18n
from inspector_desktop.ui.widgets import is_chinese
from tests.ui.conftest import open_window, settle
from tests.ui.test_region_page import _lead

TIMEOUT = 10_000
CODE = "routine-national"


def _templates_page(qtbot, demo_workspace, ui_settings, language, size):
    _lead(demo_workspace)
    i18n.apply_language(language)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.is_lead, timeout=TIMEOUT)
    page = window.templates_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.content is not None and page.items.table.rowCount() > 0, timeout=TIMEOUT)
    settle(qtbot)
    return window, page


def _inside(widget, page) -> bool:
    where = widget.rect().translated(widget.mapTo(page, widget.rect().topLeft()))
    return page.rect().contains(where)


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_templates_page_fits_without_sideways_scrolling(qtbot, demo_workspace, ui_settings, english, language, size):
    window, page = _templates_page(qtbot, demo_workspace, ui_settings, language, size)
    assert window.width() == size[0] and window.minimumSizeHint().width() <= size[0]
    table = page.items.table
    assert table.horizontalHeader().length() <= table.viewport().width()  # no sideways scrolling
    assert table.wordWrap()
    header = table.horizontalHeader()
    for column in range(table.columnCount()):  # every column's name whole
        name = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(name), name
    for column in (0, 1):  # a code and a weight read whole
        for row in range(table.rowCount()):
            widget = table.cellWidget(row, column)
            needed = widget.sizeHint().width() if widget else table.fontMetrics().horizontalAdvance(table.item(row, column).text())
            assert header.sectionSize(column) >= needed, (column, row)
    for row in range(table.rowCount()):  # the prose wraps onto as many lines as it needs, none cut to "…"
        for column in (3, 4, 5, 6):
            text = table.item(row, column).text()
            margin = (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) * 2
            box = QRect(0, 0, header.sectionSize(column) - margin, 10_000)
            needed = table.fontMetrics().boundingRect(box, Qt.TextFlag.TextWordWrap, text).height()
            assert table.rowHeight(row) >= needed, (row, column, text)
    versions = page.versions
    vh = versions.header()
    assert vh.length() <= versions.viewport().width(), [vh.sectionSize(c) for c in range(vh.count())]
    for n in range(versions.topLevelItemCount()):
        item = versions.topLevelItem(n)
        for column in range(versions.columnCount()):
            for line in item.text(column).split("\n"):
                needed = versions.fontMetrics().horizontalAdvance(line)
                assert vh.sectionSize(column) >= needed, (column, line, vh.sectionSize(column))
    for label in (page.heading, page.state):
        assert label.wordWrap()
        assert _inside(label, page), label.text()
    assert page.heading.height() >= page.heading.heightForWidth(page.heading.width())  # every line shown
    assert _inside(page.publish_button, page) and _inside(page.items.total, page)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_template_is_named_by_its_title_not_its_code(qtbot, demo_workspace, ui_settings, english, language):
    _window, page = _templates_page(qtbot, demo_workspace, ui_settings, language, (1024, 640))
    title = page.content.title_zh if is_chinese() else page.content.title_en
    assert CODE not in page.heading.text() and title in page.heading.text()
    item = page.versions.topLevelItem(0)
    shown = [item.text(c) for c in range(page.versions.columnCount())]
    assert title in shown and not any(CODE in text for text in shown)
