"""A visit's findings at 1024×640 and 1366×768, in English and Chinese: each finding in
the list reads whole, wrapped onto more lines rather than scrolled sideways, and the
box that adds one shows its whole hint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from inspector_desktop.store import edits
from inspector_desktop.ui import i18n
from tests.ui.conftest import open_window, settle
from tests.unit.test_certified import unsigned_visit

TIMEOUT = 15_000
LONG = "食堂留样记录缺少两天，部分食材无进货查验记录，冷藏柜温度未按要求每日登记，晨检记录由同一人代签"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_each_finding_reads_whole_without_sideways_scrolling(qtbot, demo_workspace, ui_settings, english,
                                                            language, size):
    i18n.apply_language(language)
    vid = unsigned_visit(demo_workspace)
    edits.add_finding(demo_workspace, vid, LONG)
    window = open_window(qtbot, demo_workspace, ui_settings)
    window.resize(*size)
    window.open_visit(vid)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=TIMEOUT)
    page.tabs.setCurrentWidget(page.findings)
    settle(qtbot)
    tab = page.findings
    view = tab.list
    assert view.count() >= 1
    assert view.horizontalScrollBar().maximum() == 0
    room = view.viewport().width()
    fm = view.fontMetrics()
    for row in range(view.count()):
        item = view.item(row)
        rect = view.visualItemRect(item)
        assert rect.right() <= room, (item.text(), rect, room)
        needed = fm.boundingRect(QRect(0, 0, rect.width(), 10_000), Qt.TextFlag.TextWordWrap, item.text()).height()
        assert rect.height() >= needed, (item.text(), rect, needed)
    # The box's hint, "Describe a problem found, then press Enter", is not cut.
    box = tab.new_problem
    hint = box.fontMetrics().horizontalAdvance(box.placeholderText())
    assert box.width() >= hint + 12, (box.width(), hint, box.placeholderText())
    assert window.width() == size[0]
