"""A visit's Findings tab: the list of findings, a box to add one, and the selected finding's fields."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
from inspector_desktop.store import edits, visit_record
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import FindingSnap, VisitDetail
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.i18n import label
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import fill_enum_combo, is_chinese, text_box


class FindingEditor(QWidget):
    """The fields of the selected finding."""

    def __init__(self, tab: FindingsTab) -> None:
        super().__init__()
        self.tab = tab
        self.finding: FindingSnap | None = None
        self.problem, self.diagnosis, self.recommendation = text_box(3, 8), text_box(3, 8), text_box(3, 8)
        self.severity = QComboBox()
        self.indicator = QComboBox()
        self.evidence = EvidenceStrip(tab.workspace)
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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

    def _save(self, field: str, value: object) -> None:
        if self.finding is None:
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

    def __init__(self, workspace: Workspace, autosaver: Autosaver) -> None:
        super().__init__()
        self.workspace, self.autosaver = workspace, autosaver
        self.detail: VisitDetail | None = None
        self.findings: list[FindingSnap] = []
        self.new_problem = QLineEdit()
        self.new_problem.returnPressed.connect(self.add_finding)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_finding)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._selected)
        self.editor = FindingEditor(self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_problem, 1)
        add_row.addWidget(self.add_button)
        left_layout.addLayout(add_row)
        left_layout.addWidget(self.list)
        self.addWidget(left)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.editor)
        self.addWidget(editor_scroll)
        self.setStretchFactor(1, 2)

    def retranslate(self) -> None:
        self.new_problem.setPlaceholderText(self.tr("Describe a problem found, then press Enter"))
        self.new_problem.setAccessibleName(self.tr("New finding"))
        self.add_button.setText(self.tr("Add finding"))
        self.list.setAccessibleName(self.tr("Findings"))
        self.editor.retranslate()

    def absorb_findings(self, detail: VisitDetail) -> None:
        """Take the findings from a fresh snapshot, keeping the selection."""
        current = self.editor.finding.id if self.editor.finding else None
        self.detail = detail
        self.findings = list(detail.findings)
        self.list.blockSignals(True)
        self.list.clear()
        for f in self.findings:
            item = QListWidgetItem(f"[{label(f.severity)}] {f.problem}")
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
