"""Every icon the window draws, in one place: one visual language, coloured from the palette.

The glyphs are Phosphor's (the font that qtawesome bundles, MIT/OFL), one line
weight throughout, each chosen for what the page or button does. Being a font,
an icon takes the palette's text colour, so it reads in light and dark themes
alike, and is redrawn in the new colours when the palette changes.

The glyphs are drawn here from the font file itself rather than through
qtawesome, whose import (qtpy and a dozen Qt modules, every icon font loaded)
would cost the first frame of the window most of a second.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

PHOSPHOR_FONT, PHOSPHOR_CHARMAP = "phosphor-1.3.0.ttf", "phosphor-charmap-1.3.0.json"

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
    "locked": "ph.lock",  # a signed feedback form: drawn from our font, not an emoji some machines lack
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
    colours = {
        QIcon.Mode.Normal: text,
        QIcon.Mode.Active: text,
        # A selected row is drawn on the highlight colour: the icon takes its text colour.
        QIcon.Mode.Selected: pal.color(QPalette.ColorRole.HighlightedText),
        QIcon.Mode.Disabled: pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
    }
    prefix, name = glyph.split(".", 1)
    assert prefix == "ph", glyph  # one icon set
    return QIcon(_GlyphEngine(chr(_charmap()[name]), colours))


class _GlyphEngine(QIconEngine):
    """One glyph of the font, centred, in the colour of the icon's mode."""

    def __init__(self, char: str, colours: dict[QIcon.Mode, QColor]) -> None:
        super().__init__()
        self.char, self.colours = char, colours

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setPen(self.colours.get(mode, self.colours[QIcon.Mode.Normal]))
        font = QFont(_family())
        # A glyph a little smaller than its box leaves room for the font's bearing.
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    # No clone(): an engine made in Python and handed to Qt from there would be freed
    # twice at exit. Nothing here changes an icon after it is made, so Qt never needs one.


def _fonts() -> Path:
    # Found without importing qtawesome (see the module's docstring).
    spec = importlib.util.find_spec("qtawesome")
    assert spec is not None and spec.submodule_search_locations, "qtawesome, which ships the icon font, is missing"
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def _charmap() -> dict[str, int]:
    found = json.loads((_fonts() / PHOSPHOR_CHARMAP).read_text(encoding="utf-8"))
    return {name: int(code, 16) for name, code in found.items()}


@cache
def _family() -> str:
    font_id = QFontDatabase.addApplicationFont(str(_fonts() / PHOSPHOR_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    assert families, "the icon font could not be loaded"
    return families[0]
