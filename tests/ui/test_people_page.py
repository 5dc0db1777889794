"""People and schools without a server at hand: the load read against 1:5 in words,
colour and icon; a double-click on an inspector selects their schools; schools
dragged onto an inspector ask to assign them, with the
load the change would make; the page says when the office's server cannot be asked.
(Against the real server: tests/e2e/test_people_and_planning.py.)"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from inspector_desktop.store import open_workspace
from inspector_desktop.sync.office_protocol import InspectorRow, LoadShown, People, SchoolRow
from inspector_desktop.ui.people_dialogs import SCHOOLS_MIME
from inspector_desktop.ui.people_page import PeoplePage
from tests.ui.conftest import settle


def _people() -> People:
    schools = [SchoolRow(id=f"s{n}", code=f"S{n}", name=f"学校{n}", district="湾里区", is_large=n == 5, inspector_ids=[])
               for n in range(6)]
    for s in schools[:5]:
        s.inspector_ids.append("wu")
    return People(region="湾里区", schools=schools, inspectors=[
        InspectorRow(id="wu", username="wu", name="吴强", code="W1", disabled=False, school_ids=[f"s{n}" for n in range(5)],
                     load=LoadShown(schools=5, large_schools=0, percent=100, over=False, shares=5)),
        InspectorRow(id="xu", username="xu", name="徐静", code="X1", disabled=False, school_ids=["s5", "s0"],
                     load=LoadShown(schools=2, large_schools=1, percent=120, over=True, shares=6)),
    ])


def test_the_load_reads_against_one_to_five_and_dragged_schools_ask_to_be_assigned(qtbot, tmp_path, english, monkeypatch):
    ws = open_workspace(tmp_path / "ws")
    page = PeoplePage(ws, lambda: dt.date(2026, 12, 1))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.refresh()  # nobody is signed in on this laptop: the page says so, in words
    qtbot.waitUntil(lambda: "cannot be asked" in page.status.text(), timeout=10_000)
    page._show(_people())

    wu, xu = (page.inspectors.index(n, 3) for n in range(2))
    assert (wu.data(), xu.data()) == ("5/5", "6/5 — over 1:5")
    assert wu.data(Qt.ItemDataRole.DecorationRole) is None and xu.data(Qt.ItemDataRole.DecorationRole) is not None
    assert xu.data(Qt.ItemDataRole.ForegroundRole) is not None  # red, with the icon and the words

    # A double-click on an inspector selects their schools.
    view = page.inspector_view
    at = view.visualRect(page.inspectors.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert [s.code for s in page.chosen_schools()] == ["S0", "S1", "S2", "S3", "S4"]

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.No)
    page.school_view.selectRow(5)  # the large school, not yet 吴强's
    assert page.schools.flags(page.schools.index(5, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    data = QMimeData()
    data.setData(SCHOOLS_MIME, b"schools")
    at = QPointF(view.visualRect(page.inspectors.index(0, 0)).center())
    drop = QDropEvent(at, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # Qt delivers a drop only during a real drag; the page's handler is given it as Qt would.
    assert page.drop.eventFilter(view.viewport(), drop)
    assert page.inspector().name == "吴强"
    assert asked == ["Make 吴强 responsible for 学校5?\n\n吴强 would hold 6 schools: 10/5. That is over the 1:5 guideline."]
    settle(qtbot)
    ws.close()
