"""Table models: the big visit list (ids first, rows on demand) and small snapshot tables."""

from __future__ import annotations

import datetime as dt
import linecache
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from inspector_desktop.store import visit_list
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_list import VisitFilter, VisitIndex, VisitRow
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import format_date, label
from inspector_desktop.ui.ops import Op, run_op

Index = QModelIndex | QPersistentModelIndex
BLOCK = 100  # rows fetched together when the view first needs one of them
CACHE_ROWS = 3000
TOOLTIP_FROM_CHARS = 12


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]
    value: Callable[[Any], str]


def hidden_text() -> str:
    return QApplication.translate("VisitTableModel", "Hidden unannounced visit")


class ColumnsModel(QAbstractTableModel):
    """A table whose columns are ``Column``s: headers are translated when asked for."""

    columns: list[Column]

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].header()
        return None


class VisitTableModel(ColumnsModel):
    """Every visit that matches the filter; a row's text is read only when it is shown.

    ``keys`` is the filtered key list (from the in-memory ``VisitIndex``); rows
    are fetched from SQLite in blocks of ``BLOCK`` and kept in a bounded cache.
    """

    loaded = Signal()  # the index is in and the first filter applied
    filtered = Signal()  # the key list changed

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date], discretion: Discretion) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today
        self.discretion = discretion
        self.index_snapshot: VisitIndex | None = None
        self.keys: tuple[int, ...] = ()
        self.filter = VisitFilter()
        self._text_hits: frozenset[int] | None = None
        self._cache: OrderedDict[int, VisitRow] = OrderedDict()
        self._search: Op | None = None  # the text search in flight, if any
        self.columns = [
            Column(lambda: self.tr("Date"), lambda r: format_date(r.planned_on) if not r.hidden else "—"),
            Column(lambda: self.tr("School"), lambda r: hidden_text() if r.hidden else r.school_name),
            Column(lambda: self.tr("Scope"), lambda r: "" if r.hidden else label(r.scope)),
            Column(lambda: self.tr("Stage"), lambda r: "" if r.hidden else label(r.stage)),
            Column(lambda: self.tr("Planning"), lambda r: "" if r.hidden else label(r.planning)),
            Column(lambda: self.tr("Notice"), lambda r: label(r.notice)),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("Team leader"), lambda r: r.leader),
            Column(lambda: self.tr("Findings"), lambda r: "" if r.hidden else str(r.findings)),
        ]
        discretion.changed.connect(self._discretion_changed)

    # ------------------------------------------------------------ loading and filtering

    def reload(self) -> None:
        """Re-read the visit index in the background (after a visit is added or changed)."""
        ws = self.workspace
        # PySide6 reads the whole source of every module imported after it (to see
        # whether it uses PySide6), and linecache keeps it: some 20 MB by the time the
        # list first loads, its biggest moment. An error's traceback reads them again.
        linecache.clearcache()

        def done(index: VisitIndex) -> None:
            linecache.clearcache()  # and again for the pages' modules imported while it loaded
            self.index_snapshot = index
            self._cache.clear()
            self._apply()
            self.loaded.emit()

        # Several visits changed in a row: only the newest reading of the index is shown.
        run_op(self, lambda _t: visit_list.load_visit_index(ws), on_done=done, key="index")
        if self.filter.text.strip():
            self._search_for(self.filter.text.strip())  # notes and findings may have changed too

    def set_filter(self, flt: VisitFilter) -> None:
        text_changed = flt.text.strip() != self.filter.text.strip()
        self.filter = flt
        if not text_changed:
            self._apply()
            return
        text = flt.text.strip()
        if not text:
            if self._search is not None:
                self._search.cancel()  # the box was cleared: a search still running must not filter
                self._search = None
            self._text_hits = None
            self._apply()
            return
        self._search_for(text)

    def _search_for(self, text: str) -> None:
        ws = self.workspace

        def done(hits: frozenset[int]) -> None:
            self._search = None
            self._text_hits = hits
            self._apply()

        # A newer keystroke supersedes the search for the older text.
        self._search = run_op(self, lambda _t: visit_list.search_visit_keys(ws, text), on_done=done, key="search")

    @property
    def busy(self) -> bool:
        return self.index_snapshot is None or self._search is not None

    def _apply(self) -> None:
        if self.index_snapshot is None:
            return
        keys = self.index_snapshot.select(
            self.filter, self.today(), discreet=not self.discretion.revealed, text_hits=self._text_hits
        )
        self.beginResetModel()
        self.keys = keys
        self.endResetModel()
        self.filtered.emit()

    def _discretion_changed(self) -> None:
        self._cache.clear()
        self._apply()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, len(self.columns) - 1))

    # ------------------------------------------------------------ rows on demand

    def row_at(self, row: int) -> VisitRow | None:
        if not 0 <= row < len(self.keys):
            return None
        key = self.keys[row]
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        start = max(0, row - BLOCK // 4)
        wanted = [k for k in self.keys[start : start + BLOCK] if k not in self._cache]
        fetched = visit_list.visit_rows(self.workspace, wanted, self.today(), revealed=self.discretion.revealed)
        self._cache.update(fetched)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return fetched.get(key)

    def row_of(self, key: int) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            return -1

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.UserRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.FontRole:
            if row.hidden:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            # From the palette, so dark themes keep their contrast.
            if row.hidden or row.status.value == "cancelled":
                return QApplication.palette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
            return None
        return self.columns[index.column()].value(row)


class SnapshotTableModel(ColumnsModel):
    """A small table over a tuple of frozen snapshots, replaced whole on refresh."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: tuple[Any, ...] = ()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[index.column()].value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            # A long text in full, wherever a narrow column cuts it short.
            text = self.columns[index.column()].value(row)
            return text if len(text) > TOOLTIP_FROM_CHARS else None
        return None
