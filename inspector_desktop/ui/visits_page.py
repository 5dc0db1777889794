"""The visit list (filters, Chinese full-text search, hidden unannounced visits) and the visit page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Notice, Planning, Scope, Stage, VisitStatus
from inspector_desktop.store import choices, visit_list
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_list import VisitFilter
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import date_format, format_date, label
from inspector_desktop.ui.new_visit import NewVisitDialog, VisitChoices, read_choices
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import VisitTableModel
from inspector_desktop.ui.visit_page import VisitPage
from inspector_desktop.ui.filter_bar import FilterBar
from inspector_desktop.ui.widgets import EmptyState

SEARCH_DEBOUNCE_MS = 250
NO_DATE = QDate(2000, 1, 1)  # the date edits' "any" value


class VisitsPage(QWidget):
    shows = frozenset({"visit", "visit_team_member", "school", "inspector", "finding"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date], discretion: Discretion) -> None:
        super().__init__()
        self.workspace, self.today, self.discretion = workspace, today, discretion
        self.model = VisitTableModel(workspace, today, discretion)
        self.schools_loaded = False  # the school filter is filled in the background
        self.current_visit_id, self._current_key = "", None
        self.stale = False  # something the list shows changed while a visit was open

        # The shared filter bar (status, school, search) plus the visit's own axes and dates.
        self.filters = FilterBar(list(VisitStatus), with_overdue=False, search_delay_ms=SEARCH_DEBOUNCE_MS)
        self.filters.changed.connect(self.apply_filter)
        self.search, self.school, self.count = self.filters.search, self.filters.school, self.filters.count
        self.axis_combos: dict[str, tuple[QComboBox, list]] = {}  # type: ignore[type-arg]
        for key, members in (("scope", list(Scope)), ("stage", list(Stage)), ("planning", list(Planning)),
                             ("notice", list(Notice))):
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            self.axis_combos[key] = (combo, members)
            self.filters.add_filter(combo)
        self.axis_combos["status"] = (self.filters.status, list(VisitStatus))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setMinimumDate(NO_DATE)
            d.setDate(NO_DATE)
            d.dateChanged.connect(lambda _d: self.apply_filter())
        self.from_label, self.to_label = QLabel(), QLabel()
        self.filters.add_filter(self.from_label, self.date_from, self.to_label, self.date_to)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_visit)
        self.reveal_button = QPushButton()
        self.reveal_button.clicked.connect(self._toggle_reveal)
        self.filters.add_action(self.new_button)
        self.filters.add_action(self.reveal_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Fixed row heights: the view never measures 100 000 rows.
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        # Activation is a double-click (or a single click where the platform says so) and
        # Enter; listening to doubleClicked as well would act twice on one double-click.
        self.table.activated.connect(self._open_index)

        self.list_page = QWidget()
        list_layout = QVBoxLayout(self.list_page)
        list_layout.addWidget(self.filters)
        list_layout.addWidget(self.table, 1)
        self.empty = EmptyState(self.table)
        self.hint = QLabel()  # how to open a visit: nothing else on the list says so
        self.hint.setWordWrap(True)
        list_layout.addWidget(self.hint)
        self.visit_page = VisitPage(workspace, today=today)
        self.visit_page.back.connect(self.show_list)
        self.visit_page.visit_changed.connect(lambda _v: self.refresh())
        self.visit_page.next_requested.connect(self._step)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.visit_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.model.filtered.connect(self._update_count)
        self.model.loaded.connect(self._size_columns)
        discretion.changed.connect(self._update_reveal)
        self._reveal_tick = QTimer(self)
        self._reveal_tick.setInterval(1000)
        self._reveal_tick.timeout.connect(self._update_reveal)
        self.retranslate()
        self.reload_schools()
        self.model.reload()

    # ------------------------------------------------------------ language

    def retranslate(self) -> None:
        self.filters.retranslate()
        self.search.setPlaceholderText(self.tr("Search notes and findings (Ctrl+F), e.g. 食堂"))
        self.search.setAccessibleName(self.tr("Search visits"))
        captions = {"scope": self.tr("Any scope"), "stage": self.tr("Any stage"), "planning": self.tr("Any planning"),
                    "notice": self.tr("Any notice")}
        names = {"scope": self.tr("Scope"), "stage": self.tr("Stage"), "planning": self.tr("Planning"),
                 "notice": self.tr("Notice")}
        for key, caption in captions.items():
            combo, members = self.axis_combos[key]
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(caption, None)
            for m in members:
                combo.addItem(label(m), m)
            combo.setCurrentIndex(max(0, current))
            combo.blockSignals(False)
            combo.setAccessibleName(names[key])
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        for d, name in ((self.date_from, self.tr("From date")), (self.date_to, self.tr("To date"))):
            d.setSpecialValueText(self.tr("any day"))
            d.setLocale(QLocale())
            # A date edit keeps the format it was built with; give it the new language's.
            d.setDisplayFormat(date_format())
            d.setAccessibleName(name)
        self.new_button.setText(self.tr("New visit…"))
        self.new_button.setToolTip(self.tr("Plan a new visit (Ctrl+N)"))
        self.table.setAccessibleName(self.tr("Visits"))
        self.model.retranslate()
        self._size_columns()  # the words changed width with the language
        self._update_reveal()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ filtering

    def reload_schools(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: choices.schools(ws), on_done=self._show_schools, key="schools")

    def _show_schools(self, schools: tuple[choices.Choice, ...]) -> None:
        self.filters.set_school_choices([(c.label, c.id) for c in schools])
        self.schools_loaded = True

    def current_filter(self) -> VisitFilter:
        axes = {key: combo.currentData() for key, (combo, _m) in self.axis_combos.items()}
        lo, hi = self.date_from.date(), self.date_to.date()
        return VisitFilter(
            **axes,
            school_id=self.school.currentData(),
            date_from=None if lo == NO_DATE else lo.toPython(),
            date_to=None if hi == NO_DATE else hi.toPython(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        """Every visit again: the empty list's way back."""
        for combo, _m in self.axis_combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for d in (self.date_from, self.date_to):
            d.blockSignals(True)
            d.setDate(NO_DATE)
            d.blockSignals(False)
        self.filters.clear()  # applies the filter once

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """Re-read the list (and the school filter's choices); while a visit is open
        on top of it, only once the inspector goes back to the list."""
        if self.stack.currentWidget() is not self.list_page:
            self.stale = True
            return
        self.stale = False
        self.model.reload()
        self.reload_schools()

    def _update_count(self) -> None:
        n, loaded = len(self.model.keys), self.model.index_snapshot is not None
        self.hint.setText(self.tr("Double-click a visit, or select it and press Enter, to work on it."))
        self.hint.setVisible(n > 0)
        if self.current_filter() != VisitFilter():
            self.empty.say(self.tr("No visit matches these filters. Clear them to see every visit, "
                                   "or plan one with New visit (Ctrl+N)."), self.tr("Clear filters"), self.clear_filters)
        else:
            self.empty.say(self.tr("No visits yet — plan the first one: New visit (Ctrl+N)."), self.tr("New visit…"),
                           self.new_visit)
        self.empty.set_loaded(loaded)
        self.count.setText(self.tr("%n visit(s)", "", n) if loaded else self.tr("Loading…"))

    def _size_columns(self) -> None:
        """Each column as wide as its longest word in this language (no "Comprehen…"); the
        school's name takes what is left. Measured from the words, never from the 100 000 rows."""
        fm, pad = self.table.fontMetrics(), 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 16
        header = self.table.horizontalHeader()
        words: dict[int, list[str]] = {0: [format_date(dt.date(2026, 12, 22))], 7: ["陈静华"], 8: ["99"]}
        for column, key in enumerate(("scope", "stage", "planning", "notice", "status"), start=2):
            words[column] = [label(m) for m in self.axis_combos[key][1]]
        for column, texts in words.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            self.table.setColumnWidth(column, max(fm.horizontalAdvance(t) for t in [*texts, title]) + pad)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(fm.averageCharWidth() * 4)
        self.table.horizontalHeader().setStretchLastSection(False)

    # ------------------------------------------------------------ discreet mode

    def _toggle_reveal(self) -> None:
        if self.discretion.revealed:
            self.discretion.hide()
        else:
            self.discretion.reveal()

    def _update_reveal(self) -> None:
        d = self.discretion
        self.reveal_button.setVisible(d.enabled)
        if d.revealed and d.enabled:
            secs = (d.remaining_ms() + 999) // 1000
            self.reveal_button.setText(self.tr("Hide again ({seconds} s)").format(seconds=secs))
            self.reveal_button.setToolTip(self.tr("Unannounced visits are shown in full; they are hidden again by themselves"))
            self._reveal_tick.start()
        else:
            self.reveal_button.setText(self.tr("Reveal hidden visits"))
            self.reveal_button.setToolTip(self.tr("Show unannounced visits still to come, for a short while"))
            self._reveal_tick.stop()

    # ------------------------------------------------------------ opening visits

    def new_visit(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: read_choices(ws), on_done=self._plan_visit, key="new-visit")

    def _plan_visit(self, offered: VisitChoices) -> None:
        if not offered.schools:
            QMessageBox.information(self, self.tr("New visit"), self.tr("Add a school first (Schools page)."))
            return
        dialog = NewVisitDialog(self.workspace, self.today(), offered, self)
        dialog.accepted.connect(lambda: self._planned(dialog.visit_id))
        self.new_visit_dialog = dialog  # kept so the newest one can be found, e.g. by tests
        dialog.open()

    def _planned(self, visit_id: str | None) -> None:
        if visit_id:
            self.refresh()
            self.open_visit(visit_id)

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is None:
            return
        if row.hidden:
            QMessageBox.information(
                self, self.tr("Hidden visit"),
                self.tr("This unannounced visit is hidden. Use “Reveal hidden visits” to open it."),
            )
            return
        self.open_visit(row.id, row.key)

    def open_visit(self, visit_id: str, key: int | None = None) -> None:
        """``key`` is the visit's place in the list index, when the list is where it was opened from."""
        self.current_visit_id, self._current_key = visit_id, key
        self.visit_page.open_visit(visit_id)
        self.stack.setCurrentWidget(self.visit_page)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.table.setFocus()
        if self.stale:
            self.refresh()

    def _step(self, delta: int) -> None:
        """Next/previous visit in the current list order, skipping hidden ones."""
        if self._current_key is not None:
            # Opened from the list: its key is known, so quick paging moves one visit per key press.
            self._step_from(self._current_key, delta)
            return
        ws, vid = self.workspace, self.current_visit_id
        run_op(self, lambda _t: visit_list.visit_key(ws, vid), on_done=lambda key: self._step_from(key, delta),
               key="step")

    def _step_from(self, key: int | None, delta: int) -> None:
        row = self.model.row_of(key) if key is not None else -1
        while True:
            row += delta
            target = self.model.row_at(row)
            if target is None:
                return
            if not target.hidden:
                self.table.selectRow(row)
                self.open_visit(target.id, target.key)
                return
