"""Start-up and the main window: navigation on the left, one page at a time on the right.

The window owns the change bus (changes.py): after any write or sync, the page
on screen re-reads what it shows if the change concerns it; a page out of sight
is marked stale and re-reads when it is shown again.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop import __version__
from inspector_desktop.paths import DataDir, resources_dir
from inspector_desktop.store import StoreError, Workspace, edits
from inspector_desktop.sync import account
from inspector_desktop.ui import i18n, unlock
from inspector_desktop.ui.changes import ChangeBus, Changes
from inspector_desktop.ui.dashboard_page import DashboardPage
from inspector_desktop.ui import icons
from inspector_desktop.ui.discreet import DiscreetBanner, Discretion
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.export_dialog import ExportDialog
from inspector_desktop.ui.forms_page import FormsPage
from inspector_desktop.ui.office import office_pages
from inspector_desktop.ui.ops import run_op, wait_all
from inspector_desktop.ui.rectifications_page import RectificationsPage
from inspector_desktop.ui.schools_page import SchoolsPage
from inspector_desktop.ui.settings_page import SettingsPage
from inspector_desktop.ui.sync_page import SyncPage
from inspector_desktop.ui.today_page import TodayPage
from inspector_desktop.ui.training_page import TrainingPage
from inspector_desktop.ui.visits_page import VisitsPage

ORGANISATION, APPLICATION = "inspector-desktop", "Inspector Desktop"


class MainWindow(QMainWindow):
    """The workspace window. ``today`` is injectable so tests see a fixed calendar."""

    def __init__(
        self,
        workspace: Workspace,
        today: Callable[[], dt.date] | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today or dt.date.today
        self.settings = settings or QSettings()
        self.discretion = Discretion(self.settings, self)
        self.change_bus = ChangeBus(self)  # found by run_op through the widgets' parents
        self.stale: set[QWidget] = set()

        self.today_page = TodayPage(workspace, self.today, self.discretion)
        self.visits_page = VisitsPage(workspace, self.today, self.discretion)
        self.schools_page = SchoolsPage(workspace, self.today, self.discretion)
        self.rectifications_page = RectificationsPage(workspace, self.today)
        self.dashboard_page = DashboardPage(workspace, self.today, self.discretion)
        self.forms_page = FormsPage(workspace, self.today)
        self.training_page = TrainingPage(workspace, self.today)
        self.sync_page = SyncPage(workspace)
        self.settings_page = SettingsPage(workspace, self.settings, self.discretion, self.today)
        # Each page with its icon's glyph, in navigation order (icons.PAGES).
        pages = (self.today_page, self.visits_page, self.schools_page, self.rectifications_page, self.dashboard_page,
                 self.forms_page, self.training_page, self.sync_page, self.settings_page)
        self.pages: list[tuple[QWidget, str]] = list(zip(pages, icons.PAGES, strict=True))
        # The office's pages follow, shown only while a lead is signed in (see _show_office).
        self.office = office_pages()
        for entry in self.office:
            page = entry.make(workspace, self.today)
            setattr(self, entry.attribute, page)
            self.pages.append((page, entry.glyph))
        self.is_lead = False
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(self.fontMetrics().averageCharWidth() * 16 + 40)
        self.stack = QStackedWidget()
        for page, _glyph in self.pages:
            self.nav.addItem(QListWidgetItem(""))
            self.stack.addWidget(page)
        self._draw_icons()
        self.nav.currentRowChanged.connect(self._page_chosen)
        # Unannounced plans on screen are said so above every page, with the time left.
        self.discreet_banner = DiscreetBanner(self.discretion, workspace, self.today)
        self.statusBar().addPermanentWidget(self.discreet_banner.indicator)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.discreet_banner)
        layout = QHBoxLayout()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        icon = resources_dir() / "icons" / "app-icon.png"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        self.today_page.demo_requested.connect(self.create_demo)
        self.today_page.start_empty_requested.connect(self.start_empty)
        self.today_page.open_visit.connect(self.open_visit)
        self.today_page.open_objections.connect(self.open_objections)
        self.today_page.open_rectification.connect(self.open_rectification)
        self.today_page.open_school.connect(self.open_school)
        self.schools_page.open_visit.connect(self.open_visit)
        self.schools_page.open_rectification.connect(self.open_rectification)
        self.dashboard_page.open_visit.connect(self.open_visit)
        self.dashboard_page.open_school.connect(self.open_school)
        self.sync_page.open_visit.connect(self.open_visit)
        self.sync_page.open_school.connect(self.open_school)
        self.sync_page.open_rectification.connect(self.open_rectification)
        self.change_bus.changed.connect(self._changed)
        self.dashboard_page.export_requested.connect(self.export)

        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_visit)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find)
        QShortcut(QKeySequence("Ctrl+E"), self, self.export)
        for n in range(min(len(self.pages), 9)):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, lambda n=n: self.nav.setCurrentRow(n))

        self.resize(1200, 760)
        self.retranslate()
        self.nav.setCurrentRow(0)
        self.discreet_banner.refresh()
        self._show_office(False)
        self._read_roles()

    # ------------------------------------------------------------ language

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inspector Desktop") + f" {__version__} — {self.workspace.data_dir.root}")
        names = [self.tr("Today"), self.tr("Visits"), self.tr("Schools"), self.tr("Rectifications"),
                 self.tr("Dashboard"), self.tr("Feedback forms"), self.tr("Training"), self.tr("Sync"), self.tr("Settings")]
        names += [entry.title() for entry in self.office]
        for n, name in enumerate(names):
            item = self.nav.item(n)
            item.setText(name)
            item.setToolTip(f"{name} (Ctrl+{n + 1})" if n < 9 else name)
        self.nav.setAccessibleName(self.tr("Pages"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._draw_icons()  # dark mode on or off: icons take the new text colour
        super().changeEvent(event)

    def _draw_icons(self) -> None:
        for n, (_page, glyph) in enumerate(self.pages):
            self.nav.item(n).setIcon(icons.glyph_icon(glyph, self.palette()))

    # ------------------------------------------------------------ the office's pages

    def _read_roles(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: account.roles(ws), on_done=lambda r: self._show_office(r.is_lead), key="window-roles")

    def _show_office(self, is_lead: bool) -> None:
        self.is_lead = is_lead
        first = len(self.pages) - len(self.office)
        for n in range(first, len(self.pages)):
            self.nav.item(n).setHidden(not is_lead)
        if not is_lead and self.nav.currentRow() >= first:
            self.nav.setCurrentRow(0)  # signed out while on an office page

    # ------------------------------------------------------------ navigation

    def _page_chosen(self, row: int) -> None:
        page = self.pages[row][0]
        self.stack.setCurrentWidget(page)
        stale = page in self.stale
        self.stale.discard(page)
        # Small pages re-read whenever shown (the day may have turned); the visit
        # list, which can hold 100 000 visits, only when something it shows changed.
        if page is not self.visits_page or stale:
            page.refresh()  # type: ignore[attr-defined]

    def _changed(self, changes: Changes) -> None:
        if changes.everything or "roles" in changes.kinds:
            self._read_roles()  # a sign-in, a sign-out or a sync may change who this laptop works for
        if changes.concerns(self.discreet_banner.shows):
            self.discreet_banner.refresh()
        for page, _glyph in self.pages:
            if not changes.concerns(getattr(page, "shows", frozenset())):
                continue
            if self.stack.currentWidget() is page:
                page.refresh()  # type: ignore[attr-defined]
            else:
                self.stale.add(page)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow([p for p, _i in self.pages].index(page))

    def new_visit(self) -> None:
        self.show_page(self.visits_page)
        self.visits_page.new_visit()

    def find(self) -> None:
        self.show_page(self.visits_page)
        self.visits_page.focus_search()

    def open_objections(self, school_id: str) -> None:
        self.show_page(self.schools_page)
        self.schools_page.show_objections(school_id)

    def open_rectification(self, rectification_id: str) -> None:
        self.rectifications_page.show_rectification(rectification_id)
        self.show_page(self.rectifications_page)

    def open_school(self, school_id: str) -> None:
        self.show_page(self.schools_page)
        self.schools_page.show_school(school_id)

    def open_visit(self, visit_id: str) -> None:
        self.show_page(self.visits_page)
        self.visits_page.open_visit(visit_id)

    def export(self) -> ExportDialog:
        language = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
        dialog = ExportDialog(self, self.workspace, language)
        dialog.finished_export.connect(lambda r: self.statusBar().showMessage(
            self.tr("Exported {rows} rows to {path}").format(rows=r.rows, path=r.path), 8000))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------ first run

    def create_demo(self) -> None:
        ws = self.workspace

        def work(task):  # type: ignore[no-untyped-def]
            # Imported on demand: demo data is a first-run action, not start-up cost.
            from inspector_desktop.store.demo import build_demo

            return build_demo(ws, progress=lambda done, total: task.progress(done, total))

        def done(_report: object) -> None:
            # The first thing a new user looks at next is the list: fill it now, not when shown.
            self.visits_page.refresh()

        run_op(self, work, on_done=done, on_error=self._failed, progress_label=self.tr("Creating demo data…"),
               changes=Changes(everything=True))

    def start_empty(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Your inspector profile"))
        form = QFormLayout(dialog)
        name, code = QLineEdit(), QLineEdit()
        name.setAccessibleName(self.tr("Name"))
        code.setAccessibleName(self.tr("Inspector code"))
        form.addRow(self.tr("Name"), name)
        form.addRow(self.tr("Inspector code"), code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form.addRow(buttons)

        ws = self.workspace

        def refused(exc: BaseException, _tb: str) -> None:
            buttons.setEnabled(True)
            QMessageBox.warning(dialog, dialog.windowTitle(), error_text(exc))

        def accept() -> None:
            values = name.text(), code.text()
            buttons.setEnabled(False)  # one write at a time; a refusal enables them again
            run_op(dialog, lambda _t: edits.start_profile(ws, *values), on_done=lambda _r: dialog.accept(),
                   on_error=refused, changes=Changes.of("inspector"))

        buttons.accepted.connect(accept)
        buttons.rejected.connect(dialog.reject)
        if dialog.exec():
            self.show_page(self.schools_page)
            self.schools_page.add_school()
            self.visits_page.reload_schools()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        QMessageBox.warning(self, self.tr("Inspector Desktop"), error_text(exc))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Pending autosaves are written before the window goes; if that fails the
        # window stays open, with the edits still pending, rather than lose them.
        try:
            self.visits_page.visit_page.autosaver.flush_blocking()
        except Exception as exc:  # noqa: BLE001 - shown to the inspector, not swallowed
            event.ignore()
            QMessageBox.critical(
                self,
                self.tr("Changes not saved"),
                self.tr("The last changes could not be saved, so the window stays open: {error}").format(error=exc),
            )
            return
        super().closeEvent(event)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def make_app() -> QApplication:
    if QApplication.instance() is None:
        # Crisp at fractional scaling (125 %, 150 %); must be set before the app exists.
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    i18n.load_cjk_font(app)  # type: ignore[arg-type]
    i18n.apply_language(i18n.chosen_language())
    return app  # type: ignore[return-value]


def run(data_dir: Path | None, quit_after: float | None = None) -> int:
    """Open the window on ``data_dir``. ``quit_after`` (seconds) closes it again, for smoke tests."""
    app = make_app()
    try:
        workspace = unlock.open_at_start(DataDir(data_dir))
    except StoreError as exc:
        QMessageBox.critical(None, _tr("Cannot open the workspace"), error_text(exc))
        return 2
    if workspace is None:  # the inspector closed the passphrase or recovery key dialog
        return 2
    window = MainWindow(workspace)
    window.show()
    unlock.show_recovery_key(window, workspace)
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), window.close)
    try:
        return app.exec()
    finally:
        wait_all()
        workspace.close()
