"""Screenshots of the main pages in both languages, for a person to look at.

Written to $SCREENSHOT_DIR when set (e.g. SCREENSHOT_DIR=/tmp/shots), else under
pytest's tmp folder. The assertions catch the blunt failures: an empty page, or
Chinese text drawn as tofu boxes because no CJK font was found.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QFont, QFontMetrics

from inspector_desktop.ui import i18n
from tests.ui.conftest import settle


def test_main_pages_screenshots(window, qtbot, qapp, tmp_path):
    out = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 800)
    written = []
    for language in ("en", "zh_CN"):
        i18n.apply_language(language)
        qtbot.waitUntil(lambda language=language: window.nav.item(0).text() == ("Today" if language == "en" else "今日"), timeout=3000)
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            settle(qtbot)
            qtbot.wait(50)
            name = window.nav.item(row).text()
            shot = window.grab()
            path = out / f"{language}-{row + 1}-{window.pages[row][0].__class__.__name__}.png"
            assert shot.save(str(path))
            written.append(path)
            assert not shot.toImage().isNull() and name
        # One visit opened, with its checklist.
        model = window.visits_page.model
        with_findings = next(model.row_at(i) for i in range(model.rowCount()) if model.row_at(i).findings)
        window.visits_page.open_visit(with_findings.id)
        window.show_page(window.visits_page)
        qtbot.waitUntil(lambda: bool(window.visits_page.visit_page.checklist.lines), timeout=5000)
        settle(qtbot)
        for tab in (0, 1):
            window.visits_page.visit_page.tabs.setCurrentIndex(tab)
            qtbot.wait(50)
            path = out / f"{language}-visit-tab{tab}.png"
            assert window.grab().save(str(path))
            written.append(path)
        window.visits_page.show_list()
    # The shipped CJK font is loaded and in the fallback list of every widget's font.
    family = i18n.load_cjk_font(qapp)
    assert family == "WenQuanYi Micro Hei"
    assert family in window.nav.font().families()
    assert QFontMetrics(QFont(family)).horizontalAdvance("今日") > 0
    assert len(written) == 2 * (window.nav.count() + 2)
