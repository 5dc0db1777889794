"""Dates and short phrases read whole: a line may break before or after
"2026年11月23日" or "overdue by 18 days", never inside them.

Qt breaks Chinese between any two characters and English at any space, so in a
narrow cell or list a date could end "2026年11月23" with "日" alone on the next
line. What is drawn and measured gets a word joiner (U+2060: invisible, no
width, no break on either side) between the phrase's characters and no-break
spaces for its spaces. The items' own text stays as it was: it is what copying,
screen readers and searches read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
SLACK = 4  # pixels: see WholePhrases.sizeHint
PHRASES = Qt.ItemDataRole.UserRole + 20  # an item's phrases that read whole, besides its dates
_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}")  # i18n.DATE_FORMATS, both languages


def unbroken(phrase: str) -> str:
    return WORD_JOINER.join(phrase.replace(" ", NO_BREAK_SPACE))


def whole(text: str, phrases: Iterable[str] = ()) -> str:
    """``text`` with its dates and ``phrases`` kept whole when it wraps."""
    for phrase in phrases:
        if phrase:
            text = text.replace(phrase, unbroken(phrase))
    return _DATE.sub(lambda m: unbroken(m.group()), text)


class WholePhrases(QStyledItemDelegate):
    """Draws and measures a list's or table's items with their dates and phrases whole."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        """In a wrapping list, an item measured at the list's width, the width it is drawn at:
        measured narrower (its longest line), it was drawn with a line more than it had room for,
        the last one cut to "…". Measured a little narrower still: the style draws a few pixels
        inside what it measures."""
        view = self.parent()
        if not isinstance(view, QListView) or not view.wordWrap():
            return super().sizeHint(option, index)
        width = max(1, view.viewport().width() - 2 * view.spacing())
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, width - SLACK, option.rect.height())
        return QSize(width, super().sizeHint(measured, index).height())

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        if option.text:
            option.text = whole(option.text, index.data(PHRASES) or ())
