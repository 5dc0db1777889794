"""The school's response to a feedback form (确认 or 异议) and the reply to an objection.

Both write through ``ChainDialog``: the write runs in the background, and a
refusal keeps the dialog open with the reason, so the typed text is not lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from inspector_desktop.domain import ResponseKind
from inspector_desktop.store import objections
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.chain_dialogs import ChainDialog
from inspector_desktop.ui.widgets import date_edit

_KINDS: dict[ResponseKind, str] = {
    ResponseKind.ACKNOWLEDGEMENT: QT_TRANSLATE_NOOP("ResponseLabels", "Acknowledgement (确认)"),
    ResponseKind.OBJECTION: QT_TRANSLATE_NOOP("ResponseLabels", "Objection (异议)"),
}


def response_kind_label(kind: ResponseKind) -> str:
    return QCoreApplication.translate("ResponseLabels", _KINDS[kind])


class ResponseDialog(ChainDialog):
    """What the school said about a signed or issued form, and when it said it."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, form_id: str, form_number: str,
                 today: dt.date) -> None:
        super().__init__(parent, QCoreApplication.translate("ResponseDialogs", "Record the school's response"))
        self.workspace, self.form_id = workspace, form_id
        self.row(self.tr("Form"), QLabel(form_number))
        self.kind = self.row(self.tr("Response"), QComboBox())
        for k in ResponseKind:
            # Stored as the plain value: Qt hands a str enum back as a bare str anyway.
            self.kind.addItem(response_kind_label(k), k.value)
        self.text = self.row(self.tr("What the school said"), QPlainTextEdit())
        self.day = self.row(self.tr("Received on"), date_edit(today))

    def work(self) -> Callable[[Any], Any]:
        ws, fid, kind, text, day = (self.workspace, self.form_id, ResponseKind(self.kind.currentData()),
                                    self.text.toPlainText(), self.day.date().toPython())
        return lambda _t: objections.record_response(ws, fid, kind, text, day)


class ReplyDialog(ChainDialog):
    """The inspectorate's answer to an objection (异议)."""

    def __init__(self, parent: QWidget | None, workspace: Workspace, response_id: str, objection: str,
                 today: dt.date) -> None:
        super().__init__(parent, QCoreApplication.translate("ResponseDialogs", "Reply to the objection"))
        self.workspace, self.response_id = workspace, response_id
        shown = QLabel(objection)
        shown.setWordWrap(True)
        self.row(self.tr("Objection"), shown)
        self.text = self.row(self.tr("Reply"), QPlainTextEdit())
        self.day = self.row(self.tr("Replied on"), date_edit(today))

    def work(self) -> Callable[[Any], Any]:
        ws, rid, text, day = self.workspace, self.response_id, self.text.toPlainText(), self.day.date().toPython()
        return lambda _t: objections.reply_to_objection(ws, rid, text, day)
