"""The visit list (filters, Chinese full-text search, hidden unannounced visits) and the visit page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Notice, Planning, Scope, Stage, VisitStatus
from inspector_desktop.store import choices, visit_list
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_list import VisitFilter
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.new_visit import NewVisitDialog, VisitChoices, read_choices
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import VisitTableModel
from inspector_desktop.ui.visit_page import VisitPage

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

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)

        self.axis_combos: dict[str, tuple[QComboBox, list]] = {}  # type: ignore[type-arg]
        for key, members in (("scope", list(Scope)), ("stage", list(Stage)), ("planning", list(Planning)),
                             ("notice", list(Notice)), ("status", list(VisitStatus))):
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            self.axis_combos[key] = (combo, members)
        self.school = QComboBox()
        self.school.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setMinimumDate(NO_DATE)
            d.setDate(NO_DATE)
            d.dateChanged.connect(lambda _d: self.apply_filter())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_visit)
        self.reveal_button = QPushButton()
        self.reveal_button.clicked.connect(self._toggle_reveal)
        self.count = QLabel()

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

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.new_button)
        top.addWidget(self.reveal_button)
        filters = QHBoxLayout()
        self.filter_labels: dict[str, QLabel] = {}
        for key in ("scope", "stage", "planning", "notice", "status"):
            filters.addWidget(self.axis_combos[key][0])
        filters.addWidget(self.school, 2)
        self.from_label, self.to_label = QLabel(), QLabel()
        filters.addWidget(self.from_label)
        filters.addWidget(self.date_from)
        filters.addWidget(self.to_label)
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        filters.addWidget(self.count)

        self.list_page = QWidget()
        list_layout = QVBoxLayout(self.list_page)
        list_layout.addLayout(top)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.table, 1)
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
        self.search.setPlaceholderText(self.tr("Search notes and findings (Ctrl+F), e.g. 食堂"))
        self.search.setAccessibleName(self.tr("Search visits"))
        captions = {"scope": self.tr("Any scope"), "stage": self.tr("Any stage"), "planning": self.tr("Any planning"),
                    "notice": self.tr("Any notice"), "status": self.tr("Any status")}
        names = {"scope": self.tr("Scope"), "stage": self.tr("Stage"), "planning": self.tr("Planning"),
                 "notice": self.tr("Notice"), "status": self.tr("Status")}
        for key, (combo, members) in self.axis_combos.items():
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(captions[key], None)
            for m in members:
                combo.addItem(label(m), m)
            combo.setCurrentIndex(max(0, current))
            combo.blockSignals(False)
            combo.setAccessibleName(names[key])
        if self.school.count():
            self.school.setItemText(0, self.tr("All schools"))
        self.school.setAccessibleName(self.tr("School"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        for d, name in ((self.date_from, self.tr("From date")), (self.date_to, self.tr("To date"))):
            d.setSpecialValueText(self.tr("any day"))
            d.setLocale(QLocale())
            d.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
            d.setAccessibleName(name)
        self.new_button.setText(self.tr("New visit…"))
        self.new_button.setToolTip(self.tr("Plan a new visit (Ctrl+N)"))
        self.table.setAccessibleName(self.tr("Visits"))
        self.model.retranslate()
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
        current = self.school.currentData()
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem(self.tr("All schools"), None)
        for c in schools:
            self.school.addItem(c.label, c.id)
        self.school.setCurrentIndex(max(0, self.school.findData(current)))
        self.school.blockSignals(False)
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
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

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
        n = len(self.model.keys)
        if self.model.index_snapshot is not None and n == 0:
            self.hint.setText(self.tr("No visit matches these filters. Clear the search or choose “Any …” to see more, "
                                      "or plan one with New visit… (Ctrl+N)."))
        else:
            self.hint.setText(self.tr("Double-click a visit, or select it and press Enter, to work on it."))
        self.count.setText(self.tr("%n visit(s)", "", n) if self.model.index_snapshot is not None else self.tr("Loading…"))

    def _size_columns(self) -> None:
        fm = self.fontMetrics()
        widths = [12, 24, 8, 8, 8, 8, 8, 10]
        for col, chars in enumerate(widths):
            self.table.setColumnWidth(col, fm.averageCharWidth() * chars + 24)

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
