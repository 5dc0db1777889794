"""The checklist made for a clipboard: one-tap and one-key ratings, progress, a jump list,
poor ratings marked without relying on colour, and most of the eight items on one laptop screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from inspector_desktop.domain import Rating
from inspector_desktop.store import visit_record
from inspector_desktop.ui import i18n
from tests.ui.conftest import settle


def _open_checklist(window, qtbot, size=(1366, 768)):
    window.resize(*size)
    model = window.visits_page.model
    row = next(model.row_at(i) for i in range(model.rowCount()) if not model.row_at(i).hidden)
    window.visits_page.open_visit(row.id)
    window.show_page(window.visits_page)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == row.id and len(page.checklist.lines) == 8,
                    timeout=5000)
    page.tabs.setCurrentIndex(0)
    settle(qtbot)
    return page, page.checklist


def _saved_rating(ws, page, line):
    items = visit_record.visit_detail(ws, page.detail.id).checklist
    return next(i for i in items if i.indicator_id == line.item.indicator_id).rating


def test_one_tap_rating_updates_progress_and_is_saved(window, qtbot, demo_workspace):
    page, tab = _open_checklist(window, qtbot)
    for line in tab.lines:  # start from a blank sheet
        line.rating.set_rating(Rating.NOT_ASSESSED)
    assert tab.progress.text() == "0/8 rated"
    line = tab.lines[2]
    qtbot.mouseClick(line.rating.buttons[0], Qt.MouseButton.LeftButton)  # Good
    assert tab.progress.text() == "1/8 rated"
    assert line.rating.currentData() is Rating.GOOD and line.rating.buttons[0].isChecked()
    assert tab.jump.item(2).toolTip().endswith("Good")
    qtbot.waitUntil(lambda: _saved_rating(demo_workspace, page, line) is Rating.GOOD, timeout=3000)
    qtbot.mouseClick(line.rating.buttons[0], Qt.MouseButton.LeftButton)  # tapped again: cleared
    assert tab.progress.text() == "0/8 rated"
    qtbot.waitUntil(lambda: _saved_rating(demo_workspace, page, line) is Rating.NOT_ASSESSED, timeout=3000)


def test_keyboard_rates_and_moves_between_items(window, qtbot, demo_workspace):
    page, tab = _open_checklist(window, qtbot)
    tab.go_to(0)
    first = tab.lines[0]
    assert first.rating.hasFocus() and tab.jump.currentRow() == 0
    assert "key 1" in first.rating.buttons[0].toolTip()  # the shortcut is told where the button is
    qtbot.keyClick(first.rating, Qt.Key.Key_4)
    assert first.rating.currentData() is Rating.UNSATISFACTORY
    qtbot.keyClick(first.rating, Qt.Key.Key_Left)
    assert first.rating.currentData() is Rating.NEEDS_IMPROVEMENT
    qtbot.waitUntil(lambda: _saved_rating(demo_workspace, page, first) is Rating.NEEDS_IMPROVEMENT, timeout=3000)
    # Tab goes rating → observation → evidence → the next item's rating.
    qtbot.keyClick(first.rating, Qt.Key.Key_Tab)
    assert first.observation.hasFocus()
    first.observation.focusNextChild()
    assert first.evidence_button.hasFocus()
    first.evidence_button.focusNextChild()
    assert tab.lines[1].rating.hasFocus() and tab.jump.currentRow() == 1
    qtbot.keyClick(tab.lines[1].rating, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert tab.lines[2].rating.hasFocus() and tab.jump.currentRow() == 2
    tab.jump.setCurrentRow(6)  # the jump list
    assert tab.lines[6].rating.hasFocus()


def test_a_poor_rating_is_marked_in_words_and_with_an_icon(window, qtbot):
    _page, tab = _open_checklist(window, qtbot)
    line = tab.lines[5]
    line.rating.set_rating(Rating.GOOD)
    assert not line.poor_mark.isVisible()
    line.rating.set_rating(Rating.UNSATISFACTORY)
    assert line.poor_mark.isVisible() and line.poor_mark.text() == "Needs follow-up"
    assert not line.poor_mark.icon().isNull() and not line.rating.buttons[3].icon().isNull()
    assert "need follow-up" in tab.progress.text()
    assert tab.jump.item(5).data(Qt.ItemDataRole.AccessibleTextRole).endswith("Unsatisfactory")


def test_evidence_is_folded_until_used(window, qtbot, photo):
    _page, tab = _open_checklist(window, qtbot)
    line = next(ln for ln in tab.lines if not ln.evidence.files)
    assert not line.evidence.isVisible() and line.evidence_button.text() == "Add evidence"
    qtbot.mouseClick(line.evidence_button, Qt.MouseButton.LeftButton)
    assert line.evidence.isVisible()
    line._attach([photo])
    qtbot.waitUntil(lambda: line.evidence_button.text() == "Evidence (1)", timeout=5000)
    line.evidence_button.setChecked(False)  # folding stays possible, and shows again with the files
    line.retranslate()
    assert line.evidence.isVisible()
    settle(qtbot)


def test_the_observation_box_grows_as_it_fills(window, qtbot):
    _page, tab = _open_checklist(window, qtbot)
    box = tab.lines[0].observation
    box.setPlainText("")
    empty = box.height()
    box.setPlainText("\n".join(f"line {n}" for n in range(4)))
    assert box.height() > 2 * empty
    box.setPlainText("\n".join(f"line {n}" for n in range(30)))
    assert box.height() < 10 * empty  # then it scrolls


def _fully_visible(tab) -> int:
    view = tab.scroll.viewport()
    area = QRect(0, 0, view.width(), view.height())
    return sum(area.contains(QRect(line.mapTo(view, line.rect().topLeft()), line.size())) for line in tab.lines)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_five_items_fit_a_1366_by_768_screen(window, qtbot, language):
    i18n.apply_language(language)
    _page, tab = _open_checklist(window, qtbot)
    tab.lines[0].rating.setFocus()  # the current line shows its guidance too
    settle(qtbot)
    assert window.geometry().height() <= 768
    assert _fully_visible(tab) >= 5


def test_checklist_screenshots(window, qtbot, tmp_path):
    out = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    for language in ("en", "zh_CN"):
        i18n.apply_language(language)
        for size in ((1366, 768), (1024, 640)):
            _page, tab = _open_checklist(window, qtbot, size)
            tab.lines[1].rating.set_rating(Rating.NEEDS_IMPROVEMENT)
            tab.go_to(1)
            settle(qtbot)
            assert window.grab().save(str(out / f"checklist-{language}-{size[0]}x{size[1]}.png"))
    i18n.apply_language("en")
