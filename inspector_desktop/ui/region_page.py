"""The region overview (督导室): the lead's view across every inspector and school of the region.

Two charts (the chain and this month's visits, by inspector) above two tabs:
By inspector, where choosing an inspector shows their schools and duty ledger
below, and By school. Double-click or Enter on a school opens its dossier on
the Schools page. The figures come whole from store/region.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store import region
from inspector_desktop.store.db import Workspace
from inspector_desktop.ui.dashboard_page import bar_chart, due_label
from inspector_desktop.ui.i18n import format_date
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.whole_words import WholePhrases
from inspector_desktop.ui.widgets import EmptyState, Page, fit_columns, heading, table_view


class RegionPage(Page):
    shows = frozenset({"visit", "finding", "school", "school_assignment", "inspector", "training_record",
                       "feedback_form", "school_response", "rectification", "reinspection", "escalation"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.overview: region.RegionOverview | None = None
        self.chosen: str | None = None  # the inspector whose schools are shown below
        self.watching = False  # following the window's discreet mode (the window is known once shown)
        self.title = heading()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.chain_view, self.visits_view = QChartView(), QChartView()
        for v in (self.chain_view, self.visits_view):
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            v.setMinimumHeight(190)  # upright bars need the height for their counts and axis
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chain_view)
        row.addWidget(self.visits_view)
        self.sets: dict[str, list] = {}  # the bar sets of the last render, by chart: what tests check

        self.inspector_model = SnapshotTableModel(self._inspector_columns())
        self.inspector_view = table_view(self.inspector_model)
        self.school_model = SnapshotTableModel(self._school_columns())
        self.school_view = table_view(self.school_model)
        self.theirs_model = SnapshotTableModel(self._school_columns())
        self.theirs_view = table_view(self.theirs_model)
        for view in (self.inspector_view, self.school_view, self.theirs_view):
            view.setItemDelegate(WholePhrases(view))  # a cell wraps before its date, never inside it
            fit_columns(view, stretch=1)
        self.inspector_view.activated.connect(lambda index: self._choose(index, focus=True))
        self.inspector_view.selectionModel().currentRowChanged.connect(lambda index, _old: self._choose(index))
        # Double-click or Enter on a school opens its dossier.
        self.school_view.activated.connect(lambda index: self._open_school(self.school_model, index))
        self.theirs_view.activated.connect(lambda index: self._open_school(self.theirs_model, index))
        self.empty_schools = EmptyState(self.school_view)
        self.empty_inspectors = EmptyState(self.inspector_view)

        self.detail = QGroupBox()
        self.ledger = QLabel()
        self.ledger.setWordWrap(True)
        box = QVBoxLayout(self.detail)
        box.addWidget(self.ledger)
        box.addWidget(self.theirs_view, 1)
        by_inspector = QSplitter(Qt.Orientation.Vertical)
        by_inspector.addWidget(self.inspector_view)
        by_inspector.addWidget(self.detail)
        by_inspector.setStretchFactor(0, 1)  # a region has a handful of inspectors, each several schools
        by_inspector.setStretchFactor(1, 2)
        self.tabs = QTabWidget()
        self.tabs.addTab(by_inspector, "")
        self.tabs.addTab(self.school_view, "")
        body = QSplitter(Qt.Orientation.Vertical)  # the inspector may give the tables the charts' room
        body.addWidget(charts)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(body, 1)
        self.retranslate()

    # ------------------------------------------------------------ columns

    def _figure_columns(self) -> list[Column]:
        def visits(f: region.Figures) -> str:
            return (self.tr("{done} (+{planned} planned)").format(done=f.visits_done, planned=f.visits_planned)
                    if f.visits_planned else str(f.visits_done))

        return [
            Column(lambda: self.tr("Visits (month)"), lambda r: visits(r.figures)),
            Column(lambda: self.tr("Open"), lambda r: str(r.figures.open_rectifications)),
            Column(lambda: self.tr("Overdue"), lambda r: str(r.figures.overdue_rectifications)),
            Column(lambda: self.tr("Escalated"), lambda r: str(r.figures.escalated_rectifications)),
            # Headers kept short, so the names keep their room at 1024 pixels; the summary says them in full.
            Column(lambda: self.tr("Objections"), lambda r: str(r.figures.objections_awaiting)),
            Column(lambda: self.tr("Repeated"), lambda r: str(r.figures.repeated_findings)),
        ]

    def _inspector_columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Code"), lambda p: p.code),
            Column(lambda: self.tr("Inspector"), lambda p: p.name),
            Column(lambda: self.tr("On cadence"), lambda p: self.tr("{n} of {total}").format(
                n=p.schools_on_cadence, total=len(p.school_ids))),
            *self._figure_columns(),
            Column(lambda: self.tr("Load (1:5)"), lambda p: f"{p.load.percent}%"),
            Column(lambda: self.tr("Training"), lambda p: self.tr("{hours} of {target} h").format(
                hours=f"{p.training.hours:g}", target=TRAINING_HOURS_PER_YEAR)),
        ]

    def _school_columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Code"), lambda f: f.code),
            Column(lambda: self.tr("School"), lambda f: f.name),
            Column(lambda: self.tr("Inspector"),
                   lambda f: self.tr(", ").join(f.responsible_names) or self.tr("None")),
            Column(lambda: self.tr("Routine visit"), lambda f: self.tr("{state}, {day}").format(
                state=due_label(f.routine.state), day=format_date(f.routine.due_on))),
            *self._figure_columns(),
        ]

    # ------------------------------------------------------------ words

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("By inspector"))
        self.tabs.setTabText(1, self.tr("By school"))
        self.inspector_view.setAccessibleName(self.tr("Inspectors of the region"))
        self.school_view.setAccessibleName(self.tr("Schools of the region"))
        tip = self.tr("Double-click or Enter opens the school's dossier")
        self.school_view.setToolTip(tip)
        self.theirs_view.setToolTip(tip)
        self.inspector_view.setToolTip(self.tr("Choose an inspector to see their schools and duty ledger below"))
        self.empty_schools.say(self.tr("No school of your region is on this laptop yet. Sync to bring the region's records."))
        self.empty_inspectors.say(self.tr("No inspector of your region is on this laptop yet. Sync to bring them."))
        for model in (self.inspector_model, self.school_model, self.theirs_model):
            model.retranslate()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._render_charts()  # dark mode on or off: the charts take the new colours
        super().changeEvent(event)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        discretion = getattr(self.window(), "discretion", None)
        revealed = discretion is not None and discretion.revealed
        if discretion is not None and not self.watching:  # hidden plans count once revealed, at once
            discretion.changed.connect(self.refresh)
            self.watching = True

        def done(overview: region.RegionOverview) -> None:
            self.overview = overview
            self.inspector_model.set_rows(overview.inspectors)
            self.school_model.set_rows(overview.schools)
            for empty in (self.empty_schools, self.empty_inspectors):
                empty.set_loaded()
            if self.chosen not in {p.inspector_id for p in overview.inspectors}:
                self.chosen = overview.inspectors[0].inspector_id if overview.inspectors else None
            self._select_chosen()
            self._render()

        run_op(self, lambda _t: region.region_overview(ws, today, revealed), on_done=done, key="refresh")

    def _render(self) -> None:
        o = self.overview
        self.title.setText(self.tr("Region overview") + (f" — {o.region or self.tr('The whole province')}" if o else ""))
        if o is None:
            return
        t = o.totals
        self.summary.setText(self.tr(
            "{month}: {schools} schools and {inspectors} inspectors; {done} visits completed this month, {planned} planned; "
            "{late} schools past their routine visit; rectifications {open} open, {overdue} overdue, {escalated} escalated; "
            "{objections} objections awaiting a reply; {repeated} findings repeated year after year; "
            "{unassigned} schools with no responsible inspector.").format(
            month=self.tr("{year}-{month:02}").format(year=o.as_of.year, month=o.as_of.month),
            schools=len(o.schools), inspectors=len(o.inspectors), done=t.visits_done,
            planned=t.visits_planned, late=sum(f.routine.state is VisitDue.OVERDUE for f in o.schools),
            open=t.open_rectifications, overdue=t.overdue_rectifications, escalated=t.escalated_rectifications,
            objections=t.objections_awaiting, repeated=t.repeated_findings, unassigned=len(o.unassigned)))
        self._render_charts()
        self._render_detail()

    def _render_charts(self) -> None:
        o = self.overview
        if o is None:
            return
        # Upright bars, inspectors along the bottom: the charts are wide and short, and a
        # region's ten or so names fit side by side where ten rows of three bars would not.
        people = list(o.inspectors)
        names = [p.name for p in people]
        pal, font = self.palette(), self.font()
        self.sets["chain"] = bar_chart(self.chain_view, pal, font, self.tr("Rectifications by inspector"), names, [
            (self.tr("Open"), [p.figures.open_rectifications for p in people]),
            (self.tr("Overdue"), [p.figures.overdue_rectifications for p in people]),
            (self.tr("Escalated"), [p.figures.escalated_rectifications for p in people]),
        ])
        self.sets["visits"] = bar_chart(self.visits_view, pal, font, self.tr("This month's visits by inspector"), names, [
            (self.tr("Completed"), [p.figures.visits_done for p in people]),
            (self.tr("Planned"), [p.figures.visits_planned for p in people]),
            (self.tr("Schools past their routine visit"), [len(p.school_ids) - p.schools_on_cadence for p in people]),
        ])

    # ------------------------------------------------------------ drilling down

    def _choose(self, index: QModelIndex, focus: bool = False) -> None:
        person = self.inspector_model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        if person is None:
            return
        self.chosen = person.inspector_id
        self._render_detail()
        if focus:
            self.theirs_view.setFocus()

    def _select_chosen(self) -> None:
        rows = self.inspector_model.rows
        at = next((n for n, p in enumerate(rows) if p.inspector_id == self.chosen), None)
        if at is not None:
            self.inspector_view.selectRow(at)

    def chosen_inspector(self) -> region.InspectorFigures | None:
        o = self.overview
        return next((p for p in o.inspectors if p.inspector_id == self.chosen), None) if o else None

    def _render_detail(self) -> None:
        person, o = self.chosen_inspector(), self.overview
        if person is None or o is None:
            self.detail.setTitle(self.tr("An inspector's schools"))
            self.ledger.setText(self.tr("Choose an inspector above."))
            self.theirs_model.set_rows(())
            return
        theirs = [f for f in o.schools if f.school_id in person.school_ids]
        self.theirs_model.set_rows(theirs)
        self.detail.setTitle(self.tr("{name}'s schools").format(name=person.name))
        lines = [self.tr("{n} responsible schools, {here} of them in the region and {on} of those on the routine cadence; "
                         "load {percent}% of the 1:5 ratio (a large school takes one inspector to itself).").format(
            n=person.load.schools, here=len(person.school_ids), on=person.schools_on_cadence, percent=person.load.percent)]
        lines.append(self.tr("Training: {hours} h of {target} (expected by today: {expected} h).").format(
            hours=f"{person.training.hours:g}", target=TRAINING_HOURS_PER_YEAR,
            expected=f"{person.training_expected_hours:g}"))
        if person.load.over_ratio:
            lines.append(self.tr("⚠ More schools than the 1:5 ratio allows."))
        if not person.training.complete and person.training.hours < person.training_expected_hours:
            lines.append(self.tr("⚠ Training hours behind."))
        self.ledger.setText(" ".join(lines))

    def _open_school(self, model: SnapshotTableModel, index: QModelIndex) -> None:
        school = model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None
        opener = getattr(self.window(), "open_school", None)
        if school is not None and opener is not None:
            opener(school.school_id)

    def view_of(self, school_id: str) -> tuple[QTableView, int]:
        """The By school table and the row showing ``school_id``: where a hand would double-click."""
        return self.school_view, next(n for n, f in enumerate(self.school_model.rows) if f.school_id == school_id)

