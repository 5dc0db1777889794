"""The banner over a signed feedback form draws every character of its sentence, in
English and Chinese, on a machine with no emoji font: its lock is the window's own
icon, not an emoji that such a machine shows as an empty box."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QFont, QFontMetrics

from inspector_desktop.ui import i18n
from inspector_desktop.ui.lock_banner import LockBanner


def _drawable(label, char: str) -> bool:
    families = [*label.font().families(), label.font().family()]
    return any(QFontMetrics(QFont(family)).inFontUcs4(ord(char)) for family in families)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_lock_banner_draws_every_character_and_its_lock(qtbot, english, language):
    i18n.apply_language(language)
    banner = LockBanner()
    qtbot.addWidget(banner)
    signed = dt.datetime(2026, 11, 17, 19, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    banner.show_lock("f1", "DX0417-2026-0014", signed)
    banner.show()
    text = banner.text.text()
    assert "DX0417-2026-0014" in text
    missing = [c for c in text if not c.isspace() and not _drawable(banner.text, c)]
    assert not missing, [hex(ord(c)) for c in missing]
    assert banner.lock.isVisible() and not banner.lock.pixmap().isNull()
