"""The list of feedback forms, and the school's response to a signed one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from inspector_desktop.domain import FormStatus
from inspector_desktop.store import form_list
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.form_editor import open_form_editor
from inspector_desktop.ui.i18n import format_date, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.response_dialogs import ResponseDialog
from inspector_desktop.ui.table_models import Column, SnapshotTableModel, hidden_text
from inspector_desktop.ui.filter_bar import FilterBar
from inspector_desktop.ui.widgets import EmptyState, Page, heading, table_view


class FormsPage(Page):
    shows = frozenset({"feedback_form", "signature", "school_response", "school", "visit"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Number"), lambda r: r.number),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("School"), lambda r: r.school_name or hidden_text()),
            Column(lambda: self.tr("Visit date"), lambda r: format_date(r.visit_day)),
        ])
        self.filters = FilterBar(list(FormStatus), with_overdue=False)
        self.filters.changed.connect(self._apply_filter)
        self.all_rows: tuple = ()  # type: ignore[type-arg]
        self.view = table_view(self.model)
        # Activation is a double-click and Enter; doubleClicked as well would open the form twice.
        self.view.activated.connect(lambda idx: self._open(idx.row()))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self._open(self.view.currentIndex().row()))
        self.response_button = QPushButton()
        self.response_button.setEnabled(False)
        self.response_button.clicked.connect(self.record_response)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._chosen(cur.row()))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.response_button)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.empty = EmptyState(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Feedback forms"))
        self.open_button.setText(self.tr("Open form…"))
        self.response_button.setText(self.tr("Record the school's response…"))
        self.view.setAccessibleName(self.tr("Feedback forms"))
        self.hint.setText(self.tr("Double-click a form, or select it and press Enter, to open it."))
        self.filters.retranslate()
        self.model.retranslate()
        self._say_empty()

    def _say_empty(self) -> None:
        if self.all_rows:
            self.empty.say(self.tr("No feedback form matches these filters."), self.tr("Clear filters"),
                           self.filters.clear)
        else:
            self.empty.say(self.tr("No feedback forms yet: open a visit on the Visits page and choose "
                                   "Feedback form… to draft one from its findings."))

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        run_op(self, lambda _t: form_list.form_rows(ws, today), on_done=self._shown, key="refresh")

    def _shown(self, rows) -> None:  # type: ignore[no-untyped-def]
        self.all_rows = rows
        self.filters.set_schools([r.school_name for r in rows if r.school_name])
        self._apply_filter()
        self.empty.set_loaded()
        self.view.resizeColumnsToContents()

    def _apply_filter(self) -> None:
        row = self.view.currentIndex().row()
        keep = self.model.rows[row].id if 0 <= row < len(self.model.rows) else None
        shown = tuple(r for r in self.all_rows if self.filters.matches(r.status, r.school_name, False, r.number,
                                                                        label(r.status)))
        self.model.set_rows(shown)
        self.filters.show_count(len(shown), len(self.all_rows))
        self.hint.setVisible(bool(shown))
        self._say_empty()
        for n, r in enumerate(shown):
            if r.id == keep:
                self.view.selectRow(n)
        self._chosen(self.view.currentIndex().row())

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            r = self.model.rows[row]
            open_form_editor(self, self.workspace, visit_id=r.visit_id, form_id=r.id, today=self.today)

    def _chosen(self, row: int) -> None:
        # Only a signed form can be answered; a draft may still change under the school.
        ok = 0 <= row < len(self.model.rows) and self.model.rows[row].status in (FormStatus.SIGNED, FormStatus.ISSUED)
        self.response_button.setEnabled(ok)

    def record_response(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        r = self.model.rows[row]
        dialog = ResponseDialog(self, self.workspace, r.id, r.number, self.today())
        dialog.saved.connect(lambda _id: self.refresh())
        self.dialog = dialog  # kept so the newest one can be found, e.g. by tests
        dialog.open()
