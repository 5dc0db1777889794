"""The office's pages (督导室): in the navigation only while a lead inspector is signed in.

A lead uses the same window as an inspector; signed in as a lead, the office
pages appear below the inspector's own (region overview, people and schools,
checklist templates, reports). An inspector never sees them. Hiding them only
keeps an inspector's window clear: the server refuses every office action by
role and region whoever sends it.

Each office page is one entry of ``office_pages()``; its module is imported only
when the page is first shown, so registering costs neither the command line nor
the window's start anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from inspector_desktop.store.db import Workspace

Today = Callable[[], dt.date]


@dataclass(frozen=True)
class OfficePage:
    attribute: str  # the window's attribute holding the page, e.g. "region_page"
    glyph: str  # a Phosphor glyph, as in ui/icons.py
    title: Callable[[], str]  # translated when called, so a language switch re-titles it
    make: Callable[[Workspace, Today], QWidget]


# Each page's module is imported inside its builder, where the installer's analysis still finds it.
def _region(workspace: Workspace, today: Today) -> QWidget:
    from inspector_desktop.ui.region_page import RegionPage

    return RegionPage(workspace, today)


def _people(workspace: Workspace, today: Today) -> QWidget:
    from inspector_desktop.ui.people_page import PeoplePage

    return PeoplePage(workspace, today)


def _templates(workspace: Workspace, today: Today) -> QWidget:
    from inspector_desktop.ui.templates_page import TemplatesPage

    return TemplatesPage(workspace, today)


def _reports(workspace: Workspace, today: Today) -> QWidget:
    from inspector_desktop.ui.office_reports_page import OfficeReportsPage

    return OfficeReportsPage(workspace, today)


def office_pages() -> list[OfficePage]:
    """The office pages, in navigation order."""
    return [
        OfficePage("region_page", "ph.map-trifold", lambda: QCoreApplication.translate("OfficePages", "Region overview"),
                   _region),
        OfficePage("people_page", "ph.users-three", lambda: QCoreApplication.translate("OfficePages", "People and schools"),
                   _people),
        # A ticked box for a checklist (no list-checks in the bundled Phosphor; the clipboard is Visits').
        OfficePage("templates_page", "ph.check-square-offset",
                   lambda: QCoreApplication.translate("OfficePages", "Checklist templates"),
                   _templates),
        OfficePage("reports_page", "ph.file-text", lambda: QCoreApplication.translate("OfficePages", "Reports"),
                   _reports),
    ]
