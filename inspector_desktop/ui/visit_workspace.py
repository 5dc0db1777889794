"""One visit, worked on inside the school: checklist, findings, notes, history.

There is no Save button. Every edit is queued on the Autosaver and written
within about a second; the text boxes keep Qt's own undo/redo stacks, and an
undone edit is saved like any other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Rating, Severity, VisitStatus
from inspector_desktop.domain.visits import VISIT_LIFECYCLE
from inspector_desktop.store import edits, queries
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.queries import ChecklistItem, FindingSnap, HistoryEntry, VisitDetail
from inspector_desktop.ui.autosave import Autosaver
from inspector_desktop.ui.evidence import EvidenceStrip
from inspector_desktop.ui.i18n import error_text, format_date, label
from inspector_desktop.ui.ops import run_op


def is_chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


def text_box(lines: int = 3, max_lines: int | None = None) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    if max_lines is not None:
        box.setMaximumHeight(box.fontMetrics().lineSpacing() * max_lines + 12)
    return box


def fill_enum_combo(combo: QComboBox, members: list) -> None:  # type: ignore[type-arg]
    current = combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    for m in members:
        combo.addItem(label(m), m)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(blocked)


class ChecklistLine(QGroupBox):
    """One indicator: its rating, what was observed, and the evidence."""

    def __init__(self, page: VisitWorkspace, item: ChecklistItem) -> None:
        super().__init__()
        self.page, self.item = page, item
        self.rating = QComboBox()
        fill_enum_combo(self.rating, list(Rating))
        self.rating.setCurrentIndex(self.rating.findData(item.rating))
        self.observation = text_box(2, 5)
        self.observation.setPlainText(item.observation)
        self.evidence = EvidenceStrip(page.workspace)
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
        visit_id, ind = self.page.detail.id, self.item.indicator_id
        self.page.autosaver.queue(
            ("indicator", ind, field), lambda ws: edits.set_indicator_result(ws, visit_id, ind, **{field: value})
        )

    def _attach(self, files: list[Path]) -> None:
        visit_id, ind = self.page.detail.id, self.item.indicator_id

        def work(_task):  # type: ignore[no-untyped-def]
            ws = self.page.workspace
            result_id = edits.set_indicator_result(ws, visit_id, ind)
            for f in files:
                edits.attach_file(ws, f, indicator_result_id=result_id)
            return queries.visit_detail(ws, visit_id)

        def done(detail: VisitDetail) -> None:
            item = next(i for i in detail.checklist if i.indicator_id == ind)
            self.item = item
            self.evidence.show_files(item.attachments)
            self.page.evidence_changed.emit()

        run_op(self, work, on_done=done, on_error=self.page.show_error, progress_label=self.tr("Storing evidence…"))


class FindingEditor(QWidget):
    """The fields of the selected finding."""

    def __init__(self, page: VisitWorkspace) -> None:
        super().__init__()
        self.page = page
        self.finding: FindingSnap | None = None
        self.problem, self.diagnosis, self.recommendation = text_box(3, 8), text_box(3, 8), text_box(3, 8)
        self.severity = QComboBox()
        self.indicator = QComboBox()
        self.evidence = EvidenceStrip(page.workspace)
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
        for item in self.page.detail.checklist if self.page.detail else ():
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
        self.page.autosaver.queue(("finding", fid, field), lambda ws: edits.update_field(ws, "finding", fid, field, value))
        if field == "problem":
            self.page.finding_retitled(fid, str(value))

    def _attach(self, files: list[Path]) -> None:
        if self.finding is None:
            return
        fid, visit_id = self.finding.id, self.page.detail.id

        def work(_task):  # type: ignore[no-untyped-def]
            for f in files:
                edits.attach_file(self.page.workspace, f, finding_id=fid)
            return queries.visit_detail(self.page.workspace, visit_id)

        def done(detail: VisitDetail) -> None:
            self.page.absorb_findings(detail)
            self.page.evidence_changed.emit()

        run_op(self, work, on_done=done, on_error=self.page.show_error, progress_label=self.tr("Storing evidence…"))


class VisitWorkspace(QWidget):
    """The page for one visit. ``open_visit`` loads it; ``back`` returns to the list."""

    back = Signal()
    visit_changed = Signal(str)  # status or date moved: lists need a refresh
    loaded = Signal()
    evidence_changed = Signal()
    next_requested = Signal(int)  # +1 / -1

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.detail: VisitDetail | None = None
        self.autosaver = Autosaver(workspace, self)
        self._wanted_visit: str | None = None
        self.lines: list[ChecklistLine] = []

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

        header = QHBoxLayout()
        header.addWidget(self.back_button)
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for b in (self.start_button, self.complete_button, self.cancel_button, self.form_button):
            header.addWidget(b)
        header.addWidget(self.save_state)

        self.tabs = QTabWidget()
        # Checklist
        self.checklist_box = QWidget()
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.checklist_box)
        self.tabs.addTab(scroll, "")
        # Findings
        self.new_problem = QLineEdit()
        self.new_problem.returnPressed.connect(self._add_finding)
        self.add_finding_button = QPushButton()
        self.add_finding_button.clicked.connect(self._add_finding)
        self.finding_list = QListWidget()
        self.finding_list.currentRowChanged.connect(self._finding_selected)
        self.finding_editor = FindingEditor(self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_problem, 1)
        add_row.addWidget(self.add_finding_button)
        left_layout.addLayout(add_row)
        left_layout.addWidget(self.finding_list)
        split = QSplitter()
        split.addWidget(left)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.finding_editor)
        split.addWidget(editor_scroll)
        split.setStretchFactor(1, 2)
        self.tabs.addTab(split, "")
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
        for i, text in enumerate((self.tr("Checklist"), self.tr("Findings"), self.tr("Notes"), self.tr("History"))):
            self.tabs.setTabText(i, text)
        self.new_problem.setPlaceholderText(self.tr("Describe a problem found, then press Enter"))
        self.new_problem.setAccessibleName(self.tr("New finding"))
        self.add_finding_button.setText(self.tr("Add finding"))
        self.finding_list.setAccessibleName(self.tr("Findings"))
        self.purpose_label.setText(self.tr("Purpose"))
        self.notes_label.setText(self.tr("Notes"))
        self.purpose.setAccessibleName(self.tr("Purpose"))
        self.notes.setAccessibleName(self.tr("Notes"))
        self.history.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Changes")])
        self.history.setAccessibleName(self.tr("History"))
        self.save_state.setText(self.tr("All changes saved") if self.autosaver.idle else self.tr("Saving…"))
        self._show_header()
        for line in self.lines:
            line.retranslate()
        self.finding_editor.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ loading

    def open_visit(self, visit_id: str) -> None:
        self.autosaver.flush_now()
        ws = self.workspace
        self._wanted_visit = visit_id
        run_op(self, lambda _t: queries.visit_detail(ws, visit_id), on_done=self._show, on_error=self.show_error)

    def _show(self, detail: VisitDetail) -> None:
        if detail.id != self._wanted_visit:
            return  # paging quickly: an earlier visit's load finished late
        self.detail = detail
        for line in self.lines:
            line.deleteLater()
        self.lines = [ChecklistLine(self, item) for item in detail.checklist]
        while self.checklist_layout.count():
            self.checklist_layout.takeAt(0)
        for line in self.lines:
            self.checklist_layout.addWidget(line)
        if not self.lines:
            self.checklist_layout.addWidget(QLabel(self.tr("This visit has no checklist template.")))
        self.checklist_layout.addStretch(1)
        for box, text in ((self.purpose, detail.purpose), (self.notes, detail.notes)):
            box.blockSignals(True)
            box.setPlainText(text)
            box.blockSignals(False)
        self.absorb_findings(detail)
        self.history.clear()
        self._show_header()
        self._maybe_refresh_history()
        self.loaded.emit()

    def absorb_findings(self, detail: VisitDetail) -> None:
        """Take the findings from a fresh snapshot, keeping the selection."""
        current = self.finding_editor.finding.id if self.finding_editor.finding else None
        self.detail = detail
        self.findings = list(detail.findings)
        self.finding_list.blockSignals(True)
        self.finding_list.clear()
        for f in self.findings:
            item = QListWidgetItem(f"[{label(f.severity)}] {f.problem}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            self.finding_list.addItem(item)
        self.finding_list.blockSignals(False)
        row = next((i for i, f in enumerate(self.findings) if f.id == current), -1)
        self.finding_list.setCurrentRow(row)
        if row < 0:
            self.finding_editor.show_finding(None)
        elif current is not None:
            self.finding_editor.evidence.show_files(self.findings[row].attachments)
            self.finding_editor.finding = self.findings[row]

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
            + ("  —  " + self.tr("Team: {names}").format(names=team) if team else "")
        )
        self.start_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.IN_PROGRESS))
        self.complete_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.COMPLETED))
        self.cancel_button.setVisible(VISIT_LIFECYCLE.allowed(d.status, VisitStatus.CANCELLED))

    # ------------------------------------------------------------ findings

    def _add_finding(self) -> None:
        problem = self.new_problem.text().strip()
        if not problem or self.detail is None:
            self.new_problem.setFocus()
            return
        visit_id = self.detail.id
        ws = self.workspace

        def work(_task):  # type: ignore[no-untyped-def]
            fid = edits.add_finding(ws, visit_id, problem)
            return fid, queries.visit_detail(ws, visit_id)

        def done(result) -> None:  # type: ignore[no-untyped-def]
            fid, detail = result
            self.new_problem.clear()
            self.absorb_findings(detail)
            row = next(i for i, f in enumerate(self.findings) if f.id == fid)
            self.finding_list.setCurrentRow(row)
            self._maybe_refresh_history()

        run_op(self, work, on_done=done, on_error=self.show_error)

    def _finding_selected(self, row: int) -> None:
        self.finding_editor.show_finding(self.findings[row] if 0 <= row < len(self.findings) else None)

    def finding_retitled(self, finding_id: str, problem: str) -> None:
        for i in range(self.finding_list.count()):
            item = self.finding_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == finding_id:
                sev = self.finding_editor.severity.currentData()
                item.setText(f"[{label(sev)}] {problem}")

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
            return queries.visit_detail(ws, vid)

        def done(detail: VisitDetail) -> None:
            self.detail = detail
            self._show_header()
            self.visit_changed.emit(vid)
            self._maybe_refresh_history()

        run_op(self, work, on_done=done, on_error=self.show_error)

    def _cancel_visit(self) -> None:
        answer = QMessageBox.question(self, self.tr("Cancel visit"), self.tr("Cancel this visit? It stays in the records as cancelled."))
        if answer == QMessageBox.StandardButton.Yes:
            self._move(VisitStatus.CANCELLED)

    def _open_form(self) -> None:
        if self.detail is None:
            return
        from inspector_desktop.ui.pages import open_form_editor

        open_form_editor(self, self.workspace, visit_id=self.detail.id)

    # ------------------------------------------------------------ history, saving, leaving

    def _maybe_refresh_history(self) -> None:
        if self.detail is None or self.tabs.currentWidget() is not self.history:
            return
        vid, ws = self.detail.id, self.workspace
        run_op(self, lambda _t: queries.visit_history(ws, vid), on_done=self._show_history)

    def _show_history(self, entries: tuple[HistoryEntry, ...]) -> None:
        self.history.clear()
        names = {
            "visit": self.tr("Visit"), "finding": self.tr("Finding"), "indicator_result": self.tr("Checklist line"),
            "attachment": self.tr("Evidence"), "visit_team_member": self.tr("Team"),
        }
        actions = {"insert": self.tr("added"), "update": self.tr("changed"), "delete": self.tr("removed")}
        for e in entries:
            when = QLocale().toString(e.at.replace(tzinfo=dt.UTC).astimezone(), QLocale.FormatType.ShortFormat)
            what = f"{names.get(e.entity, e.entity)} {actions.get(e.action, e.action)}"
            changed = "; ".join(f"{k}: {_short(new)}" for k, _old, new in e.fields if k not in ("visit_id", "deleted"))
            self.history.addTopLevelItem(QTreeWidgetItem([when, e.actor, what, changed]))
        self.history.resizeColumnToContents(0)

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


def _short(value: object, width: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
