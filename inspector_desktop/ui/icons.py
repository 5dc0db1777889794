"""Every icon the window draws, in one place: one visual language, coloured from the palette.

The glyphs are Phosphor's (bundled with qtawesome as a font, MIT/OFL), one line
weight throughout, each chosen for what the page or button does. Being a font,
an icon takes the palette's text colour, so it reads in light and dark themes
alike, and is redrawn in the new colours when the palette changes.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")  # qtawesome speaks to Qt through qtpy: use our binding

import qtawesome  # noqa: E402
from PySide6.QtGui import QGuiApplication, QIcon, QPalette  # noqa: E402

# The navigation, in its order (Ctrl+1 … Ctrl+9).
PAGES: tuple[str, ...] = (
    "ph.calendar-check",  # Today: the day's visits and what falls due
    "ph.clipboard-text",  # Visits: the inspector's clipboard
    "ph.buildings",  # Schools
    "ph.wrench",  # Rectifications: what the school must put right
    "ph.chart-bar",  # Dashboard
    "ph.pen-nib",  # Feedback forms: signed on the spot
    "ph.graduation-cap",  # Training hours
    "ph.cloud-arrow-up",  # Sync
    "ph.gear",  # Settings
)

GLYPHS: dict[str, str] = {
    "hidden": "ph.eye-slash",  # discreet mode hides unannounced plans
    "shown": "ph.eye",  # unannounced plans are on screen
    "timer": "ph.timer",
    "evidence": "ph.paperclip",
    "poor": "ph.warning-circle",  # a rating that needs action: never shown by colour alone
    "rated": "ph.check-circle",
    "unrated": "ph.circle",
    "export": "ph.export",
    "random_pick": "ph.shuffle",
}


def page_icon(row: int, palette: QPalette | None = None) -> QIcon:
    return _draw(PAGES[row], palette)


def glyph_icon(glyph: str, palette: QPalette | None = None) -> QIcon:
    """A page's icon by its glyph (the navigation's and the office pages')."""
    return _draw(glyph, palette)


def icon(name: str, palette: QPalette | None = None, role: QPalette.ColorRole | None = None) -> QIcon:
    """The icon called ``name`` in GLYPHS, in the palette's text colour (or ``role``'s)."""
    return _draw(GLYPHS[name], palette, role)


def _draw(glyph: str, palette: QPalette | None, role: QPalette.ColorRole | None = None) -> QIcon:
    pal = palette or QGuiApplication.palette()
    text = pal.color(role or QPalette.ColorRole.WindowText)
    return qtawesome.icon(
        glyph,
        color=text,
        color_active=text,
        # A selected row is drawn on the highlight colour: the icon takes its text colour.
        color_selected=pal.color(QPalette.ColorRole.HighlightedText),
        color_disabled=pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
    )
