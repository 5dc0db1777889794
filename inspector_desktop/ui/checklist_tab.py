"""A visit's Checklist tab: one line per indicator (rating, observation, evidence), autosaved as it is edited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from inspector_desktop.domain import Rating
from inspector_desktop.store import edits, visit_record
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.visit_record import ChecklistItem, VisitDetail
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.widgets import fill_enum_combo, is_chinese, text_box


class ChecklistLine(QGroupBox):
    """One indicator: its rating, what was observed, and the evidence."""

    def __init__(self, tab: ChecklistTab, visit_id: str, item: ChecklistItem) -> None:
        super().__init__()
        self.tab, self.visit_id, self.item = tab, visit_id, item
        self.rating = QComboBox()
        fill_enum_combo(self.rating, list(Rating))
        self.rating.setCurrentIndex(self.rating.findData(item.rating))
        self.observation = text_box(2, 5)
        self.observation.setPlainText(item.observation)
        self.evidence = EvidenceStrip(tab.workspace)
        self.evidence.show_files(item.attachments)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.form = QFormLayout(self)
        self.rating_label, self.obs_label, self.ev_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.guidance)
        self.form.addRow(self.rating_label, self.rating)
        self.form.addRow(self.obs_label, self.observation)
        self.form.addRow(self.ev_label, self.evidence)
        self.rating.currentIndexChanged.connect(lambda _i: self._save("rating", self.rating.currentData()))
        self.observation.textChanged.connect(lambda: self._save("observation", self.observation.toPlainText()))
        self.evidence.files_added.connect(self._attach)
        self.retranslate()

    def retranslate(self) -> None:
        zh = is_chinese()
        self.setTitle(f"{self.item.code}  {self.item.title_zh if zh else self.item.title_en}")
        self.guidance.setText(self.item.guidance_zh if zh else self.item.guidance_en)
        self.rating_label.setText(self.tr("Rating"))
        self.obs_label.setText(self.tr("Observation"))
        self.ev_label.setText(self.tr("Evidence"))
        fill_enum_combo(self.rating, list(Rating))
        self.rating.setAccessibleName(self.tr("Rating of {code}").format(code=self.item.code))
        self.observation.setAccessibleName(self.tr("Observation on {code}").format(code=self.item.code))

    def _save(self, field: str, value: object) -> None:
        visit_id, ind = self.visit_id, self.item.indicator_id
        self.tab.autosaver.queue(
            ("indicator", ind, field), lambda ws: edits.set_indicator_result(ws, visit_id, ind, **{field: value}),
            kind="indicator_result",
        )

    def _attach(self, files: list[Path]) -> None:
        ws, visit_id, ind = self.tab.workspace, self.visit_id, self.item.indicator_id

        def work(_task):  # type: ignore[no-untyped-def]
            result_id = edits.set_indicator_result(ws, visit_id, ind)
            for f in files:
                edits.attach_file(ws, f, indicator_result_id=result_id)
            return visit_record.visit_detail(ws, visit_id)

        def done(detail: VisitDetail) -> None:
            item = next(i for i in detail.checklist if i.indicator_id == ind)
            self.item = item
            self.evidence.show_files(item.attachments)
            self.tab.evidence_changed.emit()

        run_op(self, work, on_done=done, on_error=lambda exc, _tb: self.tab.failed.emit(exc),
               progress_label=self.tr("Storing evidence…"), changes=Changes.of("indicator_result", "attachment"))


class ChecklistTab(QScrollArea):
    """Every line of the visit's checklist, in the template's order."""

    evidence_changed = Signal()
    failed = Signal(object)  # the exception of a write that did not land

    def __init__(self, workspace: Workspace, autosaver: Autosaver) -> None:
        super().__init__()
        self.workspace, self.autosaver = workspace, autosaver
        self.lines: list[ChecklistLine] = []
        self.box = QWidget()
        self.box_layout = QVBoxLayout(self.box)
        self.setWidgetResizable(True)
        self.setWidget(self.box)

    def show_visit(self, detail: VisitDetail) -> None:
        while self.box_layout.count():
            old = self.box_layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        self.lines = [ChecklistLine(self, detail.id, item) for item in detail.checklist]
        for line in self.lines:
            self.box_layout.addWidget(line)
        if not self.lines:
            self.box_layout.addWidget(QLabel(self.tr("This visit has no checklist template.")))
        self.box_layout.addStretch(1)

    def retranslate(self) -> None:
        for line in self.lines:
            line.retranslate()
