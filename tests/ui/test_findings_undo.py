"""Deleting a finding or an evidence file in the visit page, and taking it back:
the Undo in the bar under the list, or Ctrl+Z; opening a file in the system's viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from inspector_desktop.store import edits, visit_record
from tests.ui.test_visit_page import drop_files
from tests.unit.test_certified import unsigned_visit


def _open_findings(window, qtbot, vid):
    window.open_visit(vid)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=5000)
    page.tabs.setCurrentWidget(page.findings)
    return page.findings


def _ids(ws, vid) -> list[str]:
    return [f.id for f in visit_record.visit_detail(ws, vid).findings]


def test_delete_a_finding_then_undo_brings_it_back(window, qtbot, demo_workspace):
    vid = unsigned_visit(demo_workspace)
    fid = edits.add_finding(demo_workspace, vid, "校门口无保安值守")
    tab = _open_findings(window, qtbot, vid)
    before = _ids(demo_workspace, vid)
    tab.list.setCurrentRow(before.index(fid))
    assert tab.delete_button.isEnabled()
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fid not in _ids(demo_workspace, vid) and tab.undo_bar.isVisible(), timeout=5000)
    assert tab.list.count() == len(before) - 1 and "校门口无保安值守" in tab.undo_bar.text.text()

    qtbot.mouseClick(tab.undo_bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list.count() == len(before), timeout=5000)
    assert _ids(demo_workspace, vid) == before and tab.editor.finding.id == fid
    assert not tab.undo_bar.isVisible()

    # Del on the list, then Ctrl+Z, do the same.
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: fid not in _ids(demo_workspace, vid) and tab.undo_bar.can_undo(), timeout=5000)
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _ids(demo_workspace, vid) == before and tab.list.count() == len(before), timeout=5000)


def test_remove_an_evidence_file_then_undo_and_open_it(window, qtbot, demo_workspace, photo, monkeypatch):
    vid = unsigned_visit(demo_workspace)
    fid = edits.add_finding(demo_workspace, vid, "实验室危化品未上锁")
    tab = _open_findings(window, qtbot, vid)
    tab.list.setCurrentRow(_ids(demo_workspace, vid).index(fid))
    strip = tab.editor.evidence
    drop_files(strip, [photo])
    qtbot.waitUntil(lambda: strip.list.count() == 1, timeout=5000)

    def files():
        return [f.attachments for f in visit_record.visit_detail(demo_workspace, vid).findings if f.id == fid][0]

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    strip.list.setCurrentRow(0)
    with qtbot.waitSignal(strip.opened, timeout=5000):
        strip.list.itemActivated.emit(strip.list.item(0))  # what a double-click or Enter does
    assert opened and opened[0].endswith(photo.name) and open(opened[0], "rb").read() == photo.read_bytes()

    qtbot.mouseClick(strip.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: files() == () and strip.list.count() == 0, timeout=5000)
    assert tab.undo_bar.isVisible() and photo.name in tab.undo_bar.text.text()
    qtbot.mouseClick(tab.undo_bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(files()) == 1 and strip.list.count() == 1, timeout=5000)
