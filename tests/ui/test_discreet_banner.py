"""Discreet mode's state in plain view: a banner while unannounced plans are on screen,
counting down the seconds they stay shown, and counts that never give a hidden plan away."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.conftest import TODAY, open_window, settle
from tests.unit.test_discreet_counts import seed_unannounced_plan


def _seconds(text: str) -> int:
    minutes, seconds = re.search(r"(\d\d):(\d\d)", text).groups()
    return int(minutes) * 60 + int(seconds)


def test_banner_shows_while_plans_are_revealed_and_counts_down(qtbot, workspace, ui_settings, english):
    seed_unannounced_plan(workspace, since=TODAY)
    w = open_window(qtbot, workspace, ui_settings)
    banner, d = w.discreet_banner, w.discretion
    qtbot.waitUntil(lambda: banner.plans == 1, timeout=5000)
    assert banner.state == "hidden" and not banner.isVisible()
    assert banner.indicator.isVisible() and banner.indicator.text() == "Unannounced plans hidden"

    d.reveal(30)
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    first = _seconds(banner.text.text())
    assert banner.state == "revealed" and 20 <= first <= 30 and not banner.indicator.isVisible()
    qtbot.waitUntil(lambda: _seconds(banner.text.text()) < first, timeout=3000)

    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)  # Hide now
    assert not d.revealed and not banner.isVisible() and banner.indicator.isVisible()
    settle(qtbot)


def test_banner_stays_while_discreet_mode_is_off_and_turns_it_back_on(qtbot, workspace, ui_settings, english):
    seed_unannounced_plan(workspace, since=TODAY)
    w = open_window(qtbot, workspace, ui_settings)
    banner, d = w.discreet_banner, w.discretion
    d.set_enabled(False)
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert banner.state == "off" and "Discreet mode is off" in banner.text.text()
    assert banner.button.text() == "Turn discreet mode on"
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert d.enabled and not d.revealed and not banner.isVisible()
    settle(qtbot)


def test_no_banner_without_unannounced_plans(qtbot, workspace, ui_settings, english):
    w = open_window(qtbot, workspace, ui_settings)
    w.discretion.set_enabled(False)
    settle(qtbot)
    assert w.discreet_banner.plans == 0 and not w.discreet_banner.isVisible()


def test_schools_and_dashboard_counts_leave_a_hidden_plan_out(qtbot, workspace, ui_settings, english):
    # Responsible for a month: the routine visit falls due just after the plan.
    seed_unannounced_plan(workspace, since=TODAY - dt.timedelta(days=25))
    w = open_window(qtbot, workspace, ui_settings)
    w.show_page(w.schools_page)
    schools = w.schools_page.schools
    qtbot.waitUntil(lambda: len(schools.rows) == 1, timeout=5000)
    assert schools.rows[0].visits == 0
    w.discretion.reveal()
    qtbot.waitUntil(lambda: schools.rows[0].visits == 1, timeout=5000)
    w.discretion.hide()
    qtbot.waitUntil(lambda: schools.rows[0].visits == 0, timeout=5000)

    w.show_page(w.dashboard_page)
    ledger = w.dashboard_page.ledger_model
    headers = [ledger.headerData(c, Qt.Orientation.Horizontal) for c in range(ledger.columnCount())]
    cadence = headers.index("Cadence")  # found by its heading: a lead's ledger has columns after it
    qtbot.waitUntil(lambda: ledger.rowCount() == 1, timeout=5000)
    assert ledger.index(0, cadence).data() != "Booked"
    w.discretion.reveal()
    qtbot.waitUntil(lambda: ledger.index(0, cadence).data() == "Booked", timeout=5000)
    w.discretion.hide()
    qtbot.waitUntil(lambda: ledger.index(0, cadence).data() != "Booked", timeout=5000)
    settle(qtbot)


def test_banner_screenshots(qtbot, workspace, ui_settings, english, tmp_path):
    """The window with the banner, in both languages at two laptop sizes, for a person to look at."""
    from inspector_desktop.ui import i18n

    out = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    seed_unannounced_plan(workspace, since=TODAY)
    w = open_window(qtbot, workspace, ui_settings)
    w.discretion.reveal(90)
    qtbot.waitUntil(w.discreet_banner.isVisible, timeout=5000)
    for language in ("en", "zh_CN"):
        i18n.apply_language(language)
        for width, height in ((1366, 768), (1024, 640)):
            w.resize(width, height)
            settle(qtbot)
            # The banner's words and button fit beside each other at either size.
            assert w.discreet_banner.button.geometry().right() <= w.discreet_banner.width()
            assert w.grab().save(str(out / f"banner-{language}-{width}x{height}.png"))
    i18n.apply_language("en")
    w.discretion.hide()
    settle(qtbot)
