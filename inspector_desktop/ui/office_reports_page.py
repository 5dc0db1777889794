"""Reports (督导报告, 通报): the office chooses what, when and in which language, sees the
PDF, prints it, and saves it as PDF or as a spreadsheet.

The figures come from the records this laptop holds (a lead's laptop pulls its
region's at each sync), built away from the window's thread: a region of
100 000 visits takes a moment, so the work shows its progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from inspector_desktop.office_reports import build
from inspector_desktop.store import schools
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.sheet_preview import SheetPreview
from inspector_desktop.ui.widgets import Page, heading

KINDS = ("region", "school", "bulletin")
PARTS = ("", "S1", "S2", *(f"{m:02d}" for m in range(1, 13)))


class OfficeReportsPage(Page):
    # The figures count these records; a change to one marks a shown report stale.
    shows = frozenset({"visit", "finding", "rectification", "escalation", "school_response", "school",
                       "school_assignment", "training_record", "inspector", "reinspection", "region_rules"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.kind, self.part, self.school, self.language = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        for code in KINDS:
            self.kind.addItem("", code)
        for part in PARTS:
            self.part.addItem("", part)
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        # The window's language by default; a report for another reader is one choice away.
        self.language.setCurrentIndex(0 if QLocale().language() == QLocale.Language.Chinese else 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.preview_button, self.xlsx_button = QPushButton(), QPushButton()
        self.preview_button.clicked.connect(self.make_preview)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.preview = SheetPreview(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        self.labels = [QLabel() for _ in range(4)]
        period = QHBoxLayout()
        period.addWidget(self.year)
        period.addWidget(self.part, 1)
        form = QFormLayout()
        for lab, field in zip(self.labels, (self.kind, period, self.school, self.language)):
            form.addRow(lab, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.preview, 1)
        self._loaded_schools = False
        self.retranslate()
        self._kind_changed()

    # ------------------------------------------------------------ words

    def retranslate(self) -> None:
        self.title.setText(self.tr("Reports"))
        for lab, text in zip(self.labels, (self.tr("Report"), self.tr("Period"), self.tr("School"),
                                           self.tr("Language"))):
            lab.setText(text)
        kinds = {"region": self.tr("The region's inspection report (督导报告)"),
                 "school": self.tr("A school's inspection report"),
                 "bulletin": self.tr("Bulletin of interviews, notifications and accountability (通报)")}
        for n in range(self.kind.count()):
            self.kind.setItemText(n, kinds[self.kind.itemData(n)])
        months = [self.tr("January"), self.tr("February"), self.tr("March"), self.tr("April"), self.tr("May"),
                  self.tr("June"), self.tr("July"), self.tr("August"), self.tr("September"), self.tr("October"),
                  self.tr("November"), self.tr("December")]
        parts = [self.tr("The whole year"), self.tr("First term (January–June)"),
                 self.tr("Second term (July–December)"), *months]
        for n, text in enumerate(parts):
            self.part.setItemText(n, text)
        self.kind.setAccessibleName(self.tr("Report"))
        self.year.setAccessibleName(self.tr("Year"))
        self.part.setAccessibleName(self.tr("Part of the year"))
        self.school.setAccessibleName(self.tr("School"))
        self.language.setAccessibleName(self.tr("Language"))
        self.preview_button.setText(self.tr("Make the report"))
        self.preview_button.setToolTip(self.tr("Build the PDF from the records on this laptop and show it below"))
        self.xlsx_button.setText(self.tr("Export spreadsheet…"))
        self.hint.setText(self.tr("Figures come from the records on this laptop: sync first for the region's "
                                  "latest. Print or save the PDF with the buttons above it."))

    # ------------------------------------------------------------ choices

    def period_key(self) -> str:
        part = self.part.currentData()
        return f"{self.year.value()}-{part}" if part else f"{self.year.value()}"

    def choice(self) -> tuple[str, str, str | None, str]:
        kind = self.kind.currentData()
        return kind, self.period_key(), self.school.currentData() if kind == "school" else None, \
            self.language.currentData()

    def _kind_changed(self) -> None:
        self.school.setEnabled(self.kind.currentData() == "school")

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        run_op(self, lambda _t: schools.school_rows(ws, today), on_done=self._schools, key="schools")

    def _schools(self, rows: tuple[schools.SchoolRow, ...]) -> None:
        chosen = self.school.currentData()
        self.school.clear()
        for row in rows:
            self.school.addItem(f"{row.code} {row.name}", row.code)
        if chosen is not None and self.school.findData(chosen) >= 0:
            self.school.setCurrentIndex(self.school.findData(chosen))
        self._loaded_schools = True

    # ------------------------------------------------------------ making it

    def _ready(self) -> bool:
        if self.kind.currentData() == "school" and self.school.currentData() is None:
            QMessageBox.information(self, self.tr("Choose a school"),
                                    self.tr("A school's report needs the school: choose one from the list."))
            return False
        return True

    def make_preview(self) -> None:
        if not self._ready():
            return
        ws, today, (kind, period, school, language) = self.workspace, self.today(), self.choice()
        name = f"{kind}-{period}{'-' + school if school else ''}.pdf"
        run_op(self, lambda _t: build(ws, kind, period, school, "pdf", language, today),
               on_done=lambda pdf: self.preview.load_bytes(pdf, name), on_error=self._failed,
               progress_label=self.tr("Making the report…"), key="preview")

    def export_xlsx(self) -> None:
        if not self._ready():
            return
        ws, today, (kind, period, school, language) = self.workspace, self.today(), self.choice()
        name = f"{kind}-{period}{'-' + school if school else ''}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the report as a spreadsheet"), name,
                                                    self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        target = Path(path)

        def write(_task: object) -> Path:
            target.write_bytes(build(ws, kind, period, school, "xlsx", language, today))
            return target

        run_op(self, write, on_done=self._saved, on_error=self._failed,
               progress_label=self.tr("Making the spreadsheet…"), key="xlsx")

    def _saved(self, path: Path) -> None:
        self.hint.setText(self.tr("Saved {path}.").format(path=path))

    def _failed(self, exc: BaseException, _trace: str) -> None:
        QMessageBox.warning(self, self.tr("The report was not made"), error_text(exc))
