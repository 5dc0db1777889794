"""The People and schools page at 1024×640, in English and Chinese, with the office's
server out of reach: the empty tables' column names read whole (they were cut, e.g.
"esponsible i", until a first answer from the server sized them)."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_desktop.store import open_workspace
from inspector_desktop.ui import i18n
from inspector_desktop.ui.people_page import PeoplePage
from tests.ui.conftest import settle


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_column_names_read_whole_without_the_server(qtbot, tmp_path, english, language):
    i18n.apply_language(language)
    ws = open_workspace(tmp_path / "ws")
    page = PeoplePage(ws, lambda: dt.date(2026, 12, 1))
    qtbot.addWidget(page)
    page.resize(1024 - 190, 600)  # the room the window leaves beside its navigation
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.status.text()), timeout=10_000)
    settle(qtbot)
    for view in (page.inspector_view, page.school_view):
        header = view.horizontalHeader()
        for column in range(header.count()):
            name = view.model().headerData(column, header.orientation())
            needed = header.fontMetrics().horizontalAdvance(name)
            assert header.sectionSize(column) >= needed, (view.accessibleName(), name, header.sectionSize(column))
        assert header.length() <= view.viewport().width(), view.accessibleName()  # no sideways scrolling
