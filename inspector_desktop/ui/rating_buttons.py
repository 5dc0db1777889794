"""A checklist line's rating as one row of buttons: one tap, or one key (1–4), per rating.

On a clipboard-sized screen a drop-down costs two taps and hides the choices;
four labelled buttons show them all. The row is one stop in the tab order: keys
1–4 rate, 0 or Backspace clears, Left/Right step; the buttons themselves are for
the mouse and the finger. Tapping the chosen rating again clears it.

It answers to the same calls as the combo box it replaced (findData,
setCurrentIndex, currentData, currentIndexChanged), so callers need not care.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QKeyEvent, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QStyle, QStyleOptionFocusRect, QStylePainter, QToolButton, QWidget

from inspector_desktop.domain import Rating
from inspector_desktop.ui import icons
from inspector_desktop.ui.i18n import label

CHOICES = (Rating.GOOD, Rating.SATISFACTORY, Rating.NEEDS_IMPROVEMENT, Rating.UNSATISFACTORY)
POOR = frozenset({Rating.NEEDS_IMPROVEMENT, Rating.UNSATISFACTORY})


def poor_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ef9a9a") if dark else QColor("#b71c1c")


class RatingButtons(QWidget):
    currentIndexChanged = Signal(int)  # noqa: N815 - the combo box's name, kept for its callers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.choice = Rating.NOT_ASSESSED
        self.buttons: list[QToolButton] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.setSpacing(0)  # one segmented control, not four loose buttons
        for n, rating in enumerate(CHOICES):
            b = QToolButton()
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAutoRaise(False)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setIconSize(QSize(14, 14))
            b.clicked.connect(lambda _on=False, r=rating: self._tapped(r))
            b.setProperty("shortcut", n + 1)
            row.addWidget(b)
            self.buttons.append(b)
        self.retranslate()

    # ------------------------------------------------------------ the combo box's calls

    def findData(self, rating: Rating) -> int:  # noqa: N802
        return ([Rating.NOT_ASSESSED, *CHOICES]).index(Rating(rating))

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self.set_rating([Rating.NOT_ASSESSED, *CHOICES][max(0, index)])

    def currentData(self) -> Rating:  # noqa: N802
        return self.choice

    # ------------------------------------------------------------ choosing

    def set_rating(self, rating: Rating, *, emit: bool = True) -> None:
        rating = Rating(rating) if rating is not None else Rating.NOT_ASSESSED
        changed = rating is not self.choice
        self.choice = rating
        self._show()
        if changed and emit:
            self.currentIndexChanged.emit(self.findData(rating))

    def _tapped(self, rating: Rating) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_rating(Rating.NOT_ASSESSED if rating is self.choice else rating)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, at = event.key(), (CHOICES.index(self.choice) if self.choice in CHOICES else -1)
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            self.set_rating(CHOICES[key - Qt.Key.Key_1])
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_rating(Rating.NOT_ASSESSED)
        elif key == Qt.Key.Key_Right:
            self.set_rating(CHOICES[min(at + 1, len(CHOICES) - 1)])
        elif key == Qt.Key.Key_Left and at > 0:
            self.set_rating(CHOICES[at - 1])
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------ how it looks

    def retranslate(self) -> None:
        for n, (b, rating) in enumerate(zip(self.buttons, CHOICES, strict=True)):
            b.setText(label(rating))
            b.setToolTip(self.tr("{rating} (key {key})").format(rating=label(rating), key=n + 1))
        self.setToolTip(self.tr("Rate with keys 1–4; 0 clears"))
        self._show()

    def _show(self) -> None:
        pal = self.palette()
        for b, rating in zip(self.buttons, CHOICES, strict=True):
            on = rating is self.choice
            b.setChecked(on)
            # A poor rating carries an icon and its colour; the icon says it without the colour.
            poor = on and rating in POOR
            b.setIcon(icons.icon("poor", pal) if poor else icons.icon("rated", pal) if on else QIcon())
            b.setStyleSheet(f"color: {poor_colour(pal).name()}; font-weight: bold" if poor else
                            "font-weight: bold" if on else "")
        self.setAccessibleName(label(self.choice))

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The row has the focus, not a button: draw the style's focus frame around it.
        if self.hasFocus():
            painter = QStylePainter(self)
            opt = QStyleOptionFocusRect()
            opt.initFrom(self)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, opt)
        super().paintEvent(event)

