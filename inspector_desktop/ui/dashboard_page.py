"""The dashboard: four QtCharts charts of the chain and coverage, and the duty ledger.

Colours come from the palette (and follow it when it changes), so the charts
read in light and dark mode alike; labels use the application font, whose
fallback list carries the shipped CJK face.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLocale, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.domain import Category
from inspector_desktop.domain.schedule import VisitDue
from inspector_desktop.store import dashboard, duties
from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import account
from inspector_desktop.ui import icons
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.i18n import format_date, label
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.random_pick_dialog import RandomPickDialog
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import EmptyState, Page, fit_columns, heading, table_view

_DUE: dict[VisitDue, str] = {
    VisitDue.OK: QT_TRANSLATE_NOOP("DashboardPage", "Not due yet"),
    VisitDue.PLANNED: QT_TRANSLATE_NOOP("DashboardPage", "Booked"),
    VisitDue.DUE_SOON: QT_TRANSLATE_NOOP("DashboardPage", "Due soon"),
    VisitDue.OVERDUE: QT_TRANSLATE_NOOP("DashboardPage", "Overdue"),
}
# The eight inspection items in two to four words: their full names are a line each,
# which would leave a 1024-pixel window's chart no room for its bars (full ones in its tooltip).
_SHORT: dict[Category, str] = {
    Category.ADMINISTRATION: QT_TRANSLATE_NOOP("DashboardPage", "Administration"),
    Category.ENROLMENT_FEES: QT_TRANSLATE_NOOP("DashboardPage", "Enrolment, fees"),
    Category.CURRICULUM_TEACHING: QT_TRANSLATE_NOOP("DashboardPage", "Teaching"),
    Category.STUDENT_WORKLOAD: QT_TRANSLATE_NOOP("DashboardPage", "Workload"),
    Category.TEACHER_ETHICS: QT_TRANSLATE_NOOP("DashboardPage", "Teachers' ethics"),
    Category.SAFETY: QT_TRANSLATE_NOOP("DashboardPage", "Safety"),
    Category.HYGIENE: QT_TRANSLATE_NOOP("DashboardPage", "Hygiene"),
    Category.ETHOS: QT_TRANSLATE_NOOP("DashboardPage", "Ethos"),
    Category.OTHER: QT_TRANSLATE_NOOP("DashboardPage", "Other"),
}
MAX_SCHOOLS_SHOWN = 10  # the chart names the worst ten; the ledger table has the rest


def short_category(category: Category) -> str:
    """An inspection item's name on the chart's axis, e.g. 招生收费 for 招生、收费、择校."""
    return QCoreApplication.translate("DashboardPage", _SHORT[category])


def due_label(state: VisitDue) -> str:
    """A school's routine-visit state in words: Not due yet, Booked, Due soon, Overdue."""
    return QCoreApplication.translate("DashboardPage", _DUE[state])


class DashboardPage(Page):
    shows = frozenset({"visit", "finding", "school", "school_assignment", "inspector", "training_record",
                       "rectification", "reinspection", "escalation"})
    export_requested = Signal()
    open_visit = Signal(str)  # a visit a draw planned, double-clicked in the draw dialog
    open_school = Signal(str)  # a duty-ledger row, double-clicked or Enter: the school's dossier

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date], discretion: Discretion | None = None) -> None:
        super().__init__()
        self.workspace, self.today, self.discretion = workspace, today, discretion
        self.data: dashboard.ChartData | None = None
        self.duty: duties.DutyLedger | None = None
        self.title = heading()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.views = [QChartView() for _ in range(4)]
        lines = self.fontMetrics().lineSpacing()
        for v in self.views:
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            # Nine category names one above the other, the title and the count axis: never squeezed
            # below that; the page scrolls instead.
            v.setMinimumHeight(lines * 17)
        self.status_view, self.overdue_view, self.coverage_view, self.category_view = self.views
        self.grid = QGridLayout()
        self.columns = 0
        self.ledger_box = QGroupBox()
        self.ledger_model = SnapshotTableModel([
            Column(lambda: self.tr("Code"), lambda c: c.code),
            Column(lambda: self.tr("School"), lambda c: c.name),
            Column(lambda: self.tr("Visits this year"), lambda c: str(c.visits_this_year)),
            Column(lambda: self.tr("Months visited"), lambda c: str(len(c.months_visited))),
            Column(lambda: self.tr("Last visit"), lambda c: format_date(c.routine.last_visit_on)),
            Column(lambda: self.tr("Next routine visit"), lambda c: format_date(c.routine.due_on)),
            Column(lambda: self.tr("Cadence"), lambda c: due_label(c.routine.state)),
            Column(lambda: self.tr("Responsible inspector"), lambda c: self.tr(", ").join(c.responsible)),
        ])
        self.ledger_view = table_view(self.ledger_model)
        self.ledger_view.setMinimumHeight(lines * 10)
        self.ledger_view.setMaximumHeight(lines * 18)
        fit_columns(self.ledger_view, stretch=1)  # the school's name takes the width left
        self.ledger_view.activated.connect(self._open_school)  # double-click or Enter
        self.ledger_empty = EmptyState(self.ledger_view)
        box = QVBoxLayout(self.ledger_box)
        box.addWidget(self.summary)
        box.addWidget(self.ledger_view)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self.random_pick)
        self.pick_button.hide()  # a draw is the office's: shown once a lead is known to be signed in
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.pick_button)
        top.addWidget(self.export_button)
        # Charts and ledger scroll together when the window is short (1024×640) rather than squeeze.
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(self.grid)
        body.addWidget(self.ledger_box)
        body.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        self._reflow()
        # The bar sets of the last render, by chart: what tests and screen readers check.
        self.sets: dict[str, list[QBarSet]] = {}
        self.categories: dict[str, list[str]] = {}
        self._draw_icons()
        if discretion is not None:  # the ledger marks a school booked only for plans on show
            discretion.changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Dashboard"))
        self.export_button.setText(self.tr("Export…"))
        self.pick_button.setText(self.tr("Random pick (双随机)…"))
        self.export_button.setToolTip(self.tr("Export visits, findings or rectifications (Ctrl+E)"))
        self.ledger_box.setTitle(self.tr("Duty ledger"))
        self.ledger_view.setAccessibleName(self.tr("Duty ledger"))
        self.ledger_model.retranslate()
        self._render()

    def eventFilter(self, watched, event: QEvent) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._reflow()
        return False

    def _reflow(self) -> None:
        """Two charts a row where two fit with their names whole, one a row otherwise."""
        wide = self.fontMetrics().averageCharWidth() * 48
        columns = 2 if self.scroll.viewport().width() >= 2 * wide else 1
        if columns == self.columns:
            return
        self.columns = columns
        for v in self.views:
            self.grid.removeWidget(v)
        for n, v in enumerate(self.views):
            self.grid.addWidget(v, n // columns, n % columns)

    def _open_school(self, index) -> None:  # type: ignore[no-untyped-def]
        rows = self.ledger_model.rows
        if 0 <= index.row() < len(rows):
            self.open_school.emit(rows[index.row()].school_id)

    def changeEvent(self, event: QEvent) -> None:
        # Dark mode switched on or off: re-colour the charts from the new palette.
        if event.type() == QEvent.Type.PaletteChange:
            self._render()
            self._draw_icons()
        super().changeEvent(event)

    def _draw_icons(self) -> None:
        self.export_button.setIcon(icons.icon("export", self.palette()))
        self.pick_button.setIcon(icons.icon("random_pick", self.palette()))

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        revealed = self.discretion is not None and self.discretion.revealed

        def work(_t):  # type: ignore[no-untyped-def]
            remit = duties.laptop_remit(ws)  # a lead's dashboard covers the region
            ledger = duties.duty_ledger(ws, today, remit, revealed) if remit.inspector_id else None
            return dashboard.chart_data(ws, today, inspector_id=remit), ledger

        run_op(self, work, on_done=self._shown, key="refresh")
        run_op(self, lambda _t: account.roles(ws), on_done=lambda r: self.pick_button.setVisible(r.is_lead), key="roles")

    def _shown(self, result) -> None:  # type: ignore[no-untyped-def]
        self.data, self.duty = result
        self.ledger_model.set_rows(self.duty.schools if self.duty else ())
        # The last column, Responsible inspector: only a lead's ledger spans other inspectors' schools.
        self.ledger_view.setColumnHidden(self.ledger_model.columnCount() - 1, self.duty is None or self.duty.region is None)
        self.ledger_empty.set_loaded()
        self._render()

    # ------------------------------------------------------------ charts

    def _render(self) -> None:
        d = self.data
        if d is None:
            return
        self._bars("status", self.status_view, self.tr("Rectifications by status"),
                   [label(s) for s, _n in d.rectification_status],
                   [(self.tr("Rectifications"), [n for _s, n in d.rectification_status])])
        worst = d.overdue_by_school[:MAX_SCHOOLS_SHOWN]
        self._bars("overdue", self.overdue_view, self.tr("Overdue items by school"),
                   [name for name, _n in reversed(worst)],
                   [(self.tr("Overdue or escalated"), [n for _name, n in reversed(worst)])], horizontal=True)
        self._bars("coverage", self.coverage_view, self.tr("Visit coverage by month"),
                   [_month(m.month) for m in d.coverage_by_month],
                   [(self.tr("Schools visited"), [m.schools_visited for m in d.coverage_by_month]),
                    (self.tr("Visits"), [m.visits for m in d.coverage_by_month])])
        # Reversed so the checklist's first category is on top of a horizontal chart.
        cats = list(reversed(d.findings_by_category))
        self._bars("category", self.category_view, self.tr("Findings by category (12 months)"),
                   [short_category(c) for c, _n in cats], [(self.tr("Findings"), [n for _c, n in cats])], horizontal=True)
        names = "\n".join(self.tr("{short}: {full}").format(short=short_category(c), full=label(c))
                          for c, _n in d.findings_by_category)
        self.category_view.setToolTip(names)
        self.category_view.setAccessibleDescription(names)
        self._render_summary()

    def _bars(self, key: str, view: QChartView, title: str, categories: list[str],
              sets: list[tuple[str, list[int]]], horizontal: bool = False) -> None:
        self.sets[key] = bar_chart(view, self.palette(), self.font(), title, categories, sets, horizontal)
        self.categories[key] = categories

    def _render_summary(self) -> None:
        duty = self.duty
        if duty is None:
            self.summary.setText("")  # the empty ledger says it, and where to go
            self.ledger_empty.say(self.tr("No inspector profile yet: set one up on Today to see the schools in your care."))
            return
        self.ledger_empty.say(self.tr("No schools in this region yet.") if duty.region is not None
                              else self.tr("No schools are assigned to you yet."))
        if duty.region is not None:
            self.summary.setText(self.tr("{region}: {n} schools, {on} on the routine cadence; {late} routine visits overdue.").format(
                region=duty.region or self.tr("The whole province"), n=len(duty.schools), on=duty.schools_on_cadence,
                late=len(duty.schools) - duty.schools_on_cadence))
            return
        lines = [self.tr("{name}: {n} responsible schools, {on} on the routine cadence; load {percent}% of the 1:5 ratio; "
                         "training {hours} of {target} h.").format(
            name=duty.inspector_name, n=len(duty.schools), on=duty.schools_on_cadence, percent=duty.load.percent,
            hours=f"{duty.training.hours:g}", target=30)]
        if duty.alerts:
            lines.append(self.tr("Alerts: {n} — see Today.").format(n=len(duty.alerts)))
        self.summary.setText(" ".join(lines))

    def random_pick(self) -> None:
        # Kept on the page so the latest draw stays reachable (tests read it too).
        self.pick_dialog = RandomPickDialog(self, self.workspace, self.today())
        self.pick_dialog.open_visit.connect(self.open_visit)
        self.pick_dialog.open()


def bar_chart(view: QChartView, pal: QPalette, font: QFont, title: str, categories: list[str],
              sets: list[tuple[str, list[int]]], horizontal: bool = False) -> list[QBarSet]:
    """Bars of counts drawn into ``view`` in the page's palette and font; returns the bar sets drawn.

    The page's palette, not the view's: when the theme changes, the page hears it
    before its children have taken the new colours."""
    text = pal.color(QPalette.ColorRole.WindowText)
    highlight = pal.color(QPalette.ColorRole.Highlight)
    colours = [highlight, _mix(highlight, text), _mix(highlight, pal.color(QPalette.ColorRole.Base))]
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    made = []
    for n, (name, values) in enumerate(sets):
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in values])
        bar_set.setColor(colours[n % len(colours)])
        bar_set.setBorderColor(colours[n % len(colours)])
        bar_set.setLabelColor(text)
        series.append(bar_set)
        made.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundBrush(pal.color(QPalette.ColorRole.Base))
    chart.setTitleBrush(text)
    chart.setTitleFont(font)
    chart.legend().setVisible(len(sets) > 1)
    chart.legend().setLabelColor(text)
    chart.legend().setFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    names = QBarCategoryAxis()
    names.append(categories)
    top = max([v for _n, vs in sets for v in vs], default=0)
    counts = QValueAxis()
    # Head-room above the tallest bar for its label; ticks a whole 1, 2 or 5 × 10ⁿ apart, so
    # no two read alike (an empty chart's 0–1 would otherwise be labelled 0, 0, 1, 1).
    step = count_step(max(top, 1) * 1.15)
    counts.setRange(0, step * math.ceil(max(top, 1) * 1.15 / step))
    counts.setTickType(QValueAxis.TickType.TicksDynamic)
    counts.setTickAnchor(0)
    counts.setTickInterval(step)
    counts.setLabelFormat("%d")
    # School and category names are the point of the chart: never elide them, nor the counts.
    names.setTruncateLabels(False)
    counts.setTruncateLabels(False)
    grid = pal.color(QPalette.ColorRole.Mid)
    for axis in (names, counts):
        axis.setLabelsBrush(text)
        axis.setLabelsFont(font)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(counts)
    old = view.chart()
    view.setChart(chart)
    view.setBackgroundBrush(pal.color(QPalette.ColorRole.Window))
    view.setAccessibleName(title)
    if old is not None:
        old.deleteLater()
    return made


def count_step(highest: float, ticks: int = 5) -> int:
    """The whole step between count ticks: 1, 2 or 5 × 10ⁿ, about ``ticks`` of them up to ``highest``."""
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            if m * magnitude * ticks >= highest:
                return m * magnitude
        magnitude *= 10


def _month(key: str) -> str:
    """"2026-11" as the language's short month name: the chart spans twelve months, so no two collide."""
    month = int(key.split("-")[1])
    return QLocale().standaloneMonthName(month, QLocale.FormatType.ShortFormat)


def _mix(a: QColor, b: QColor) -> QColor:
    """Halfway between two palette colours: a second series colour that suits the theme."""
    return QColor((a.red() + b.red()) // 2, (a.green() + b.green()) // 2, (a.blue() + b.blue()) // 2)
