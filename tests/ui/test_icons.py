"""One icon set: every page in the navigation has its own icon from ui/icons.py, in the palette's colours."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette

from inspector_desktop.ui import icons


def _image(icon, size=20):
    return icon.pixmap(QSize(size, size)).toImage()


def test_every_page_has_its_icon_from_the_one_set(window):
    # The inspector's pages, then the office's (ui/office.py), each with a glyph of its own.
    glyphs = [*icons.PAGES, *(entry.glyph for entry in window.office)]
    assert window.nav.count() == len(glyphs) == len(set(glyphs))
    for n in range(window.nav.count()):
        shown = window.nav.item(n).icon()
        assert not shown.isNull()
        want = icons.page_icon(n, window.palette()) if n < len(icons.PAGES) else icons.glyph_icon(glyphs[n], window.palette())
        assert _image(shown) == _image(want), window.nav.item(n).text()


def test_icons_follow_a_dark_palette(window, qtbot):
    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    window.setPalette(dark)
    drawn = _image(window.nav.item(0).icon())
    inked = [drawn.pixelColor(x, y) for x in range(drawn.width()) for y in range(drawn.height())
             if drawn.pixelColor(x, y).alpha() == 255]
    assert inked and all(c.lightness() > 200 for c in inked)  # light strokes on the dark background
