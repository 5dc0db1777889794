"""A visit's Findings tab: the list of findings, a box to add one, and the selected finding's fields.

A finding a signed feedback form certifies is shown read-only under the form's lock
banner, whose button starts the addendum that corrects it. Deleting a finding (or an
evidence file) can be undone from the bar under the list or with Ctrl+Z.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Severity
from inspector_desktop.store import edits, forms, visit_record
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import FindingSnap, VisitDetail
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.form_editor import FormEditor, open_form_editor
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.lock_banner import LockBanner
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import UndoBar, fill_enum_combo, is_chinese, text_box


class FindingEditor(QWidget):
    """The fields of the selected finding."""

    def __init__(self, tab: FindingsTab) -> None:
        super().__init__()
        self.tab = tab
        self.finding: FindingSnap | None = None
        self.problem, self.diagnosis, self.recommendation = text_box(3, 8), text_box(3, 8), text_box(3, 8)
        self.severity = QComboBox()
        self.indicator = QComboBox()
        self.evidence = EvidenceStrip(tab.workspace, undo_bar=tab.undo_bar)
        self.evidence.files_changed.connect(tab.reload)
        self.evidence.failed.connect(tab.failed)
        self.banner = LockBanner()
        self.banner.addendum_requested.connect(tab.make_addendum)
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.banner)
        for lab, w in zip(self.labels, (self.problem, self.diagnosis, self.recommendation, self.severity, self.indicator, self.evidence)):
            form.addRow(lab, w)
        for name, box in (("problem", self.problem), ("diagnosis", self.diagnosis), ("recommendation", self.recommendation)):
            box.textChanged.connect(lambda n=name, b=box: self._save(n, b.toPlainText()))
        self.severity.currentIndexChanged.connect(lambda _i: self._save("severity", self.severity.currentData()))
        self.indicator.currentIndexChanged.connect(lambda _i: self._save("indicator_id", self.indicator.currentData()))
        self.evidence.files_added.connect(self._attach)
        self.setEnabled(False)
        self.retranslate()

    def retranslate(self) -> None:
        for lab, text in zip(self.labels, (self.tr("Problem"), self.tr("Diagnosis"), self.tr("Recommendation"),
                                          self.tr("Severity"), self.tr("Indicator"), self.tr("Evidence"))):
            lab.setText(text)
        for lab, w in zip(self.labels, (self.problem, self.diagnosis, self.recommendation, self.severity, self.indicator)):
            w.setAccessibleName(lab.text())
        fill_enum_combo(self.severity, list(Severity))
        self._fill_indicators()

    def _fill_indicators(self) -> None:
        current = self.indicator.currentData()
        blocked = self.indicator.blockSignals(True)
        self.indicator.clear()
        self.indicator.addItem(self.tr("(none)"), None)
        zh = is_chinese()
        for item in self.tab.detail.checklist if self.tab.detail else ():
            self.indicator.addItem(f"{item.code} {item.title_zh if zh else item.title_en}", item.indicator_id)
        self.indicator.setCurrentIndex(max(0, self.indicator.findData(current)))
        self.indicator.blockSignals(blocked)

    def show_finding(self, finding: FindingSnap | None) -> None:
        self.finding = finding
        self.setEnabled(finding is not None)
        self._show_lock(finding)
        widgets = (self.problem, self.diagnosis, self.recommendation, self.severity, self.indicator)
        for w in widgets:
            w.blockSignals(True)
        self._fill_indicators()
        if finding is None:
            for box in (self.problem, self.diagnosis, self.recommendation):
                box.setPlainText("")
            self.evidence.show_files(())
        else:
            # setPlainText resets each box's undo stack: undo never crosses findings.
            self.problem.setPlainText(finding.problem)
            self.diagnosis.setPlainText(finding.diagnosis)
            self.recommendation.setPlainText(finding.recommendation)
            self.severity.setCurrentIndex(self.severity.findData(finding.severity))
            self.indicator.setCurrentIndex(max(0, self.indicator.findData(finding.indicator_id)))
            self.evidence.show_files(finding.attachments)
        for w in widgets:
            w.blockSignals(False)

    def _show_lock(self, finding: FindingSnap | None) -> None:
        """Read-only while a signed form certifies the finding; the banner says which and offers the addendum."""
        sealed = self.tab.detail.certified_by(finding.id) if finding is not None and self.tab.detail else None
        if sealed is None:
            self.banner.clear_lock()
        else:
            self.banner.show_lock(sealed.id, sealed.number, sealed.signed_at)
        for box in (self.problem, self.diagnosis, self.recommendation):
            box.setReadOnly(sealed is not None)
        for combo in (self.severity, self.indicator):
            combo.setEnabled(sealed is None)
        self.evidence.set_locked(sealed is not None)
        self.tab.delete_button.setEnabled(finding is not None and sealed is None)

    @property
    def locked(self) -> bool:
        return not self.banner.isHidden()

    def _save(self, field: str, value: object) -> None:
        if self.finding is None or self.locked:
            return
        fid = self.finding.id
        self.tab.autosaver.queue(("finding", fid, field), lambda ws: edits.update_field(ws, "finding", fid, field, value))
        if field == "problem":
            self.tab.finding_retitled(fid, str(value))

    def _attach(self, files: list[Path]) -> None:
        if self.finding is None or self.tab.detail is None:
            return
        ws, fid, visit_id = self.tab.workspace, self.finding.id, self.tab.detail.id

        def work(_task):  # type: ignore[no-untyped-def]
            for f in files:
                edits.attach_file(ws, f, finding_id=fid)
            return visit_record.visit_detail(ws, visit_id)

        def done(detail: VisitDetail) -> None:
            self.tab.absorb_findings(detail)
            self.tab.evidence_changed.emit()

        run_op(self, work, on_done=done, on_error=lambda exc, _tb: self.tab.failed.emit(exc),
               progress_label=self.tr("Storing evidence…"), changes=Changes.of("attachment"))


class FindingsTab(QSplitter):
    """The findings on the left (with the box to add one), the selected one's fields on the right."""

    added = Signal(str)  # the new finding's id
    evidence_changed = Signal()
    failed = Signal(object)  # the exception of a write that did not land

    def __init__(self, workspace: Workspace, autosaver: Autosaver, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.workspace, self.autosaver, self.today = workspace, autosaver, today
        self.detail: VisitDetail | None = None
        self.findings: list[FindingSnap] = []
        self.addendum_editor: FormEditor | None = None
        self.undo_bar = UndoBar(self)
        self.delete_button = QPushButton()
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_current)
        self.new_problem = QLineEdit()
        self.new_problem.returnPressed.connect(self.add_finding)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_finding)
        self.list = QListWidget()
        # A finding reads whole in the list: wrapped onto more lines, never scrolled sideways.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentRowChanged.connect(self._selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self.delete_current)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # the evidence strip has its own Del
        self.editor = FindingEditor(self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_problem, 1)
        add_row.addWidget(self.add_button)
        left_layout.addLayout(add_row)
        left_layout.addWidget(self.list)
        under = QHBoxLayout()
        under.addStretch(1)
        under.addWidget(self.delete_button)
        left_layout.addLayout(under)
        left_layout.addWidget(self.undo_bar)
        self.addWidget(left)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.editor)
        self.addWidget(editor_scroll)
        self.setStretchFactor(1, 2)

    def retranslate(self) -> None:
        self.new_problem.setPlaceholderText(self.tr("Describe a problem found, then press Enter"))
        # Wide enough for its hint, the box widens the list's side of the splitter too.
        self.new_problem.setMinimumWidth(self.new_problem.fontMetrics().horizontalAdvance(
            self.new_problem.placeholderText()) + 16)
        self.new_problem.setAccessibleName(self.tr("New finding"))
        self.add_button.setText(self.tr("Add finding"))
        self.list.setAccessibleName(self.tr("Findings"))
        self.delete_button.setText(self.tr("Delete finding"))
        self.delete_button.setToolTip(self.tr("Delete the selected finding (Del); Undo or Ctrl+Z brings it back"))
        self.editor.retranslate()
        # The list shows each finding's severity in words: re-word it in the new language.
        for row, f in enumerate(self.findings):
            if (item := self.list.item(row)) is not None:
                item.setText(_finding_text(f))

    def absorb_findings(self, detail: VisitDetail) -> None:
        """Take the findings from a fresh snapshot, keeping the selection."""
        current = self.editor.finding.id if self.editor.finding else None
        self.detail = detail
        self.findings = list(detail.findings)
        self.list.blockSignals(True)
        self.list.clear()
        for f in self.findings:
            item = QListWidgetItem(_finding_text(f))
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, f in enumerate(self.findings) if f.id == current), -1)
        self.list.setCurrentRow(row)
        if row < 0:
            self.editor.show_finding(None)
        elif current is not None:
            self.editor.evidence.show_files(self.findings[row].attachments)
            self.editor.finding = self.findings[row]
            self.editor._show_lock(self.findings[row])

    def add_finding(self) -> None:
        problem = self.new_problem.text().strip()
        if not problem or self.detail is None:
            self.new_problem.setFocus()
            return
        ws, visit_id = self.workspace, self.detail.id

        def work(_task):  # type: ignore[no-untyped-def]
            fid = edits.add_finding(ws, visit_id, problem)
            return fid, visit_record.visit_detail(ws, visit_id)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            fid, detail = result
            self.new_problem.clear()
            self.absorb_findings(detail)
            row = next(i for i, f in enumerate(self.findings) if f.id == fid)
            self.list.setCurrentRow(row)
            self.added.emit(fid)

        run_op(self, work, on_done=done, on_error=lambda exc, _tb: self.failed.emit(exc), changes=Changes.of("finding"))

    def _selected(self, row: int) -> None:
        self.editor.show_finding(self.findings[row] if 0 <= row < len(self.findings) else None)

    def finding_retitled(self, finding_id: str, problem: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == finding_id:
                sev = self.editor.severity.currentData()
                item.setText(f"[{label(sev)}] {problem}")

    # ------------------------------------------------------------ delete, undo, addendum

    def _write(self, job: Callable[[Workspace], object], then: Callable[[VisitDetail], None] | None = None,
               changes: Changes | None = None) -> None:
        """Run a write, then take the visit's fresh findings."""
        if self.detail is None:
            return
        ws, visit_id = self.workspace, self.detail.id

        def work(_task):  # type: ignore[no-untyped-def]
            job(ws)
            return visit_record.visit_detail(ws, visit_id)

        def done(detail: VisitDetail) -> None:
            self.absorb_findings(detail)
            if then is not None:
                then(detail)

        run_op(self, work, on_done=done, on_error=lambda exc, _tb: self.failed.emit(exc),
               changes=changes or Changes.of("finding", "attachment"))

    def reload(self) -> None:
        self._write(lambda _ws: None)

    def delete_current(self) -> None:
        f = self.editor.finding
        if f is None or self.editor.locked:
            return
        self.autosaver.flush_now()  # its pending edits land first: an undo brings back the finding as last seen

        def deleted(_detail: VisitDetail) -> None:
            self.undo_bar.offer(self.tr("Finding deleted: {problem}").format(problem=f.problem),
                                lambda: self._write(lambda ws: edits.restore_finding(ws, f.id), self._select(f.id)))

        self._write(lambda ws: edits.remove_finding(ws, f.id), deleted)

    def _select(self, finding_id: str) -> Callable[[VisitDetail], None]:
        def select(_detail: VisitDetail) -> None:
            row = next((i for i, f in enumerate(self.findings) if f.id == finding_id), -1)
            self.list.setCurrentRow(row)
        return select

    def make_addendum(self, form_id: str) -> None:
        """The way to correct what a signed form certifies: a new draft linked to it, opened at once."""
        ws, day = self.workspace, self.today()

        def opened(addendum_id: str) -> None:
            self.addendum_editor = open_form_editor(self, ws, form_id=addendum_id, today=self.today)

        run_op(self, lambda _t: forms.draft_addendum(ws, form_id, today=day), on_done=opened,
               on_error=lambda exc, _tb: self.failed.emit(exc), changes=Changes.of("feedback_form", "requirement"))


def _finding_text(f: FindingSnap) -> str:
    return f"[{label(f.severity)}] {f.problem}"
