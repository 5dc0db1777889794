"""The feedback form's Signatures tab: pads to sign on while it is a draft, and the
captured signatures (the stored images, names, titles, times) once it is signed.

Times are shown in the zone the form was signed in, as the printed sheet shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import SignatureRole
from inspector_desktop.store.certified import CapturedSignature
from inspector_desktop.ui.lock_banner import signed_time_text
from inspector_desktop.ui.signature_pad import SignatureBox


class CapturedSignatureView(QGroupBox):
    """One party's signature as stored: the image, who signed and when. Nothing to edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QLabel()
        self.image.setMinimumHeight(120)
        self.image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.image.setStyleSheet("background: white; border: 1px solid #d0d7de;")
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image)
        layout.addWidget(self.details)
        self.signature: CapturedSignature | None = None

    def show_signature(self, signature: CapturedSignature | None) -> None:
        self.signature = signature
        pixmap = QPixmap()
        if signature is not None and signature.png:
            pixmap.loadFromData(signature.png, "PNG")
        self.image.setPixmap(pixmap.scaledToHeight(120, Qt.TransformationMode.SmoothTransformation)
                             if not pixmap.isNull() else QPixmap())
        if pixmap.isNull():
            self.image.setText(self.tr("(no image stored)"))
        self.retranslate()

    def retranslate(self) -> None:
        g = self.signature
        if g is None:
            self.details.setText(self.tr("Not signed"))
            return
        self.details.setText(self.tr("{name}, {title} — signed {when}").format(
            name=g.signer_name, title=g.signer_title or "—", when=signed_time_text(g.signed_at)))


class SignaturesTab(QStackedWidget):
    """Pads for a draft (page 0), the captured signatures for a signed form (page 1).

    The two parties sit side by side when the dialog is wide enough, as on a 1024 px
    screen, one above the other when it is not; stacked, they scroll rather than make
    the dialog taller than a 640 px screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = {SignatureRole.INSPECTOR: SignatureBox(""), SignatureRole.SCHOOL_REPRESENTATIVE: SignatureBox("")}
        self.captured = {role: CapturedSignatureView() for role in self.boxes}
        self.rows: list[QBoxLayout] = []
        for views in (self.boxes, self.captured):
            page = QWidget()
            row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
            for w in views.values():
                row.addWidget(w, 1, Qt.AlignmentFlag.AlignTop)
            layout = QVBoxLayout(page)
            layout.addLayout(row)
            layout.addStretch(1)
            self.rows.append(row)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(page)
            self.addWidget(scroll)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        for row, views in zip(self.rows, (self.boxes, self.captured), strict=True):
            # Side by side only when each party keeps the width it asks for.
            needed = sum(w.sizeHint().width() for w in views.values()) + 3 * max(row.spacing(), 6) + 24
            row.setDirection(QBoxLayout.Direction.LeftToRight if event.size().width() >= needed
                             else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def retranslate(self) -> None:
        titles = {SignatureRole.INSPECTOR: self.tr("Inspector"),
                  SignatureRole.SCHOOL_REPRESENTATIVE: self.tr("School representative")}
        for role, title in titles.items():
            self.boxes[role].setTitle(title)
            self.captured[role].setTitle(title)
            self.captured[role].retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def signed(self) -> bool:
        return self.currentIndex() == 1

    def show_signatures(self, signatures: tuple[CapturedSignature, ...], signed: bool) -> None:
        """A signed form shows what was captured; a draft shows its pads, blank, with what is on file."""
        by_role = {SignatureRole(g.role): g for g in signatures}
        self.setCurrentIndex(1 if signed else 0)
        for role, view in self.captured.items():
            view.show_signature(by_role.get(role))
        for role, box in self.boxes.items():
            g = by_role.get(role)
            box.pad.clear()
            box.on_file.setText("" if g is None else self.tr(
                "Signature on file (signed {when}); sign again to replace it.").format(when=signed_time_text(g.signed_at)))
            if g is not None:
                box.name.setText(g.signer_name)
                box.title.setText(g.signer_title)

    def set_locked(self, locked: bool) -> None:
        for box in self.boxes.values():
            box.set_locked(locked)
