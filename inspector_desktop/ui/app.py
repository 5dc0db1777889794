"""The main window: navigation on the left, one page at a time on the right
(start-up: ui/start.py; a new workspace's demo data or profile: ui/first_run.py).

The window owns the change bus (changes.py): after any write or sync, the page
on screen re-reads what it shows if the change concerns it; a page out of sight
is marked stale and re-reads when it is shown again.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
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
from inspector_desktop.ui import i18n, icons
from inspector_desktop.ui.changes import ChangeBus, Changes
from inspector_desktop.ui.discreet import Discretion
from inspector_desktop.ui.office import office_pages
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.pages import INSPECTOR_PAGES, PageEntry

if TYPE_CHECKING:  # the store, sync and every page but Today are imported after the first frame
    from inspector_desktop.store import Workspace
    from inspector_desktop.ui.discreet import DiscreetBanner
    from inspector_desktop.ui.export_dialog import ExportDialog

ORGANISATION, APPLICATION = "inspector-desktop", "Inspector Desktop"
SETTLE_AT_LATEST_MS = 3000  # roles and the Sync page are read this long after opening, should Today's read fail


class MainWindow(QMainWindow):
    """The workspace window. ``today`` is injectable so tests see a fixed calendar.

    Without a workspace the window is its own first frame while the workspace opens
    (see ``run``): the navigation and the Today page laid out, empty; ``attach``
    gives it the workspace. Every page but Today is built the first time it is
    shown or asked for (``window.visits_page`` builds the Visits page).
    """

    first_painted = Signal()

    def __init__(
        self,
        workspace: Workspace | None = None,
        today: Callable[[], dt.date] | None = None,
        settings: QSettings | None = None,
        data_dir: DataDir | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.data_dir = workspace.data_dir if workspace is not None else data_dir
        self.today = today or dt.date.today
        self.settings = settings or QSettings()
        self.discretion = Discretion(self.settings, self)
        self.change_bus = ChangeBus(self)  # found by run_op through the widgets' parents
        self.stale: set[QWidget] = set()
        self.discreet_banner: DiscreetBanner | None = None
        self._painted = False
        # The office's pages follow the inspector's, shown only while a lead is signed in (see _show_office).
        self.office = office_pages()
        self.entries: list[PageEntry] = [*INSPECTOR_PAGES, *(
            PageEntry(e.attribute, e.glyph, e.title, lambda w, make=e.make: make(w.workspace, w.today))
            for e in self.office)]
        self.built: dict[str, QWidget] = {}
        self.is_lead = False
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(self.fontMetrics().averageCharWidth() * 16 + 40)
        for _entry in self.entries:
            self.nav.addItem(QListWidgetItem(""))
        self.stack = QStackedWidget()
        # What a page chosen before the workspace is open shows until it is.
        self.opening = QLabel()
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)
        self._draw_icons()
        self.nav.currentRowChanged.connect(self._page_chosen)
        central = QWidget()
        self.outer = QVBoxLayout(central)
        self.outer.setContentsMargins(6, 6, 6, 6)
        layout = QHBoxLayout()
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        icon = resources_dir() / "icons" / "app-icon.png"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.change_bus.changed.connect(self._changed)

        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_visit)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find)
        QShortcut(QKeySequence("Ctrl+E"), self, self.export)
        for n in range(min(len(self.entries), 9)):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, lambda n=n: self.nav.setCurrentRow(n))

        self.resize(1200, 760)
        self.today_page  # noqa: B018 - built now: the first frame shows it laid out
        self.retranslate()
        self.nav.setCurrentRow(0)
        self._show_office(False)
        if workspace is None:
            self.statusBar().showMessage(self.tr("Opening the workspace…"))
        else:
            self.attach(workspace)

    def attach(self, workspace: Workspace) -> None:
        """The workspace is open: Today reads the day, then the window reads who signs in."""
        from inspector_desktop.ui.discreet import DiscreetBanner

        self.workspace, self.data_dir = workspace, workspace.data_dir
        self.today_page.workspace = workspace
        # Unannounced plans on screen are said so above every page, with the time left.
        self.discreet_banner = DiscreetBanner(self.discretion, workspace, self.today)
        self.statusBar().clearMessage()
        self.statusBar().addPermanentWidget(self.discreet_banner.indicator)
        self.outer.insertWidget(0, self.discreet_banner)
        self.discreet_banner.refresh()
        self.retranslate()
        # Who signs in, and the Sync page's watch on the server, once the day is on screen:
        # reading them imports the sync client, which Today need not wait for.
        self.today_page.filled.connect(self._settle, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(SETTLE_AT_LATEST_MS, self._settle)  # should Today's read fail
        self._page_chosen(self.nav.currentRow())

    def _settle(self) -> None:
        if getattr(self, "_settled", False):
            return
        self._settled = True
        self._read_roles()

    # ------------------------------------------------------------ pages, built when first wanted

    def __getattr__(self, name: str) -> QWidget:
        # Only reached for attributes not set: a page's (today_page, visits_page, region_page…).
        rows = {entry.attribute: n for n, entry in enumerate(self.__dict__.get("entries", ()))}
        if name not in rows:
            raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")
        return self.page(rows[name])

    def page(self, row: int) -> QWidget:
        """The page in navigation row ``row``, built now if it was not yet."""
        entry = self.entries[row]
        page = self.built.get(entry.attribute)
        if page is None:
            if self.workspace is None and row != 0:
                raise RuntimeError(f"{entry.attribute} needs the workspace, which is still opening")
            page = entry.make(self)
            self.built[entry.attribute] = page
            self.stack.addWidget(page)
        return page

    @property
    def pages(self) -> list[tuple[QWidget, str]]:
        """Every page with its icon's glyph, in navigation order (building those not built yet)."""
        return [(self.page(n), entry.glyph) for n, entry in enumerate(self.entries)]

    # ------------------------------------------------------------ language

    def retranslate(self) -> None:
        where = f" — {self.data_dir.root}" if self.data_dir is not None else ""
        self.setWindowTitle(self.tr("Inspector Desktop") + f" {__version__}{where}")
        for n, entry in enumerate(self.entries):
            item, name = self.nav.item(n), entry.title()
            item.setText(name)
            item.setToolTip(f"{name} (Ctrl+{n + 1})" if n < 9 else name)
        self.nav.setAccessibleName(self.tr("Pages"))
        self.opening.setText(self.tr("Opening the workspace…"))
        if self.workspace is None:
            self.statusBar().showMessage(self.tr("Opening the workspace…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._draw_icons()  # dark mode on or off: icons take the new text colour
        super().changeEvent(event)

    def _draw_icons(self) -> None:
        for n, entry in enumerate(self.entries):
            self.nav.item(n).setIcon(icons.glyph_icon(entry.glyph, self.palette()))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Said once the frame being painted now is on screen, children included.
            QTimer.singleShot(0, self.first_painted.emit)

    # ------------------------------------------------------------ the office's pages

    def _read_roles(self) -> None:
        ws = self.workspace

        def roles(_t):  # type: ignore[no-untyped-def]
            from inspector_desktop.sync import account

            return account.roles(ws)

        run_op(self, roles, on_done=self._roles_read, key="window-roles")

    def _roles_read(self, roles) -> None:  # type: ignore[no-untyped-def]
        self._show_office(roles.is_lead)
        # The Sync page syncs by itself while someone is signed in (ui/sync_watch.py): it
        # starts with the window, not when first shown; built now, the sync client is imported.
        self.sync_page  # noqa: B018
        # A first sync from the command line, or one the window was closed on, can
        # leave the search index behind: it catches up now, not at the next sync.
        from inspector_desktop.ui.sync_page import catch_up_search  # imported with the page just built

        catch_up_search(self, self.workspace)

    def _show_office(self, is_lead: bool) -> None:
        self.is_lead = is_lead
        first = len(self.entries) - len(self.office)
        for n in range(first, len(self.entries)):
            self.nav.item(n).setHidden(not is_lead)
        if not is_lead and self.nav.currentRow() >= first:
            self.nav.setCurrentRow(0)  # signed out while on an office page

    # ------------------------------------------------------------ navigation

    def _page_chosen(self, row: int) -> None:
        if self.workspace is None and row != 0:
            self.stack.setCurrentWidget(self.opening)  # shown once the workspace is open (attach)
            return
        first_time = self.entries[row].attribute not in self.built
        page = self.page(row)
        self.stack.setCurrentWidget(page)
        stale = page in self.stale
        self.stale.discard(page)
        # Small pages re-read whenever shown (the day may have turned); the visit
        # list, which can hold 100 000 visits, only when something it shows changed
        # (it reads itself when built).
        if self.entries[row].attribute != "visits_page" or (stale and not first_time):
            page.refresh()  # type: ignore[attr-defined]

    def _changed(self, changes: Changes) -> None:
        if changes.everything or "roles" in changes.kinds:
            self._read_roles()  # a sign-in, a sign-out or a sync may change who this laptop works for
        if self.discreet_banner is not None and changes.concerns(self.discreet_banner.shows):
            self.discreet_banner.refresh()
        # A page not built yet reads everything when it is.
        for page in self.built.values():
            if not changes.concerns(getattr(page, "shows", frozenset())):
                continue
            if self.stack.currentWidget() is page:
                page.refresh()  # type: ignore[attr-defined]
            else:
                self.stale.add(page)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(next(n for n, e in enumerate(self.entries) if self.built.get(e.attribute) is page))

    def new_visit(self) -> None:
        if self.workspace is not None:  # a shortcut pressed while the workspace opens does nothing
            self.show_page(self.visits_page)
            self.visits_page.new_visit()

    def find(self) -> None:
        if self.workspace is not None:
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

    def export(self) -> ExportDialog | None:
        if self.workspace is None:
            return None
        from inspector_desktop.ui.export_dialog import ExportDialog

        language = "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"
        dialog = ExportDialog(self, self.workspace, language)
        dialog.finished_export.connect(lambda r: self.statusBar().showMessage(
            self.tr("Exported {rows} rows to {path}").format(rows=r.rows, path=r.path), 8000))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        # Pending autosaves are written before the window goes; if that fails the
        # window stays open, with the edits still pending, rather than lose them.
        try:
            if "visits_page" in self.built:  # only the Visits page edits with an autosave
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


def make_app(later_cjk_font: bool = False) -> QApplication:
    """The application, in the chosen language. With ``later_cjk_font`` an English
    window leaves the bundled CJK font (some megabytes) for the caller to load after
    its first frame, which has no Chinese in it; a Chinese window loads it first."""
    if QApplication.instance() is None:
        # Crisp at fractional scaling (125 %, 150 %); must be set before the app exists.
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    language = i18n.chosen_language()
    if not later_cjk_font or language == "zh_CN":
        i18n.load_cjk_font(app)  # type: ignore[arg-type]
    i18n.apply_language(language)
    return app  # type: ignore[return-value]
