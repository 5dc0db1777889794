"""The inspector's pages, in navigation order, and how each is built and wired to the window.

A page is built the first time it is shown (or asked for), not when the window
opens: each page's module brings the store queries, dialogs and, for the
Dashboard, QtCharts it needs, and a window that opens on Today should not wait
for any of that. So each builder imports its page's module when called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector_desktop.ui import icons

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from inspector_desktop.ui.app import MainWindow


@dataclass(frozen=True)
class PageEntry:
    attribute: str  # the window's attribute for the page, e.g. "visits_page"
    glyph: str  # its icon, as in ui/icons.py
    title: Callable[[], str]  # translated when called, so a language switch re-titles it
    make: Callable[[MainWindow], QWidget]  # builds the page for an open workspace and connects it


def _today(w: MainWindow) -> QWidget:
    from inspector_desktop.ui import first_run
    from inspector_desktop.ui.today_page import TodayPage

    # Built with the window, before the workspace is open: its first frame is this page, laid out.
    page = TodayPage(w.workspace, w.today, w.discretion)
    page.demo_requested.connect(lambda: first_run.create_demo(w))
    page.start_empty_requested.connect(lambda: first_run.start_empty(w))
    page.open_visit.connect(w.open_visit)
    page.open_objections.connect(w.open_objections)
    page.open_rectification.connect(w.open_rectification)
    page.open_school.connect(w.open_school)
    return page


def _visits(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.visits_page import VisitsPage

    return VisitsPage(w.workspace, w.today, w.discretion)


def _schools(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.schools_page import SchoolsPage

    page = SchoolsPage(w.workspace, w.today, w.discretion)
    page.open_visit.connect(w.open_visit)
    page.open_rectification.connect(w.open_rectification)
    return page


def _rectifications(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.rectifications_page import RectificationsPage

    return RectificationsPage(w.workspace, w.today)


def _dashboard(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.dashboard_page import DashboardPage

    page = DashboardPage(w.workspace, w.today, w.discretion)
    page.open_visit.connect(w.open_visit)
    page.open_school.connect(w.open_school)
    page.export_requested.connect(w.export)
    return page


def _forms(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.forms_page import FormsPage

    return FormsPage(w.workspace, w.today)


def _training(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.training_page import TrainingPage

    return TrainingPage(w.workspace, w.today)


def _sync(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.sync_page import SyncPage

    page = SyncPage(w.workspace)
    page.open_visit.connect(w.open_visit)
    page.open_school.connect(w.open_school)
    page.open_rectification.connect(w.open_rectification)
    return page


def _settings(w: MainWindow) -> QWidget:
    from inspector_desktop.ui.settings_page import SettingsPage

    return SettingsPage(w.workspace, w.settings, w.discretion, w.today)


def _title(text: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("MainWindow", text)


# Ctrl+1 … Ctrl+9, in this order; the office's pages (ui/office.py) follow.
INSPECTOR_PAGES: tuple[PageEntry, ...] = tuple(
    PageEntry(attribute, glyph, _title(text), make)
    for (attribute, text, make), glyph in zip((
        ("today_page", QT_TRANSLATE_NOOP("MainWindow", "Today"), _today),
        ("visits_page", QT_TRANSLATE_NOOP("MainWindow", "Visits"), _visits),
        ("schools_page", QT_TRANSLATE_NOOP("MainWindow", "Schools"), _schools),
        ("rectifications_page", QT_TRANSLATE_NOOP("MainWindow", "Rectifications"), _rectifications),
        ("dashboard_page", QT_TRANSLATE_NOOP("MainWindow", "Dashboard"), _dashboard),
        ("forms_page", QT_TRANSLATE_NOOP("MainWindow", "Feedback forms"), _forms),
        ("training_page", QT_TRANSLATE_NOOP("MainWindow", "Training"), _training),
        ("sync_page", QT_TRANSLATE_NOOP("MainWindow", "Sync"), _sync),
        ("settings_page", QT_TRANSLATE_NOOP("MainWindow", "Settings"), _settings),
    ), icons.PAGES, strict=True)
)
