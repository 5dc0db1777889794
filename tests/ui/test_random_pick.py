"""The 双随机 draw from the Dashboard: picks shown with their seed, and the audit re-run agrees."""

from __future__ import annotations

import os

from inspector_desktop.store import choices, random_picks, roles
from tests.ui.conftest import settle


def _dialog(window, qtbot):
    roles.set_roles(window.workspace, [roles.LEAD])  # a draw is offered to a lead only
    page = window.dashboard_page
    window.show_page(page)
    qtbot.waitUntil(page.pick_button.isVisible, timeout=5000)
    page.pick_button.click()
    dialog = page.pick_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    return dialog


def _draw(qtbot, dialog):
    with qtbot.waitSignal(dialog.picked.model().rowsInserted, timeout=5000):
        dialog.draw_button.click()
    settle(qtbot)


def test_a_draw_shows_its_schools_inspectors_and_seed_and_the_audit_agrees(window, qtbot, demo_workspace):
    dialog = _dialog(window, qtbot)
    assert not dialog.audit_button.isEnabled()  # nothing to audit before a draw
    dialog.schools.setValue(2)
    dialog.per_school.setValue(1)
    dialog.purpose.setText("2026年秋季专项督导")
    dialog.made_by.setText("王组长")
    _draw(qtbot, dialog)
    record = dialog.shown.record
    names = {c.id: c.label for c in choices.schools(demo_workspace)}
    staff = {c.id: c.label for c in choices.inspectors(demo_workspace)}
    assert len(record.school_ids) == 2 and dialog.picked.count() == 2
    for n, sid in enumerate(record.school_ids):
        (inspector,) = record.inspectors[sid]
        line = dialog.picked.item(n).text()
        assert names[sid] in line and staff[inspector] in line
    assert record.seed and record.seed in dialog.seed.text()

    dialog.audit_button.click()
    qtbot.waitUntil(lambda: dialog.audited is not None, timeout=5000)
    assert dialog.audited is True and "same" in dialog.audit_result.text()
    assert random_picks.audit_random_pick(demo_workspace, record.id)


def test_too_many_schools_is_refused_in_words_and_nothing_is_shown(window, qtbot, demo_workspace):
    dialog = _dialog(window, qtbot)
    dialog.schools.setValue(999)
    dialog.made_by.setText("王组长")
    dialog.draw_button.click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=5000)
    available = len(choices.schools(demo_workspace))
    assert f"between 1 and {available} schools" in dialog.error.text()
    assert dialog.picked.count() == 0 and not dialog.audit_button.isEnabled()
    dialog.reject()


def test_chinese_random_pick_screenshot(window, qtbot):
    from inspector_desktop.ui import i18n

    i18n.apply_language("zh_CN")
    dialog = _dialog(window, qtbot)
    assert dialog.windowTitle() == "双随机抽取" and dialog.audit_button.text() == "重新运行以核验"
    dialog.schools.setValue(3)
    dialog.per_school.setValue(2)
    dialog.purpose.setText("2026年秋季专项督导")
    dialog.made_by.setText("王组长")
    _draw(qtbot, dialog)
    dialog.audit_button.click()
    qtbot.waitUntil(lambda: dialog.audited is not None, timeout=5000)
    assert "相同" in dialog.audit_result.text()
    out = os.environ.get("SHOTS_DIR")
    if out:
        assert dialog.grab().save(os.path.join(out, "random_pick_zh.png"))
    dialog.reject()
