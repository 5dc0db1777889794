"""People and schools (督导室): the region's inspectors with their responsible schools and
their 1:5 load, the region's schools with who is responsible, and the office's
planning (planning_tab.py).

Everything here is the office server's (sync/office.py asks it; it checks the
lead's role and region): the page reads the server, not this laptop, so what it
shows is what the office holds now; the records reach laptops, this one
included, at their next sync. The load is counted by the one rule
(domain/duties.py), before a change to preview it and after, as the server answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
)

from inspector_desktop.domain.duties import SCHOOLS_PER_INSPECTOR, Load, inspector_load
from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import office
from inspector_desktop.sync.office_protocol import InspectorRow, People, SchoolRow
from inspector_desktop.ui import icons
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.people_dialogs import DraggedSchools, DropOnInspector, NewInspectorDialog, ProblemList, office_error_text
from inspector_desktop.ui.planning_tab import PlanningTab
from inspector_desktop.ui.rating_buttons import poor_colour
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import Page, fit_columns, heading, table_view

# What the office's changes become on laptops after a sync (this page reads the server itself).
OFFICE_CHANGES = Changes.of("inspector", "school", "school_assignment")


def load_text(shares: int) -> str:
    """"6/5": fifths of one inspector against the 1:5 guideline (a large school is 5/5)."""
    return f"{shares}/{SCHOOLS_PER_INSPECTOR}"


class LoadModel(SnapshotTableModel):
    """A snapshot table whose load column turns red, with a warning icon, above 1:5."""

    def __init__(self, columns: list[Column], load_column: int, over: Callable[[Any], bool]) -> None:
        super().__init__(columns)
        self.load_column, self.over = load_column, over

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if index.isValid() and index.column() == self.load_column and 0 <= index.row() < len(self.rows) \
                and self.over(self.rows[index.row()]):
            from PySide6.QtWidgets import QApplication

            if role == Qt.ItemDataRole.ForegroundRole:
                return poor_colour(QApplication.palette())
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon("poor")
        return super().data(index, role)


class PeoplePage(Page):
    shows = frozenset({"inspector", "school", "school_assignment"})

    def __init__(self, workspace: Workspace, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self.workspace, self.today = workspace, today
        self.people: People | None = None
        self.said: Callable[[], str] = lambda: ""
        self.people_said: Callable[[], str] | None = None  # news of the lead's last change, kept over the reload
        self.title = heading()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.inspectors = LoadModel([
            Column(lambda: self.tr("Name"), lambda r: r.name),
            Column(lambda: self.tr("Code"), lambda r: r.code),
            Column(lambda: self.tr("Schools"), lambda r: str(r.load.schools)),
            Column(lambda: self.tr("Load (1:5)"), lambda r: self._load_words(r.load.shares, r.load.over)),
            Column(lambda: self.tr("Account"), lambda r: self.tr("Disabled") if r.disabled else self.tr("Active")),
        ], 3, lambda r: r.load.over)
        self.inspector_view = table_view(self.inspectors)
        self.inspector_view.setSelectionMode(self.inspector_view.SelectionMode.SingleSelection)
        self.inspector_view.setAccessibleName("inspectors")
        self.schools = DraggedSchools([
            Column(lambda: self.tr("Code"), lambda r: r.code),
            Column(lambda: self.tr("School"), lambda r: r.name),
            Column(lambda: self.tr("District"), lambda r: r.district),
            Column(lambda: self.tr("Large"), lambda r: self.tr("Large") if r.is_large else ""),
            Column(lambda: self.tr("Responsible inspector"), lambda r: self._responsible(r)),
        ])
        self.school_view = table_view(self.schools)
        self.school_view.setSelectionMode(self.school_view.SelectionMode.ExtendedSelection)
        self.school_view.setAccessibleName("schools")
        self.school_view.setDragEnabled(True)  # or drag the selected schools onto an inspector
        self.school_view.setDragDropMode(self.school_view.DragDropMode.DragOnly)
        self.drop = DropOnInspector(self.inspector_view, self._dropped_on)
        # Fitted once, from the start: the columns follow their rows from then on, and read
        # whole even while the office's server cannot be asked and the tables stay empty.
        fit_columns(self.inspector_view)
        fit_columns(self.school_view, 1)
        self.new_button, self.disable_button = QPushButton(), QPushButton()
        self.assign_button, self.end_button, self.import_button = QPushButton(), QPushButton(), QPushButton()
        self.preview = QLabel()  # the load the change would make, before it is confirmed
        self.preview.setWordWrap(True)
        self.import_progress = QProgressBar()
        self.import_progress.hide()
        self.problems = ProblemList()
        self.problems.hide()

        self.inspector_box, self.school_box = QGroupBox(), QGroupBox()
        left = QVBoxLayout(self.inspector_box)
        left.addWidget(self.inspector_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.disable_button)
        row.addStretch(1)
        left.addLayout(row)
        right = QVBoxLayout(self.school_box)
        right.addWidget(self.school_view, 1)
        right.addWidget(self.preview)
        row = QHBoxLayout()
        for b in (self.assign_button, self.end_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.import_button)
        right.addLayout(row)
        right.addWidget(self.import_progress)
        right.addWidget(self.problems)
        split = QSplitter()
        split.addWidget(self.inspector_box)
        split.addWidget(self.school_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([2 * self.fontMetrics().averageCharWidth() * 30, 3 * self.fontMetrics().averageCharWidth() * 30])
        self.planning = PlanningTab(workspace, today)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(self.planning, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

        self.new_button.clicked.connect(self.new_inspector)
        self.disable_button.clicked.connect(self.toggle_disabled)
        self.assign_button.clicked.connect(self.assign)
        self.end_button.clicked.connect(self.end_assignments)
        self.import_button.clicked.connect(self.import_schools)
        self.inspector_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.school_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.inspector_view.doubleClicked.connect(self._show_inspectors_schools)
        self.school_view.doubleClicked.connect(self._open_school)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        self.title.setText(self.tr("People and schools"))
        self.tabs.setTabText(0, self.tr("Inspectors and schools"))
        self.tabs.setTabText(1, self.tr("Planning"))
        self.inspector_box.setTitle(self.tr("Inspectors"))
        self.school_box.setTitle(self.tr("Schools"))
        self.new_button.setText(self.tr("New inspector…"))
        self.assign_button.setText(self.tr("Assign to inspector"))
        self.end_button.setText(self.tr("End assignment"))
        self.import_button.setText(self.tr("Import schools…"))
        self.inspector_view.setToolTip(self.tr("Double-click an inspector to select their schools."))
        self.school_view.setToolTip(self.tr("Select schools and an inspector to assign them, or drag the schools onto the "
                                            "inspector; double-click a school to open its dossier."))
        self.inspectors.retranslate()
        self.schools.retranslate()
        self.problems.retranslate()
        self.status.setText(self.said())
        self._selection_changed()

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()
        run_op(self, lambda _t: office.people(ws, today), on_done=self._show, on_error=self._unreachable, key="people")
        self.planning.refresh()

    def _show(self, people: People) -> None:
        chosen = self.inspector()
        self.people = people
        self.inspectors.set_rows(people.inspectors)
        self.schools.set_rows(people.schools)
        if chosen is not None:
            self.select_inspector(chosen.id)
        if self.people_said is None:
            self.say(lambda: self.tr("Region: {region}. Changes reach the inspectors' laptops at their next sync.").format(
                region=people.region or self.tr("the whole province")))
        self._selection_changed()

    def _unreachable(self, exc: BaseException, _tb: str) -> None:
        self.say(lambda: self.tr("The office's server cannot be asked just now: {reason}").format(reason=error_text(exc)))

    def _responsible(self, school: SchoolRow) -> str:
        names = {i.id: i.name for i in (self.people.inspectors if self.people else [])}
        return "、".join(names.get(i, "?") for i in school.inspector_ids)

    def _load_words(self, shares: int, over: bool) -> str:
        text = load_text(shares)
        return self.tr("{load} — over 1:5").format(load=text) if over else text

    # ------------------------------------------------------------ selection and preview

    def inspector(self) -> InspectorRow | None:
        rows = self.inspector_view.selectionModel().selectedRows()
        return self.inspectors.rows[rows[0].row()] if rows else None

    def chosen_schools(self) -> list[SchoolRow]:
        return [self.schools.rows[i.row()] for i in sorted(self.school_view.selectionModel().selectedRows(), key=lambda i: i.row())]

    def select_inspector(self, inspector_id: str) -> None:
        for n, row in enumerate(self.inspectors.rows):
            if row.id == inspector_id:
                self.inspector_view.selectRow(n)

    def _after(self, inspector: InspectorRow, adding: list[SchoolRow], ending: list[SchoolRow]) -> Load:
        """The load the change would leave, by the same rule the server counts with."""
        held = set(inspector.school_ids) | {s.id for s in adding}
        held -= {s.id for s in ending}
        large = {s.id: s.is_large for s in self.schools.rows}
        return inspector_load(large.get(sid, False) for sid in held)

    def preview_text(self, inspector: InspectorRow, load: Load) -> str:
        words = self.tr("{name} would hold %n school(s): {load}.", "", load.schools).format(
            name=inspector.name, load=load_text(load.shares))
        if load.over_ratio:
            words += " " + self.tr("That is over the 1:5 guideline.")
        return words

    def _selection_changed(self, *_args: object) -> None:
        inspector, schools = self.inspector(), self.chosen_schools()
        new = [s for s in schools if inspector is not None and inspector.id not in s.inspector_ids]
        held = [s for s in schools if inspector is not None and inspector.id in s.inspector_ids]
        self.assign_button.setEnabled(bool(new))
        self.end_button.setEnabled(bool(held))
        self.disable_button.setEnabled(inspector is not None)
        self.disable_button.setText(self.tr("Enable") if inspector is not None and inspector.disabled else self.tr("Disable"))
        if inspector is None or not schools:
            self.preview.setText(self.tr("Select an inspector and schools to assign or end an assignment."))
            self.preview.setStyleSheet("")
            return
        load = self._after(inspector, new, held if not new else [])
        self.preview.setText(self.preview_text(inspector, load))
        self.preview.setStyleSheet(f"color: {poor_colour(self.palette()).name()}" if load.over_ratio else "")

    def _show_inspectors_schools(self, index: QModelIndex) -> None:
        inspector = self.inspectors.rows[index.row()]
        selection = self.school_view.selectionModel()
        selection.clearSelection()
        for n, school in enumerate(self.schools.rows):
            if inspector.id in school.inspector_ids:
                self.school_view.selectRow(n) if not selection.hasSelection() else selection.select(
                    self.schools.index(n, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def _dropped_on(self, row: int) -> None:
        self.inspector_view.selectRow(row)
        self.assign()

    def _open_school(self, index: QModelIndex) -> None:
        opener = getattr(self.window(), "open_school", None)
        if opener is not None:  # the dossier of a school this laptop has synced
            opener(self.schools.rows[index.row()].id)

    # ------------------------------------------------------------ changes

    def say(self, words: Callable[[], str]) -> None:
        """The page's last news, worded again when the language changes."""
        self.said = words
        self.status.setText(words())

    def _changed(self, row: InspectorRow, words: Callable[[], str]) -> None:
        self.say(words)
        self.people_said = words
        self.refresh()

    def _refused(self, title: str) -> Callable[[BaseException, str], None]:
        return lambda exc, _tb: QMessageBox.warning(self, title, office_error_text(exc))

    def new_inspector(self) -> None:
        dialog = NewInspectorDialog(self, self.workspace)
        if dialog.exec() and dialog.made is not None:
            name = dialog.made.name
            self._changed(dialog.made, lambda: self.tr(
                "{name} has an account; tell them their user name and password in person.").format(name=name))

    def toggle_disabled(self) -> None:
        inspector = self.inspector()
        if inspector is None:
            return
        ws, disable = self.workspace, not inspector.disabled
        if disable and QMessageBox.question(self, self.tr("Disable account"), self.tr(
                "Disable {name}'s account? They are signed out at once and cannot sign in until enabled again.").format(
                name=inspector.name)) != QMessageBox.StandardButton.Yes:
            return
        run_op(self, lambda _t: office.set_disabled(ws, inspector.id, disable),
               on_done=lambda row: self._changed(row, lambda: (self.tr("{name}'s account is disabled.") if row.disabled else
                                                               self.tr("{name}'s account is enabled.")).format(name=row.name)),
               on_error=self._refused(self.tr("Cannot change the account")))

    def assign(self) -> None:
        inspector = self.inspector()
        new = [s for s in self.chosen_schools() if inspector is not None and inspector.id not in s.inspector_ids]
        if inspector is None or not new:
            return
        self._confirm_and_send(self.tr("Assign schools"), inspector, new, self._after(inspector, new, []), office.assign,
                               self.tr("Make {name} responsible for {schools}?"))

    def end_assignments(self) -> None:
        inspector = self.inspector()
        held = [s for s in self.chosen_schools() if inspector is not None and inspector.id in s.inspector_ids]
        if inspector is None or not held:
            return
        self._confirm_and_send(self.tr("End assignments"), inspector, held, self._after(inspector, [], held), office.unassign,
                               self.tr("End {name}'s responsibility for {schools} from today?"))

    def _confirm_and_send(self, title: str, inspector: InspectorRow, schools: list[SchoolRow], load: Load,
                          send: Callable[..., InspectorRow], question: str) -> None:
        names = "、".join(s.name for s in schools)
        text = question.format(name=inspector.name, schools=names) + "\n\n" + self.preview_text(inspector, load)
        if QMessageBox.question(self, title, text) != QMessageBox.StandardButton.Yes:
            return
        ws, ids, on = self.workspace, [s.id for s in schools], self.today()
        run_op(self, lambda _t: send(ws, inspector.id, ids, on), on_error=self._refused(title),
               on_done=lambda row: self._changed(row, lambda: self.tr("{name} now holds %n school(s): {load}.", "",
                                                                      row.load.schools)
                                                 .format(name=row.name, load=load_text(row.load.shares))))

    def import_schools(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, self.tr("Import schools"), "",
                                                      self.tr("Spreadsheets (*.xlsx *.csv)"))
        if not chosen:
            return
        ws, path = self.workspace, Path(chosen)
        self.problems.hide()
        self.import_progress.setRange(0, 100)
        self.import_progress.setValue(0)
        self.import_progress.show()
        self.import_button.setEnabled(False)
        run_op(self, lambda task: office.import_schools(ws, path, lambda done, total: task.progress(done, total)),
               on_progress=self._import_progress, on_done=self._imported, on_error=self._import_refused)

    def _import_progress(self, done: int, total: int, _text: str) -> None:
        self.import_progress.setValue(round(100 * done / max(total, 1)))

    def _imported(self, count: int) -> None:
        self.import_progress.setValue(100)
        self.import_progress.hide()
        self.import_button.setEnabled(True)
        self.people_said = lambda: self.tr("Imported %n school(s).", "", count)
        self.say(self.people_said)
        self.refresh()

    def _import_refused(self, exc: BaseException, _tb: str) -> None:
        self.import_progress.hide()
        self.import_button.setEnabled(True)
        if isinstance(exc, office.ImportRefused):
            self.problems.show_problems(exc.problems)
            self.problems.show()
        self.say(lambda: office_error_text(exc))
