"""The notice letter (督导通知书) of an announced visit: built in the background,
shown, printed and exported as the exact PDF bytes.

Only announced visits have one; the visit page offers it for nothing else, and the
store and the letter's builder refuse an unannounced visit whatever the window did.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget

from inspector_desktop.store import notices
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.sheet_preview import DocumentWindow


class NoticeDialog(DocumentWindow):
    def __init__(self, parent: QWidget | None, workspace: Workspace, visit_id: str, issued_on: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Notice letter"))
        language = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"

        def build(_t):  # type: ignore[no-untyped-def]
            # Imported here: the PDF code is only needed once a letter is opened.
            from inspector_desktop.reports.notice import build_notice_letter  # noqa: PLC0415

            # The letter's day is also the day "still to come" is judged against.
            facts = notices.notice_letter_facts(workspace, visit_id, today=issued_on)
            return build_notice_letter(facts, language, issued_on)

        run_op(self, build, on_done=lambda data: self.preview.load_bytes(data, f"notice-{issued_on.isoformat()}.pdf"),
               on_error=lambda exc, _tb: self.preview.status.setText(error_text(exc)))
