"""Planning a visit and working inside it (the visit page): checklist, findings with photos, autosave, undo, history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QMessageBox

from inspector_desktop.domain import Notice, Rating, Severity, VisitStatus
from inspector_desktop.store import visit_record
from inspector_desktop.ui.new_visit import NewVisitDialog, read_choices
from tests.ui.conftest import TODAY


def plan_unannounced_visit(window, qtbot) -> str:
    """Drive the New visit dialog the way an inspector does (Ctrl+N, fill in, Plan visit)."""
    visits = window.visits_page

    def open_dialog() -> NewVisitDialog | None:
        dialog = getattr(visits, "new_visit_dialog", None)
        return dialog if dialog is not None and dialog.isVisible() else None

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: open_dialog() is not None, timeout=5000)  # the choices are read in the background
    dialog = open_dialog()
    dialog.school.setCurrentIndex(1)
    notice = dialog.axes["notice"]
    notice.setCurrentIndex(notice.findData(Notice.UNANNOUNCED))
    dialog.day.setDate(TODAY + dt.timedelta(days=2))
    dialog.purpose.setPlainText("食堂与宿舍卫生专项暗访")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dialog.visit_id
    return dialog.visit_id


def drop_files(widget, paths) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_plan_a_visit_then_record_a_finding_with_a_photo(window, qtbot, demo_workspace, photo):
    vid = plan_unannounced_visit(window, qtbot)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=5000)
    detail = visit_record.visit_detail(demo_workspace, vid)
    assert detail.notice is Notice.UNANNOUNCED and detail.planned_on == TODAY + dt.timedelta(days=2)
    assert [m.role.value for m in detail.team] == ["leader"] and detail.purpose == "食堂与宿舍卫生专项暗访"
    assert len(page.checklist.lines) == 8  # the national routine checklist

    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visit_record.visit_detail(demo_workspace, vid).status is VisitStatus.IN_PROGRESS, timeout=5000)

    page.tabs.setCurrentIndex(1)
    page.findings.new_problem.insert("二楼消防通道堆放杂物")  # Chinese arrives as committed input-method text
    qtbot.keyClick(page.findings.new_problem, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.findings.editor.finding is not None, timeout=5000)
    editor = page.findings.editor
    editor.severity.setCurrentIndex(editor.severity.findData(Severity.SERIOUS))
    editor.diagnosis.setFocus()
    qtbot.keyClicks(editor.diagnosis, "No one checks the corridors")
    drop_files(editor.evidence, [photo])
    qtbot.waitUntil(lambda: editor.evidence.list.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: editor.evidence.thumbnails == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.autosaver.idle, timeout=3000)

    saved = visit_record.visit_detail(demo_workspace, vid).findings
    assert len(saved) == 1
    f = saved[0]
    assert (f.problem, f.severity, f.diagnosis) == ("二楼消防通道堆放杂物", Severity.SERIOUS, "No one checks the corridors")
    assert [a.filename for a in f.attachments] == [photo.name]
    assert demo_workspace.attachments.read(f.attachments[0].sha256) == photo.read_bytes()

    # Back in the list, a Chinese search finds the visit again (it started, so it is no longer hidden).
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    visits = window.visits_page
    visits.search.insert("堆放杂物")
    everything = len(visits.model.index_snapshot)
    qtbot.waitUntil(lambda: not visits.model.busy and 0 < visits.model.rowCount() < everything, timeout=5000)
    found = [visits.model.row_at(i).id for i in range(visits.model.rowCount())]
    assert vid in found


def test_checklist_edits_autosave_within_a_second_and_undo_is_saved_too(window, qtbot, demo_workspace, photo):
    vid = plan_unannounced_visit(window, qtbot)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=5000)
    line = page.checklist.lines[5]  # safety on campus
    line.rating.setCurrentIndex(line.rating.findData(Rating.NEEDS_IMPROVEMENT))
    line.observation.setFocus()
    qtbot.keyClicks(line.observation, "Exit lights broken")

    def saved_observation() -> str:
        item = next(i for i in visit_record.visit_detail(demo_workspace, vid).checklist if i.indicator_id == line.item.indicator_id)
        return f"{item.rating.value}|{item.observation}"

    qtbot.waitUntil(lambda: saved_observation() == "needs_improvement|Exit lights broken", timeout=1500)
    qtbot.keyClick(line.observation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert line.observation.toPlainText() != "Exit lights broken"
    qtbot.waitUntil(lambda: saved_observation() == f"needs_improvement|{line.observation.toPlainText()}", timeout=1500)
    qtbot.keyClick(line.observation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert line.observation.toPlainText() == "Exit lights broken"
    qtbot.waitUntil(lambda: saved_observation() == "needs_improvement|Exit lights broken", timeout=1500)

    drop_files(line.evidence, [photo])
    qtbot.waitUntil(lambda: line.evidence.list.count() == 1, timeout=5000)

    # The History tab shows the audit trail of these edits.
    page.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() >= 3, timeout=5000)
    whats = [page.history.topLevelItem(i).text(2) for i in range(page.history.topLevelItemCount())]
    assert any(w.startswith("Checklist line ") and w.endswith(" — changed") for w in whats), whats
    assert any(w.startswith("Checklist line ") and " · File " in w and w.endswith(" — added") for w in whats), whats
    assert "Visit — added" in whats


def test_a_new_visit_needs_a_leader(window, qtbot, demo_workspace, monkeypatch):
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    dialog = NewVisitDialog(demo_workspace, TODAY, read_choices(demo_workspace), window)
    qtbot.addWidget(dialog)
    for i in range(dialog.team.count()):
        dialog.team.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(warned), timeout=5000)
    assert warned == ["A visit team needs exactly one leader."]
    # Refused: the dialog stays open with what was typed, ready to try again.
    assert dialog.visit_id is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.buttons.isEnabled()
