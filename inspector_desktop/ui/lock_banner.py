"""The banner over whatever a signed feedback form certifies: when it was signed,
that it can no longer change, and the one way to correct it (an addendum)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from inspector_desktop.ui import icons
from inspector_desktop.ui.i18n import format_date


def signed_time_text(moment: dt.datetime) -> str:
    """A time in the zone it carries (where the form was signed, as on the sheet), offset shown."""
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    day = format_date(moment.date())  # 2026年12月1日 / 2026-12-01, as everywhere else
    return f"{day} {moment:%H:%M} {zone}".strip()


class LockBanner(QFrame):
    """Hidden until ``show_lock``; its button asks for an addendum to the form named."""

    addendum_requested = Signal(str)  # the signed form's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form_id = ""
        self.number = ""
        self.signed_at: dt.datetime | None = None
        self.setObjectName("lockBanner")
        self.setStyleSheet("#lockBanner { background: #fff4e0; border: 1px solid #e0b060; border-radius: 4px; }")
        # The lock is our icon font's: as an emoji in the sentence, a machine without an
        # emoji font (most Linux desktops, with only the bundled CJK font) drew an empty box.
        self.lock = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.addendum_requested.emit(self.form_id))
        layout = QHBoxLayout(self)
        layout.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()
        self.retranslate()

    def show_lock(self, form_id: str, number: str, signed_at: dt.datetime | None) -> None:
        self.form_id, self.number, self.signed_at = form_id, number, signed_at
        self.retranslate()
        self.show()

    def clear_lock(self) -> None:
        self.form_id = ""
        self.hide()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Make an addendum…"))
        self.button.setToolTip(self.tr("A new draft linked to form {number}, to correct what it says").format(
            number=self.number))
        when = signed_time_text(self.signed_at) if self.signed_at else ""
        self.text.setText(self.tr(
            "Form {number} was signed on {when} — it can no longer change; make an addendum to correct it.").format(
            number=self.number, when=when))
        side = self.text.fontMetrics().height()
        self.lock.setPixmap(icons.icon("locked", self.palette()).pixmap(side, side))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange):
            self.retranslate()
        super().changeEvent(event)
