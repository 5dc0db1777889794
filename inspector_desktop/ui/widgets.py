"""Pieces the pages and dialogs share: the page base class, headings, tables, text boxes, enum combos,
date fields, the undo bar and empty lists' next step (the filter bar over a list: filter_bar.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.ui.i18n import date_format, label

if TYPE_CHECKING:  # the table models read the store, which the first frame of the window must not wait for
    from inspector_desktop.ui.table_models import SnapshotTableModel


class Page(QWidget):
    """A page that re-translates itself and reloads its data on demand.

    ``shows`` names the kinds of records (table names) the page displays: the
    main window refreshes it when a write or a sync changed one of them."""

    shows: frozenset[str] = frozenset()

    def __init__(self) -> None:
        super().__init__()

    def retranslate(self) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def refresh(self) -> None:
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def heading() -> QLabel:
    lab = QLabel()
    font = lab.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    lab.setFont(font)
    return lab


def table_view(model: SnapshotTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view



def stretch_columns(view: QTableView, stretch: tuple[int, ...]) -> None:
    """The columns ``stretch`` names (a record's name, its change) take the room; numbers and states only what they need."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(view.model().columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if column in stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)


class _ColumnFitter(QObject):
    """Re-fits a view's columns when its rows, its headers or its width change; a child of
    the view, so its connections go when the view does."""

    def __init__(self, view: QTableView, stretch: int) -> None:
        super().__init__(view)
        self.view, self.stretch = view, stretch
        self.natural: dict[int, int] = {}  # each column's width for its words, measured once per change
        view.model().modelReset.connect(self.measure)
        view.model().headerDataChanged.connect(self.measure)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def measure(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        columns = view.model().columnCount()
        wide = columns - 1 if self.stretch < 0 else self.stretch
        self.natural = {c: max(header.sectionSizeHint(c), view.sizeHintForColumn(c)) for c in range(columns) if c != wide}
        header.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
        for column in self.natural:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.fit()

    def fit(self) -> None:
        """Every column as wide as its words when they fit beside a readable long-text column;
        otherwise the short columns stop at a limit and wrap too."""
        average = self.view.fontMetrics().averageCharWidth()
        room = self.view.viewport().width() - average * 24  # what the long text keeps at least
        capped = sum(self.natural.values()) > room
        header = self.view.horizontalHeader()
        for column, width in self.natural.items():
            limit = max(header.sectionSizeHint(column), average * 18)
            self.view.setColumnWidth(column, min(width, limit) if capped else width)


def fit_columns(view: QTableView, stretch: int = -1) -> None:
    """Dates, numbers and states as wide as their words (up to a limit, past which they
    wrap); one long-text column (the last by default) takes the rest of the width and
    wraps, so its text is read whole at any window width instead of ending in "…".
    Widths follow the rows and the language. For small tables: every row is measured."""
    view.horizontalHeader().setStretchLastSection(False)
    view.setWordWrap(True)
    rows = view.verticalHeader()
    rows.setMinimumSectionSize(view.fontMetrics().height() + 10)  # one line keeps the usual height
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    _ColumnFitter(view, stretch).measure()


def is_chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def text_box(lines: int = 3, max_lines: int | None = None) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    if max_lines is not None:
        box.setMaximumHeight(box.fontMetrics().lineSpacing() * max_lines + 12)
    return box


def fill_enum_combo(combo: QComboBox, members: list) -> None:  # type: ignore[type-arg]
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    for m in members:
        combo.addItem(label(m), m)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(blocked)


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setLocale(QLocale())
    edit.setDisplayFormat(date_format())  # 2026年12月1日 / 2026-12-01, never the locale's short form
    return edit


class UndoBar(QFrame):
    """Says what was just removed, with Undo; Ctrl+Z anywhere in ``scope`` (outside a
    text box, which keeps its own undo) undoes the last removal. Removals stack up."""

    UNDO_WINDOW_MS = 20_000  # the bar goes away after this long; Ctrl+Z still works

    def __init__(self, scope: QWidget) -> None:
        super().__init__()
        self._undo: list[tuple[str, Callable[[], None]]] = []
        self.setObjectName("undoBar")
        self.setStyleSheet("#undoBar { background: #323a45; border-radius: 4px; } #undoBar QLabel { color: white; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.UNDO_WINDOW_MS)
        self._timer.timeout.connect(self.hide)
        self.shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), scope, self.undo)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.button.setText(self.tr("Undo"))
        self.hide()

    def offer(self, text: str, undo: Callable[[], None]) -> None:
        self._undo.append((text, undo))
        self.text.setText(text)
        self.button.setText(self.tr("Undo"))
        self.button.setToolTip(self.tr("Undo the last removal (Ctrl+Z)"))
        self.show()
        self._timer.start()

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> None:
        if not self._undo:
            return
        _text, undo = self._undo.pop()
        if self._undo:
            self.text.setText(self._undo[-1][0])
        else:
            self.hide()
        undo()


class EmptyState(QWidget):
    """Over a list with no rows: a sentence saying what to do next and, where there is
    one, the button for that step (New visit…, Add school…, Clear filters). The page
    says which words fit (nothing at all, or nothing matching its filters); the sentence
    shows once the list has been read and while it has no rows."""

    def __init__(self, view: QAbstractItemView, action: Callable[[], None] | None = None) -> None:
        super().__init__(view.viewport())
        self.view, self.action, self.loaded = view, action, False
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.setVisible(False)
        self.button.clicked.connect(self._act)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        view.viewport().installEventFilter(self)
        QWidget.setTabOrder(view, self.button)  # Tab from the empty list reaches its next step
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._update)
        self.hide()

    def say(self, text: str, button: str = "", action: Callable[[], None] | None = None) -> None:
        """The sentence and the button's caption (none: no button); ``action`` replaces the button's."""
        if action is not None:
            self.action = action
        self.text.setText(text)
        self.button.setText(button)
        self.button.setVisible(bool(button) and self.action is not None)
        self._update()

    def _act(self) -> None:
        if self.action is not None:
            self.action()

    def set_loaded(self, loaded: bool = True) -> None:
        self.loaded = loaded
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def _update(self) -> None:
        empty = self.loaded and bool(self.text.text()) and self.view.model().rowCount() == 0
        self.setGeometry(self.view.viewport().rect())
        self.setVisible(empty)
