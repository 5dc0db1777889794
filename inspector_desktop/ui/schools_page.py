"""Schools and their dossiers: visit history, findings, open rectifications, and the school's objections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import ResponseKind
from inspector_desktop.store import edits, schools
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.objections import ResponseRow
from inspector_desktop.store.schools import SchoolDossier
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_date, label
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.response_dialogs import ReplyDialog, response_kind_label
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import EmptyState, Page, fit_columns, heading, table_view


class SchoolsPage(Page):
    shows = frozenset({"school", "school_assignment", "visit", "visit_team_member", "finding", "feedback_form",
                       "requirement", "rectification", "reinspection", "escalation", "school_response"})
    open_visit = Signal(str)  # a visit (or a finding's visit) in the dossier was double-clicked
    open_rectification = Signal(str)

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date], discretion: Discretion) -> None:
        super().__init__()
        self.workspace, self.today, self.discretion = workspace, today, discretion
        self.title = heading()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_school)
        self.schools = SnapshotTableModel([
            Column(lambda: self.tr("Code"), lambda r: r.code),
            Column(lambda: self.tr("School"), lambda r: r.name),
            Column(lambda: self.tr("District"), lambda r: r.district),
            Column(lambda: self.tr("Visits"), lambda r: str(r.visits)),
            Column(lambda: self.tr("Open rectifications"), lambda r: str(r.open_rectifications)),
        ])
        self.school_view = table_view(self.schools)
        self.school_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._school_chosen(cur.row()))
        self.dossier_title = heading()
        self.dossier_info = QLabel()
        self.dossier_info.setWordWrap(True)
        self.visits = SnapshotTableModel([
            Column(lambda: self.tr("Date"), lambda r: format_date(r.planned_on)),
            Column(lambda: self.tr("Notice"), lambda r: label(r.notice)),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("Findings"), lambda r: str(r.findings)),
        ])
        self.findings = SnapshotTableModel([
            Column(lambda: self.tr("Date"), lambda r: format_date(r.day)),
            Column(lambda: self.tr("Repeated"), lambda r: self.tr("⚑ repeated across years") if r.repeated else ""),
            Column(lambda: self.tr("Category"), lambda r: label(r.category)),
            Column(lambda: self.tr("Severity"), lambda r: label(r.severity)),
            Column(lambda: self.tr("Problem"), lambda r: r.problem),
        ])
        self.rects = SnapshotTableModel([
            Column(lambda: self.tr("Deadline"), lambda r: format_date(r.deadline)),
            Column(lambda: self.tr("Status"), lambda r: label(r.status)),
            Column(lambda: self.tr("Requirement"), lambda r: r.requirement),
        ])
        self.responses = SnapshotTableModel([
            Column(lambda: self.tr("Received"), lambda r: format_date(r.received_on)),
            Column(lambda: self.tr("Form"), lambda r: r.form_number),
            Column(lambda: self.tr("Response"), lambda r: response_kind_label(r.kind)),
            Column(lambda: self.tr("What the school said"), lambda r: r.text),
            Column(lambda: self.tr("Reply due"), lambda r: self._reply_due(r)),
            Column(lambda: self.tr("Reply"), lambda r: self._reply(r)),
        ])
        self.tabs = QTabWidget()
        self.visit_view, self.finding_view, self.rect_view, self.response_view = (
            table_view(m) for m in (self.visits, self.findings, self.rects, self.responses))
        self.reply_button = QPushButton()
        self.reply_button.setEnabled(False)
        self.reply_button.clicked.connect(self.reply)
        self.response_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._response_chosen(cur.row()))
        # Double-click or Enter opens what a dossier line lists.
        self.visit_view.activated.connect(lambda index: self._open_visit(index.row()))
        self.finding_view.activated.connect(lambda index: self._open_row(self.findings, index.row(), "visit_id"))
        self.rect_view.activated.connect(lambda index: self._open_row(self.rects, index.row(), "id"))
        self.response_view.activated.connect(lambda _index: self.reply() if self.reply_button.isEnabled() else None)
        objections = QWidget()
        ob = QVBoxLayout(objections)
        ob.setContentsMargins(0, 0, 0, 0)
        ob.addWidget(self.response_view, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.reply_button)
        ob.addLayout(bar)
        for v in (self.visit_view, self.finding_view, self.rect_view, objections):
            self.tabs.addTab(v, "")
        self.dossier_side = right = QWidget()
        right.hide()  # until there is a school to show: an empty workspace shows only its list's next step
        r = QVBoxLayout(right)
        r.addWidget(self.dossier_title)
        r.addWidget(self.dossier_info)
        r.addWidget(self.tabs, 1)
        left = QWidget()
        lft = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        lft.addLayout(top)
        lft.addWidget(self.school_view)
        self.split = split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.split_fitted = False  # the list gets the width its columns need, once; then the inspector's drag
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # The school's name and each dossier line's text wrap instead of ending in "…".
        fit_columns(self.school_view, stretch=1)
        for view in (self.visit_view, self.rect_view):
            fit_columns(view)
        fit_columns(self.finding_view, stretch=4)
        fit_columns(self.response_view, stretch=3)
        self.empty = EmptyState(self.school_view, self.add_school)
        self.dossier_empty = [EmptyState(v) for v in (self.visit_view, self.finding_view, self.rect_view,
                                                       self.response_view)]
        self.dossier: SchoolDossier | None = None
        self.wanted: str | None = None  # a school asked for (from Today) before the list has it
        # The counts change with discreet mode too; the dossier follows the refreshed list.
        discretion.changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Schools"))
        self.add_button.setText(self.tr("Add school…"))
        for i, text in enumerate((self.tr("Visit history"), self.tr("Findings"), self.tr("Open rectifications"),
                                  self.tr("Objections"))):
            self.tabs.setTabText(i, text)
        for view in (self.visit_view, self.finding_view, self.rect_view):
            view.setToolTip(self.tr("Double-click or Enter to open"))
        self.school_view.setAccessibleName(self.tr("Schools"))
        self.response_view.setAccessibleName(self.tr("Objections"))
        self.reply_button.setText(self.tr("Reply…"))
        for m in (self.schools, self.visits, self.findings, self.rects, self.responses):
            m.retranslate()
        self.empty.say(self.tr("No schools yet: add the schools you are responsible for with Add school…, "
                               "or ask the office to assign them (they arrive with the next sync)."),
                       self.tr("Add school…"))
        for empty, text in zip(self.dossier_empty, (
                self.tr("No visit to this school yet: plan one on the Visits page (Ctrl+N)."),
                self.tr("No finding at this school: findings are recorded during a visit."),
                self.tr("Nothing open: every rectification of this school is verified, or none was set."),
                self.tr("No response from this school: record one from its feedback form on the Feedback forms page."))):
            empty.say(text)
        self._render_dossier()

    def refresh(self) -> None:
        ws, today, revealed = self.workspace, self.today(), self.discretion.revealed
        run_op(self, lambda _t: schools.school_rows(ws, today, revealed), on_done=self._shown, key="refresh")

    def _open_visit(self, row: int) -> None:
        rows = self.visits.rows
        if not 0 <= row < len(rows):
            return
        if rows[row].hidden:
            QMessageBox.information(self, self.tr("Hidden visit"), self.tr(
                "This unannounced visit is hidden. Use “Reveal hidden visits” to open it."))
            return
        self.open_visit.emit(rows[row].id)

    def _open_row(self, model: SnapshotTableModel, row: int, key: str) -> None:
        if 0 <= row < len(model.rows):
            signal = self.open_visit if key == "visit_id" else self.open_rectification
            signal.emit(getattr(model.rows[row], key))

    def show_school(self, school_id: str) -> None:
        """Open a school's dossier on its visit history (Today's routine visits due)."""
        self.wanted = school_id
        self.tabs.setCurrentIndex(0)
        self.refresh()

    def show_objections(self, school_id: str) -> None:
        """Open a school's dossier on its objections (Today's double-click); the list
        selects it as soon as it has it."""
        self.wanted = school_id
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.refresh()

    def _shown(self, rows) -> None:  # type: ignore[no-untyped-def]
        current = self.school_view.currentIndex().row()
        if self.wanted is not None:
            current = next((n for n, r in enumerate(rows) if r.id == self.wanted), current)
            self.wanted = None
        self.schools.set_rows(rows)
        self.empty.set_loaded()
        self.dossier_side.setVisible(bool(rows))
        self._fit_split()
        if rows:
            row = max(0, min(current, len(rows) - 1))
            self.school_view.selectRow(row)
            self._school_chosen(row)  # the same row stays selected: its dossier may have changed all the same

    def _fit_split(self) -> None:
        """Side by side where the window is wide; in a narrow one (1024 px) the dossier goes
        under the list, so its problems and requirements get the whole width. The list gets
        the room its columns need, once; after that the inspector's drag stands."""
        wide = self.width() >= self.fontMetrics().averageCharWidth() * 140
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.split.orientation():
            self.split.setOrientation(orientation)
            self.split_fitted = False
        if self.split_fitted or not self.schools.rows or self.width() < 100:
            return
        self.split_fitted = True
        total = sum(self.split.sizes())
        if not wide:
            self.split.setSizes([total * 2 // 5, total - total * 2 // 5])
            return
        header = self.school_view.horizontalHeader()
        need = sum(max(header.sectionSizeHint(c), self.school_view.sizeHintForColumn(c))
                   for c in range(self.schools.columnCount()))
        need += self.school_view.verticalScrollBar().sizeHint().width() + 4 * self.school_view.frameWidth() + 24
        left = max(total // 3, min(need, total // 2))
        self.split.setSizes([left, total - left])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_split()

    def _school_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.schools.rows):
            return
        sid, ws, today, revealed = self.schools.rows[row].id, self.workspace, self.today(), self.discretion.revealed
        # Clicking down the list: an earlier click's dossier that finishes late is dropped.
        run_op(self, lambda _t: schools.school_dossier(ws, sid, today, revealed), on_done=self._dossier_shown,
               key="dossier")

    def _dossier_shown(self, dossier: SchoolDossier) -> None:
        self.dossier = dossier
        self.visits.set_rows(dossier.visits)
        self.findings.set_rows(dossier.findings)
        self.rects.set_rows(dossier.open_rectifications)
        self.responses.set_rows(dossier.responses)
        for empty in self.dossier_empty:
            empty.set_loaded()
        self._response_chosen(self.response_view.currentIndex().row())
        self._render_dossier()

    def _render_dossier(self) -> None:
        d = self.dossier
        if d is None:
            self.dossier_title.setText(self.tr("Choose a school"))
            self.dossier_info.setText("")
            return
        s = d.school
        self.dossier_title.setText(s.name)
        parts = [s.competent_department, s.district, s.school_type]
        if s.is_large:
            parts.append(self.tr("large school (one inspector to itself)"))
        text = " · ".join(p for p in parts if p)
        if d.repeated_categories:
            text += "\n" + self.tr("Repeated across years: {items}").format(
                items=", ".join(sorted(label(c) for c in d.repeated_categories)))
        self.dossier_info.setText(text)

    def _reply_due(self, r: ResponseRow) -> str:
        if r.reply_deadline is None:
            return ""
        due = format_date(r.reply_deadline)
        # Marked in words, not only colour, so it survives a screen reader and a printout.
        return self.tr("⚠ {day} — overdue").format(day=due) if r.overdue else due

    def _reply(self, r: ResponseRow) -> str:
        if r.replied_on is None:
            return self.tr("awaiting reply") if r.kind is ResponseKind.OBJECTION else ""
        return self.tr("{day}: {text}").format(day=format_date(r.replied_on), text=r.reply_text)

    def _response_chosen(self, row: int) -> None:
        rows = self.responses.rows
        self.reply_button.setEnabled(
            0 <= row < len(rows) and rows[row].kind is ResponseKind.OBJECTION and rows[row].replied_on is None)

    def reply(self) -> None:
        row = self.response_view.currentIndex().row()
        if not 0 <= row < len(self.responses.rows):
            return
        r = self.responses.rows[row]
        dialog = ReplyDialog(self, self.workspace, r.id, r.text, self.today())
        dialog.saved.connect(lambda _r: self._school_chosen(self.school_view.currentIndex().row()))
        self.dialog = dialog  # kept so the newest one can be found, e.g. by tests
        dialog.open()

    def add_school(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Add school"))
        form = QFormLayout(dialog)
        code, name, dept, district = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        for caption, w in ((self.tr("Code"), code), (self.tr("Name"), name),
                           (self.tr("Competent department"), dept), (self.tr("District"), district)):
            w.setAccessibleName(caption)
            form.addRow(caption, w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form.addRow(buttons)
        ws = self.workspace

        def refused(exc: BaseException, _tb: str) -> None:
            buttons.setEnabled(True)
            QMessageBox.warning(dialog, self.tr("Add school"), error_text(exc))

        def accept() -> None:
            values = code.text(), name.text(), dept.text(), district.text()
            buttons.setEnabled(False)  # one write at a time; a refusal enables them again
            run_op(dialog, lambda _t: edits.add_school(ws, *values), on_done=lambda _id: dialog.accept(),
                   on_error=refused, changes=Changes.of("school"))

        buttons.accepted.connect(accept)
        buttons.rejected.connect(dialog.reject)
        if dialog.exec():
            self.refresh()
