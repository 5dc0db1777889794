"""The feedback form's Content tab: the summary, the no-issues statement, the
rectification requirements (each with its deadline, responsible party and who it
is copied to) and further remarks.

What the form says is edited here; signing, the sheet and the form's life
(save, sign, hand over, addendum) are the editor's and its other tabs'. The tab
only shows a form snapshot and hands back plain values, so it stands alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from inspector_desktop.store import forms
from inspector_desktop.ui.i18n import date_format


class ContentTab(QWidget):
    edited = Signal()  # a word, a row or a deadline changed (also while a form is being shown)

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.today = today
        self.form: forms.FormSnapshot | None = None
        # The deadline a requirement added by hand starts with, from the active rule
        # file; read with every form (on a worker), used when a row is added.
        self.new_deadline: dt.date | None = None
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(80)
        self.no_issues = QLineEdit()
        self.no_issues.setPlaceholderText(self.tr("Required when the visit found no problems, e.g. 本次督导未发现需要整改的问题。"))
        self.free_text = QPlainTextEdit()
        self.free_text.setFixedHeight(80)
        self.requirements = QTableWidget(0, 4)
        self.requirements.setHorizontalHeaderLabels(
            [self.tr("Requirement"), self.tr("Deadline"), self.tr("Responsible party"), self.tr("Copied to")])
        header = self.requirements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A requirement wraps onto more lines rather than ending in "…".
        self.requirements.setWordWrap(True)
        self.requirements.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.requirements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_requirement_button = QPushButton(self.tr("Add requirement"))
        self.remove_requirement_button = QPushButton(self.tr("Remove selected"))
        self.add_requirement_button.clicked.connect(lambda: self._add_requirement_row(None))
        self.remove_requirement_button.clicked.connect(self._remove_requirement_rows)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_requirement_button)
        buttons.addWidget(self.remove_requirement_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Summary"), self.summary)
        form.addRow(self.tr("No-issues statement"), self.no_issues)
        form.addRow(self.tr("Rectification requirements"), self.requirements)
        form.addRow("", buttons)
        form.addRow(self.tr("Further remarks"), self.free_text)
        for edited in (self.summary.textChanged, self.free_text.textChanged, self.no_issues.textChanged,
                       self.requirements.itemChanged):
            edited.connect(self.edited)

    def show_form(self, form: forms.FormSnapshot, new_deadline: dt.date | None) -> None:
        self.form, self.new_deadline = form, new_deadline
        self.summary.setPlainText(form.summary)
        self.no_issues.setText(form.no_issues_statement)
        self.free_text.setPlainText(form.free_text)
        self.requirements.setRowCount(0)
        for r in form.requirements:
            self._add_requirement_row(r)

    def set_editable(self, on: bool, editable: bool) -> None:
        """``on``: no save or signing under way; ``editable``: and the form is a draft."""
        for w in (self.summary, self.free_text):
            w.setReadOnly(not editable)
        self.no_issues.setReadOnly(not editable)
        self.requirements.setEnabled(on)
        self.requirements.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers if editable
                                          else QAbstractItemView.EditTrigger.NoEditTriggers)
        for b in (self.add_requirement_button, self.remove_requirement_button):
            b.setEnabled(editable)

    def values(self) -> dict[str, Any]:
        """What the form says, as store.forms.save_draft takes it (read on the GUI thread)."""
        return dict(summary=self.summary.toPlainText(), no_issues_statement=self.no_issues.text(),
                    free_text=self.free_text.toPlainText(), requirements=self._requirement_drafts())

    def _add_requirement_row(self, r: forms.RequirementDraft | None) -> None:
        row = self.requirements.rowCount()
        self.requirements.insertRow(row)
        default = self.new_deadline or self.today()
        text = QTableWidgetItem(r.text if r else "")
        text.setData(Qt.ItemDataRole.UserRole, r.finding_id if r else None)
        self.requirements.setItem(row, 0, text)
        deadline = QDateEdit(QDate(r.deadline if r else default))
        deadline.setCalendarPopup(True)
        deadline.setDisplayFormat(date_format())
        deadline.dateChanged.connect(self.edited)
        # The column as wide as the date in this language (2026年12月21日 is wider than 2026-12-21).
        self.requirements.setColumnWidth(1, max(self.requirements.columnWidth(1), deadline.sizeHint().width()))
        deadline.setEnabled(self.form is None or not self.form.locked)
        self.requirements.setCellWidget(row, 1, deadline)
        school = self.form.school_name if self.form else ""
        department = self.form.competent_department if self.form else ""
        self.requirements.setItem(row, 2, QTableWidgetItem(r.responsible_party if r else school))
        self.requirements.setItem(row, 3, QTableWidgetItem(r.copied_to if r else department))

    def _remove_requirement_rows(self) -> None:
        for row in sorted({i.row() for i in self.requirements.selectedIndexes()}, reverse=True):
            self.requirements.removeRow(row)
        self.edited.emit()

    def _requirement_drafts(self) -> list[forms.RequirementDraft]:
        out = []
        for row in range(self.requirements.rowCount()):
            cell = lambda col, row=row: (self.requirements.item(row, col).text()  # noqa: E731
                                         if self.requirements.item(row, col) else "")
            deadline = self.requirements.cellWidget(row, 1)
            assert isinstance(deadline, QDateEdit)
            out.append(forms.RequirementDraft(
                text=cell(0).strip(), deadline=deadline.date().toPython(), responsible_party=cell(2).strip(),
                copied_to=cell(3).strip(), finding_id=self.requirements.item(row, 0).data(Qt.ItemDataRole.UserRole)))
        return out
