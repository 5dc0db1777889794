"""Conflicts to decide: fields this laptop changed that someone else had changed on
the server first, which the server kept as theirs until the inspector decides.

The Sync page lists them under its queue, but deciding one — keep mine, take
theirs, or edit the value — is the inspector's own judgement, apart from sending
and receiving: the list, its three decisions and the edit box stand here alone.
The page lays the parts out itself, so its queue and this list share the height
as they always did (two to one).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMessageBox, QPushButton, QWidget

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import conflicts
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import record_kind
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.record_text import field_label, kind_and_name, value_text
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import EmptyState, heading, stretch_columns, table_view


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictList(QObject):
    """Each conflict's record and field, with mine and theirs side by side: a title,
    the table and a row of decisions, for the page to lay out."""

    decided = Signal()  # a decision was stored: the page reads its lists again

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.title = heading()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Record"), lambda r: kind_and_name(r.name)),
            Column(lambda: self.tr("Field"), lambda r: field_label(r.entity, r.field) or record_kind(r.entity)),
            Column(lambda: self.tr("Mine"), lambda r: value_text(r.change.old, 80)),
            Column(lambda: self.tr("Theirs (kept by the server)"), lambda r: value_text(r.change.new, 80)),
        ])
        self.view = table_view(self.model)
        stretch_columns(self.view, stretch=(0, 2, 3))
        self.keep_mine = QPushButton()
        self.keep_mine.clicked.connect(lambda: self.decide(conflicts.Decision.KEEP_MINE))
        self.take_theirs = QPushButton()
        self.take_theirs.clicked.connect(lambda: self.decide(conflicts.Decision.TAKE_THEIRS))
        self.edit_value = QPushButton()
        self.edit_value.clicked.connect(lambda: self.decide(conflicts.Decision.EDIT))
        self.decisions = QHBoxLayout()
        self.decisions.addStretch(1)
        for b in (self.keep_mine, self.take_theirs, self.edit_value):
            self.decisions.addWidget(b)
        self.empty = EmptyState(self.view)
        self.retranslate()

    @property
    def rows(self) -> tuple[conflicts.ConflictView, ...]:
        return self.model.rows

    def show_rows(self, rows: list[conflicts.ConflictView]) -> None:
        self.model.set_rows(rows)
        self.empty.set_loaded()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Conflicts to decide"))
        self.keep_mine.setText(self.tr("Keep mine"))
        self.take_theirs.setText(self.tr("Take theirs"))
        self.edit_value.setText(self.tr("Edit…"))
        self.view.setToolTip(self.tr("Double-click or Enter opens the visit, school, rectification or feedback form"))
        self.model.retranslate()
        self.empty.say(self.tr("No conflicts. When the server kept another change to a field you also "
                               "changed, it is listed here for you to decide."))

    def decide(self, decision: conflicts.Decision, edited: Any = None) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return
        c = self.model.rows[row]
        if decision is conflicts.Decision.EDIT and edited is None:
            text, ok = QInputDialog.getText(self.view, self.tr("Edit the value"), field_label(c.entity, c.field) or c.field,
                                            text=_show(c.mine))
            if not ok:
                return
            edited = text
        ws = self.workspace
        run_op(self, lambda _t: conflicts.resolve(ws, c.id, decision, edited),
               on_done=lambda _r: self.decided.emit(), on_error=self._decision_failed, changes=Changes.of(c.entity))

    def _decision_failed(self, exc: BaseException, _tb: str) -> None:
        QMessageBox.warning(self.view, self.tr("Not saved"), self.tr("The decision was not saved: {reason}").format(reason=error_text(exc)))
