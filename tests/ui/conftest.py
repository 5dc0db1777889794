"""Fixtures for driving the real window: fixed calendar, private UI settings, English first."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 11, 22)  # the demo_workspace's "today"


@pytest.fixture
def ui_settings(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    # A private INI file: tests never read or write the real per-user settings.
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def english(qapp):
    from inspector_desktop.ui import i18n

    i18n.load_cjk_font(qapp)
    i18n.apply_language("en")
    yield
    i18n.apply_language("en")


def open_window(qtbot, workspace, settings):
    from inspector_desktop.ui.app import MainWindow

    window = MainWindow(workspace, today=lambda: TODAY, settings=settings)
    qtbot.addWidget(window, before_close_func=lambda w: _drain(qtbot, w))
    window.show()
    qtbot.waitExposed(window)
    visits = window.visits_page
    qtbot.waitUntil(lambda: visits.model.index_snapshot is not None and visits.schools_loaded, timeout=10_000)
    return window


@pytest.fixture
def window(qtbot, demo_workspace, ui_settings, english):
    return open_window(qtbot, demo_workspace, ui_settings)


def _drain(qtbot, w):
    # Queued autosaves land, and background reads deliver, before the window goes.
    w.visits_page.visit_page.autosaver.flush_now()
    qtbot.waitUntil(lambda: w.visits_page.visit_page.autosaver.idle, timeout=5000)
    settle(qtbot)


def settle(qtbot):
    """Let background reads finish and deliver while their widgets still exist."""
    from inspector_desktop.ui.ops import wait_all

    assert wait_all(10.0)
    qtbot.wait(20)


@pytest.fixture
def photo(tmp_path):
    from PySide6.QtGui import QColor, QImage

    img = QImage(320, 240, QImage.Format.Format_RGB32)
    img.fill(QColor(40, 120, 200))
    path = tmp_path / "消防通道.png"
    assert img.save(str(path))
    return path
