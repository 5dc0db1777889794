"""The office's pages (督导室): in the navigation only while a lead inspector is signed in.

A lead uses the same window as an inspector; signed in as a lead, the office
pages appear below the inspector's own (region overview, people and schools,
checklist templates, reports). An inspector never sees them. Hiding them only
keeps an inspector's window clear: the server refuses every office action by
role and region whoever sends it.

Each office page is one entry of ``office_pages()``; its module is imported only
when the window is built, so registering costs the command line nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from inspector_desktop.store.db import Workspace

Today = Callable[[], dt.date]


@dataclass(frozen=True)
class OfficePage:
    attribute: str  # the window's attribute holding the page, e.g. "region_page"
    glyph: str  # a Phosphor glyph, as in ui/icons.py
    title: Callable[[], str]  # translated when called, so a language switch re-titles it
    make: Callable[[Workspace, Today], QWidget]


def office_pages() -> list[OfficePage]:
    """The office pages, in navigation order."""
    from PySide6.QtCore import QCoreApplication

    from inspector_desktop.ui.region_page import RegionPage
    from inspector_desktop.ui.people_page import PeoplePage
    from inspector_desktop.ui.office_reports_page import OfficeReportsPage
    from inspector_desktop.ui.templates_page import TemplatesPage

    return [
        OfficePage("region_page", "ph.map-trifold", lambda: QCoreApplication.translate("OfficePages", "Region overview"),
                   RegionPage),
        OfficePage("people_page", "ph.users-three", lambda: QCoreApplication.translate("OfficePages", "People and schools"),
                   PeoplePage),
        # A ticked box for a checklist (no list-checks in the bundled Phosphor; the clipboard is Visits').
        OfficePage("templates_page", "ph.check-square-offset",
                   lambda: QCoreApplication.translate("OfficePages", "Checklist templates"), TemplatesPage),
        OfficePage("reports_page", "ph.file-text", lambda: QCoreApplication.translate("OfficePages", "Reports"),
                   OfficeReportsPage),
    ]
