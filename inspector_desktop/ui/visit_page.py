"""One visit, worked on inside the school: checklist, findings, notes, history.

There is no Save button. Every edit is queued on the Autosaver and written
within about a second; the text boxes keep Qt's own undo/redo stacks, and an
undone edit is saved like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Notice, VisitStatus, notice_letter_allowed
from inspector_desktop.domain.visits import VISIT_LIFECYCLE
from inspector_desktop.store import edits, visit_record
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import HistoryEntry, VisitDetail
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.checklist_tab import ChecklistTab
from inspector_desktop.ui.findings_tab import FindingsTab
from inspector_desktop.ui.flow_layout import FlowLayout
from inspector_desktop.ui.form_editor import open_form_editor
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_date, format_datetime, label, record_kind
from inspector_desktop.ui.notice_dialog import NoticeDialog
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.record_text import changes_text, name_text, with_action
from inspector_desktop.ui.widgets import is_chinese, text_box


class VisitPage(QWidget):
    """The page for one visit. ``open_visit`` loads it; ``back`` returns to the list."""

    back = Signal()
    visit_changed = Signal(str)  # status or date moved: lists need a refresh
    loaded = Signal()
    evidence_changed = Signal()
    next_requested = Signal(int)  # +1 / -1

    def __init__(self, workspace: Workspace, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.today = today  # the window's clock, for the feedback form drafted from here
        self.detail: VisitDetail | None = None
        self.autosaver = Autosaver(workspace, self)

        self.back_button = QPushButton()
        self.back_button.clicked.connect(self._leave)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.save_state = QLabel()
        self.save_state.setAccessibleName("save-state")
        self.start_button, self.complete_button, self.cancel_button, self.form_button = (QPushButton() for _ in range(4))
        self.start_button.clicked.connect(lambda: self._move(VisitStatus.IN_PROGRESS))
        self.complete_button.clicked.connect(lambda: self._move(VisitStatus.COMPLETED))
        self.cancel_button.clicked.connect(self._cancel_visit)
        self.form_button.clicked.connect(self._open_form)
        # An announced visit's letter to the school; an unannounced one has none to offer.
        self.notice_button = QPushButton()
        self.notice_button.clicked.connect(self._open_notice)
        self.notice_dialog: NoticeDialog | None = None

        # The actions share the subtitle's line, not the title's, so at 1024 px a long
        # school name still leaves them room; narrower still, they wrap rather than widen
        # the window past the screen, and so do the names.
        self.title.setWordWrap(True)
        self.header_actions = (self.notice_button, self.start_button, self.complete_button, self.cancel_button,
                               self.form_button)
        actions = QWidget()
        flow = FlowLayout(actions)
        for b in self.header_actions:
            flow.addWidget(b)
        header = QGridLayout()
        header.addWidget(self.back_button, 0, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.title, 0, 1)
        header.addWidget(self.save_state, 0, 2, Qt.AlignmentFlag.AlignRight)
        header.addWidget(self.subtitle, 1, 1, Qt.AlignmentFlag.AlignTop)
        header.addWidget(actions, 1, 2, Qt.AlignmentFlag.AlignTop)
        header.setColumnStretch(1, 1)

        self.tabs = QTabWidget()
        self.checklist = ChecklistTab(workspace, self.autosaver)
        self.findings = FindingsTab(workspace, self.autosaver, today=today)
        for tab in (self.checklist, self.findings):
            tab.evidence_changed.connect(self.evidence_changed)
            tab.failed.connect(self.show_error)
            self.tabs.addTab(tab, "")
        self.findings.added.connect(lambda _fid: self._maybe_refresh_history())
        self.checklist.moved.connect(lambda: self.open_visit(self.detail.id) if self.detail else None)
        # Notes
        notes = QWidget()
        notes_form = QFormLayout(notes)
        self.purpose, self.notes = text_box(2), text_box(10)
        self.purpose_label, self.notes_label = QLabel(), QLabel()
        notes_form.addRow(self.purpose_label, self.purpose)
        notes_form.addRow(self.notes_label, self.notes)
        self.purpose.textChanged.connect(lambda: self._save_visit("purpose", self.purpose.toPlainText()))
        self.notes.textChanged.connect(lambda: self._save_visit("notes", self.notes.toPlainText()))
        self.tabs.addTab(notes, "")
        # History
        self.history = QTreeWidget()
        self.history.setRootIsDecorated(False)
        self.history.setColumnCount(4)
        self.history_entries: tuple[HistoryEntry, ...] = ()
        self.tabs.addTab(self.history, "")
        self.tabs.currentChanged.connect(lambda _i: self._maybe_refresh_history())

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        self.autosaver.saving.connect(lambda: self.save_state.setText(self.tr("Saving…")))
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self.show_error)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown), self, lambda: self._step(1))
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp), self, lambda: self._step(-1))
        QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self, self._leave)
        self.retranslate()

    # ------------------------------------------------------------ language

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("◀ Visits"))
        self.back_button.setToolTip(self.tr("Back to the visit list (Alt+Left)"))
        self.start_button.setText(self.tr("Start visit"))
        self.complete_button.setText(self.tr("Complete visit"))
        self.cancel_button.setText(self.tr("Cancel visit"))
        self.form_button.setText(self.tr("Feedback form…"))
        self.notice_button.setText(self.tr("Notice letter…"))
        self.notice_button.setToolTip(self.tr("The letter telling the school of this announced visit: print or export it"))
        for i, text in enumerate((self.tr("Checklist"), self.tr("Findings"), self.tr("Notes"), self.tr("History"))):
            self.tabs.setTabText(i, text)
        self.purpose_label.setText(self.tr("Purpose"))
        self.notes_label.setText(self.tr("Notes"))
        self.purpose.setAccessibleName(self.tr("Purpose"))
        self.notes.setAccessibleName(self.tr("Notes"))
        self.history.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changes")])
        self.history.setAccessibleName(self.tr("History"))
        self._show_history(self.history_entries)
        self.save_state.setText(self.tr("All changes saved") if self.autosaver.idle else self.tr("Saving…"))
        self._show_header()
        self.checklist.retranslate()
        self.findings.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ loading

    def open_visit(self, visit_id: str) -> None:
        self.autosaver.flush_now()
        ws = self.workspace
        # Paging quickly through visits: only the last one asked for is shown.
        run_op(self, lambda _t: visit_record.visit_detail(ws, visit_id), on_done=self._show, on_error=self.show_error,
               key="visit")

    def _show(self, detail: VisitDetail) -> None:
        self.detail = detail
        self.checklist.show_visit(detail)
        for box, text in ((self.purpose, detail.purpose), (self.notes, detail.notes)):
            box.blockSignals(True)
            box.setPlainText(text)
            box.blockSignals(False)
        self.findings.absorb_findings(detail)
        self._show_history(())
        self._show_header()
        self._maybe_refresh_history()
        self.loaded.emit()

    def _show_header(self) -> None:
        d = self.detail
        if d is None:
            self.title.setText("")
            self.subtitle.setText("")
            return
        self.title.setText(f"{d.school_name} · {format_date(d.planned_on)}")
        team = "、".join(m.name for m in d.team) if is_chinese() else ", ".join(m.name for m in d.team)
        self.subtitle.setText(
            " · ".join([label(d.scope), label(d.stage), label(d.planning), label(d.notice), label(d.status)])
            # The team on a line of its own: wrapped mid-line, a Chinese name would break in two.
            + ("\n" + self.tr("Team: {names}").format(names=team) if team else "")
        )
        self.start_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.IN_PROGRESS))
        self.complete_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.COMPLETED))
        self.cancel_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.CANCELLED))
        self.notice_button.setVisible(notice_letter_allowed(Notice(d.notice)) and d.status is not VisitStatus.CANCELLED)

    # ------------------------------------------------------------ visit fields and status

    def _save_visit(self, field: str, value: object) -> None:
        if self.detail is None:
            return
        vid = self.detail.id
        self.autosaver.queue(("visit", vid, field), lambda ws: edits.update_field(ws, "visit", vid, field, value))

    def _move(self, target: VisitStatus) -> None:
        if self.detail is None:
            return
        vid, ws = self.detail.id, self.workspace

        def work(_task):  # type: ignore[no-untyped-def]
            edits.move_visit(ws, vid, target)
            return visit_record.visit_detail(ws, vid)

        def done(detail: VisitDetail) -> None:
            self.detail = detail
            self._show_header()
            self.visit_changed.emit(vid)
            self._maybe_refresh_history()

        run_op(self, work, on_done=done, on_error=self.show_error, changes=Changes.of("visit"))

    def _cancel_visit(self) -> None:
        answer = QMessageBox.question(self, self.tr("Cancel visit"), self.tr("Cancel this visit? It stays in the records as cancelled."))
        if answer == QMessageBox.StandardButton.Yes:
            self._move(VisitStatus.CANCELLED)

    def _open_form(self) -> None:
        if self.detail is None:
            return
        open_form_editor(self, self.workspace, visit_id=self.detail.id, today=self.today)

    def _open_notice(self) -> None:
        if self.detail is None:
            return
        self.notice_dialog = NoticeDialog(self, self.workspace, self.detail.id, self.today())
        self.notice_dialog.open()

    # ------------------------------------------------------------ history, saving, leaving

    def _maybe_refresh_history(self) -> None:
        if self.detail is None or self.tabs.currentWidget() is not self.history:
            return
        vid, ws = self.detail.id, self.workspace
        run_op(self, lambda _t: visit_record.visit_history(ws, vid), on_done=self._show_history)

    def _show_history(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.history_entries = entries
        self.history.clear()
        for e in entries:
            # The page names its own school and visit; a row names what on it changed.
            what = record_kind(e.entity) if e.entity == "visit" else name_text(e.name, skip=2)
            self.history.addTopLevelItem(QTreeWidgetItem([
                format_datetime(e.at), e.actor, with_action(what, e.action),
                changes_text(e.entity, e.fields, e.action),
            ]))
        for column in (0, 1, 2):
            self.history.resizeColumnToContents(column)
        self.history.setColumnWidth(2, min(self.history.columnWidth(2), 420))

    def _saved(self) -> None:
        self.save_state.setText(self.tr("All changes saved"))
        self._maybe_refresh_history()

    def show_error(self, exc: BaseException, _tb: str = "") -> None:
        self.save_state.setText(self.tr("Not saved"))
        QMessageBox.warning(self, self.tr("Could not save"), error_text(exc))

    def _leave(self) -> None:
        self.autosaver.flush_now()
        self.back.emit()

    def _step(self, delta: int) -> None:
        self.autosaver.flush_now()
        self.next_requested.emit(delta)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.autosaver.flush_now()
        super().hideEvent(event)

