"""Pieces the pages and dialogs share: the page base class, headings, tables, text boxes, enum combos, date fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from inspector_desktop.ui.i18n import label
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
    edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
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


class FilterBar(QWidget):
    """Search and filters over a page's rows, as on the Visits page: status, school,
    overdue only, and free text (Chinese included). The page asks ``matches`` per row."""

    changed = Signal()

    def __init__(self, statuses: list, with_overdue: bool = True) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.statuses = statuses
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status, self.school = QComboBox(), QComboBox()
        self.school.addItem("", None)
        self.overdue = QCheckBox()
        self.overdue.setVisible(with_overdue)
        self.count = QLabel()
        self.search.textChanged.connect(lambda _t: self.changed.emit())
        for combo in (self.status, self.school):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.overdue.toggled.connect(lambda _c: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        layout.addWidget(self.status)
        layout.addWidget(self.school, 2)
        layout.addWidget(self.overdue)
        layout.addStretch(1)
        layout.addWidget(self.count)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search school, form number or text, e.g. 食堂"))
        self.search.setAccessibleName(self.tr("Search"))
        current = self.status.currentData()
        blocked = self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.tr("Any status"), None)
        for m in self.statuses:
            self.status.addItem(label(m), m)
        self.status.setCurrentIndex(max(0, self.status.findData(current)) if current is not None else 0)
        self.status.blockSignals(blocked)
        self.status.setAccessibleName(self.tr("Status"))
        self.school.setItemText(0, self.tr("All schools"))
        self.school.setAccessibleName(self.tr("School"))
        self.overdue.setText(self.tr("Overdue only"))

    def set_schools(self, names: list[str]) -> None:
        """The school choices, from the rows shown; the choice made is kept."""
        current = self.school.currentData()
        blocked = self.school.blockSignals(True)
        while self.school.count() > 1:
            self.school.removeItem(1)
        for name in sorted(set(names)):
            self.school.addItem(name, name)
        self.school.setCurrentIndex(max(0, self.school.findData(current)))
        self.school.blockSignals(blocked)

    def clear(self) -> None:
        """No filter: e.g. before selecting a record opened from elsewhere."""
        for w in (self.search, self.status, self.school, self.overdue):
            w.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.school.setCurrentIndex(0)
        self.overdue.setChecked(False)
        for w in (self.search, self.status, self.school, self.overdue):
            w.blockSignals(False)
        self.changed.emit()

    def matches(self, status: object, school: str, overdue: bool, *texts: str) -> bool:
        wanted = self.status.currentData()
        if wanted is not None and status != wanted:
            return False
        if self.school.currentData() is not None and school != self.school.currentData():
            return False
        if self.overdue.isChecked() and not overdue:
            return False
        words = self.search.text().casefold().split()
        haystack = " ".join((school, *texts)).casefold()
        return all(w in haystack for w in words)

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(self.tr("{shown} of {total}").format(shown=shown, total=total))
