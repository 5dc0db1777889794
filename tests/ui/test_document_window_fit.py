"""A built document's window (the notice letter, an escalation's document) opens within
the screen it opens on, with its Close button in sight, and wide enough to read the
page: it asked for 720×860, taller than a 1366×768 or 1024×640 laptop screen."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtWidgets import QDialogButtonBox

from inspector_desktop.store import models as m
from inspector_desktop.ui.notice_dialog import NoticeDialog
from tests.ui.conftest import TODAY, settle


def test_the_notice_letter_opens_within_the_screen(window, qtbot, demo_workspace):
    with demo_workspace.read() as s:
        visit_id = s.scalar(sa.select(m.Visit.id).where(m.Visit.notice == "announced", m.Visit.status == "planned",
                                                        m.Visit.planned_on >= TODAY).limit(1))
    dialog = NoticeDialog(window, demo_workspace, visit_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.preview.page_count() >= 1, timeout=15_000)
    settle(qtbot)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() and dialog.width() <= room.width(), (dialog.size(), room)
    close = dialog.findChild(QDialogButtonBox)
    bottom = close.mapTo(dialog, close.rect().bottomLeft()).y()
    assert close.isVisible() and bottom <= dialog.height()
    assert dialog.preview.view.width() >= min(560, room.width() - 120)  # the page reads at a useful size
