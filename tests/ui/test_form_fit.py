"""A feedback form opens whole on a 1024×640 screen, draft or signed, in English and
Chinese: the dialog can be as short as the screen, and on the Signatures tab both
parties' pads (or their captured signatures) are in sight side by side, no scrolling."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inspector_desktop.store import models as m
from inspector_desktop.ui import i18n
from inspector_desktop.ui.form_editor import FormEditor
from tests.ui.conftest import settle

TIMEOUT = 15_000
SCREEN = (1024, 640)
ROOM = (SCREEN[0] - 40, SCREEN[1] - 60)  # the title bar and a taskbar take the rest


def _form(ws, status: str) -> str:
    with ws.read() as s:
        return s.scalar(sa.select(m.FeedbackForm.id).where(m.FeedbackForm.status == status).limit(1))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("status", ["draft", "signed"])
def test_the_form_and_both_signatures_fit_a_1024_screen(qtbot, demo_workspace, english, language, status):
    i18n.apply_language(language)
    editor = FormEditor(demo_workspace, form_id=_form(demo_workspace, status))
    qtbot.addWidget(editor)
    editor.resize(*ROOM)
    editor.show()
    qtbot.waitUntil(lambda: editor.form is not None and not editor.busy, timeout=TIMEOUT)
    settle(qtbot)
    assert editor.minimumSizeHint().height() <= ROOM[1], editor.minimumSizeHint()
    assert (editor.width(), editor.height()) == ROOM
    editor.tabs.setCurrentWidget(editor.signatures)
    settle(qtbot)
    tab = editor.signatures
    parts = tab.captured if status == "signed" else tab.boxes
    seen = tab.rect()
    for role, part in parts.items():
        assert part.isVisible(), role
        where = part.rect().translated(part.mapTo(tab, part.rect().topLeft()))
        assert seen.contains(where), (role, where, seen)  # all of it in sight
        if status == "draft":
            pad = part.pad
            assert pad.width() >= pad.minimumWidth() and pad.height() >= pad.minimumHeight(), role
