"""The training log and the yearly hours it must reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.store import edits, training
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.training import TrainingSummary
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import date_format, format_date
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import EmptyState, Page, fit_columns, heading, table_view


class TrainingPage(Page):
    shows = frozenset({"training_record", "inspector"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.title = heading()
        self.progress = QProgressBar()
        self.progress.setRange(0, TRAINING_HOURS_PER_YEAR * 60)
        self.progress_text = QLabel()
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Date"), lambda r: format_date(r.attended_on)),
            Column(lambda: self.tr("Hours"), lambda r: f"{r.minutes / 60:g}"),
            Column(lambda: self.tr("Training"), lambda r: r.title),
            Column(lambda: self.tr("Provider"), lambda r: r.provider),
        ])
        self.view = table_view(self.model)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        t = today()
        self.day.setDate(QDate(t.year, t.month, t.day))
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(3)
        self.course, self.provider = QLineEdit(), QLineEdit()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.entry = QGroupBox()
        self.form = QFormLayout(self.entry)
        self.labels = [QLabel() for _ in range(4)]
        for lab, w in zip(self.labels, (self.day, self.hours, self.course, self.provider)):
            self.form.addRow(lab, w)
        self.form.addRow("", self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        body = QHBoxLayout()
        body.addWidget(self.view, 2)
        side = QVBoxLayout()
        side.addWidget(self.entry)
        side.addStretch(1)
        body.addLayout(side, 1)
        layout.addLayout(body, 1)
        self.summary: TrainingSummary | None = None
        fit_columns(self.view, stretch=2)  # the course's title wraps rather than ending in "…"
        self.empty = EmptyState(self.view, self.course.setFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Training log"))
        self.day.setLocale(QLocale())
        # A date edit keeps the format it was built with; give it the new language's.
        self.day.setDisplayFormat(date_format())
        self.entry.setTitle(self.tr("Record training"))
        for lab, text in zip(self.labels, (self.tr("Date"), self.tr("Hours"), self.tr("Training"), self.tr("Provider"))):
            lab.setText(text)
        for lab, w in zip(self.labels, (self.day, self.hours, self.course, self.provider)):
            w.setAccessibleName(lab.text())
        self.add_button.setText(self.tr("Add to the log"))
        self.progress.setAccessibleName(self.tr("Training hours this year"))
        self.view.setAccessibleName(self.tr("Training log"))
        self.model.retranslate()
        self.empty.say(self.tr("No training recorded this year: fill in Record training (date, hours, course, "
                               "provider) and choose Add to the log."), self.tr("Record training"))
        self._render()

    def refresh(self) -> None:
        ws, year = self.workspace, self.today().year
        run_op(self, lambda _t: training.training_summary(ws, year), on_done=self._shown, key="refresh")

    def _shown(self, summary: TrainingSummary) -> None:
        self.summary = summary
        self.model.set_rows(summary.records)
        self.empty.set_loaded()
        self._render()

    def _render(self) -> None:
        s = self.summary
        if s is None:
            return
        p = s.progress
        self.progress.setValue(min(p.minutes, TRAINING_HOURS_PER_YEAR * 60))
        self.progress.setFormat(self.tr("{hours} / {target} training hours").format(
            hours=f"{p.hours:g}", target=TRAINING_HOURS_PER_YEAR))
        if p.complete:
            text = self.tr("{year}: {hours} hours — the {target}-hour yearly requirement is met.")
        else:
            text = self.tr("{year}: {hours} hours — {short} more hours needed to reach {target}.")
        self.progress_text.setText(text.format(year=s.year, hours=f"{p.hours:g}", short=f"{p.shortfall_hours:g}", target=TRAINING_HOURS_PER_YEAR))

    def add(self) -> None:
        ws = self.workspace
        day, minutes = self.day.date().toPython(), round(self.hours.value() * 60)
        title, provider = self.course.text(), self.provider.text()

        def done(_r: object) -> None:
            self.course.clear()
            self.provider.clear()
            self.refresh()

        run_op(self, lambda _t: edits.add_training(ws, day, minutes, title, provider), on_done=done,
               changes=Changes.of("training_record"),
               on_error=lambda exc, _tb: QMessageBox.warning(self, self.tr("Not recorded"), error_text(exc)))
