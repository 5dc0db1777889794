"""The inspection cycle as users meet it: real windows on workspaces begun empty,
one real office server on 127.0.0.1 per module, set up the way its administrator
does (accounts, schools, assignments through the server's admin functions).

Everything a user does goes through widgets: clicks, typing, dialogs. The store is
read only to check what the windows did."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget

from inspector_desktop.server import admin
from inspector_desktop.server.db import open_database
from inspector_desktop.sync.protocol import Role
from tests.reports.conftest import MemoryKeyring
from tests.server.conftest import PASSWORD, LiveServer

WAIT = 20_000  # ms: a sync on two busy cores, a PDF built for the first time


# ---------------------------------------------------------------- the office


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}")
    with LiveServer(engine, tmp_path_factory.mktemp("blobs")) as live:
        yield live
    engine.dispose()


class OfficeAdmin:
    """The office administrator at the server, with the functions `inspector-server` runs."""

    def __init__(self, server: LiveServer, folder: Path) -> None:
        self.server, self.engine, self.folder = server, server.engine, folder
        self.tag = uuid.uuid4().hex[:6].upper()  # codes unique within the module's server

    def create_user(self, username: str, name: str, code: str, *roles: Role, region: str = "") -> str:
        return admin.create_user(self.engine, f"{username}{self.tag}".lower(), PASSWORD,
                                 list(roles) or [Role.INSPECTOR], name, code, region)

    def username(self, username: str) -> str:
        return f"{username}{self.tag}".lower()

    def code(self, code: str) -> str:
        return f"{code}{self.tag}"

    def import_schools(self, *rows: tuple[str, str, str, str]) -> None:
        """(code, name, competent department, district) rows, as the office's spreadsheet has them."""
        path = self.folder / f"schools-{uuid.uuid4().hex[:6]}.csv"
        lines = ["code,name,competent_department,district,is_large"]
        lines += [f"{code},{name},{dept},{district},no" for code, name, dept, district in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        admin.import_schools(self.engine, path)

    def assign(self, username: str, school_code: str, since: dt.date = dt.date(2026, 9, 1)) -> None:
        admin.assign(self.engine, self.username(username), school_code, since)

    def school_id(self, code: str) -> str:
        return admin.school_id(code)


@pytest.fixture
def office(server: LiveServer, tmp_path: Path) -> OfficeAdmin:
    return OfficeAdmin(server, tmp_path)


@pytest.fixture(scope="module", autouse=True)
def device_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring for the whole module: sign-in tokens and the signing keys of
    every laptop live in it, as they would in each computer's own keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


# ---------------------------------------------------------------- laptops


class Clock:
    """A laptop's calendar: moved forward instead of waiting for deadlines to pass."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day

    def advance(self, days: int) -> dt.date:
        self.day += dt.timedelta(days=days)
        return self.day


class Laptop:
    """One workspace begun empty in its own folder, its real window, its own settings."""

    def __init__(self, qtbot: Any, root: Path, clock: Clock) -> None:
        from inspector_desktop.store import open_workspace
        from inspector_desktop.ui.app import MainWindow

        self.qtbot, self.clock = qtbot, clock
        self.ws = open_workspace(root / "workspace")
        self.settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(self.ws, today=clock, settings=self.settings)
        self.window.show()
        qtbot.waitExposed(self.window)
        visits = self.window.visits_page
        qtbot.waitUntil(lambda: visits.model.index_snapshot is not None and visits.schools_loaded, timeout=WAIT)

    def close(self) -> None:
        from inspector_desktop.ui.ops import wait_all

        autosaver = self.window.visits_page.visit_page.autosaver
        autosaver.flush_now()
        self.qtbot.waitUntil(lambda: autosaver.idle, timeout=WAIT)
        assert wait_all(20.0)
        self.window.close()
        self.qtbot.wait(20)
        assert wait_all(20.0)
        # Destroyed here, on the GUI thread: left to Python's collector, the window and its
        # dialogs could be freed later on whichever thread happens to collect, which Qt aborts on.
        self.window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del self.window
        self.ws.close()


@pytest.fixture
def laptops(qtbot, tmp_path: Path, english) -> Iterator[Callable[[str, Clock], Laptop]]:
    opened: list[Laptop] = []

    def open_laptop(name: str, clock: Clock) -> Laptop:
        root = tmp_path / name
        root.mkdir()
        laptop = Laptop(qtbot, root, clock)
        opened.append(laptop)
        return laptop

    yield open_laptop
    for laptop in reversed(opened):
        laptop.close()


@pytest.fixture
def english(qapp):
    from inspector_desktop.ui import i18n

    i18n.load_cjk_font(qapp)
    i18n.apply_language("en")
    yield
    i18n.apply_language("en")


# ---------------------------------------------------------------- what a hand does


def click(qtbot: Any, button: QWidget) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()!r} cannot be pressed"  # type: ignore[attr-defined]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok_button(buttons: QDialogButtonBox) -> QWidget:
    for role in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Save):
        b = buttons.button(role)
        if b is not None:
            return b
    raise AssertionError("the dialog has no OK or Save button")


def field(dialog: QWidget, name: str) -> QLineEdit:
    found = [w for w in dialog.findChildren(QLineEdit) if w.accessibleName() == name]
    assert len(found) == 1, f"no single field named {name!r}"
    return found[0]


class ModalAnswers:
    """Answers the modal dialogs a click opens one after another (each runs its own
    event loop inside the click): when a dialog with the expected title is on top,
    its answer fills it in and presses its button, as a hand would."""

    def __init__(self, *answers: tuple[str, Callable[[QWidget], None]], every: bool = False) -> None:
        # every: keep answering each such dialog until stop(), however many open.
        self.answers, self.every = list(answers), every
        self.timer: QTimer | None = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        top = QApplication.activeModalWidget()
        if not self.answers or top is None or top.windowTitle() != self.answers[0][0]:
            return
        _title, answer = self.answers[0] if self.every else self.answers.pop(0)
        answer(top)
        if not self.answers:
            self.stop()

    def stop(self) -> None:
        self.answers.clear()
        if self.timer is not None:
            self.timer.stop()
            self.timer.deleteLater()  # freed on the GUI thread, not by a collector elsewhere
            self.timer = None

    @property
    def done(self) -> bool:
        return not self.answers


def type_into(widget: Any, text: str) -> None:
    """Typed text as an input method commits it (Chinese included)."""
    widget.setFocus()
    widget.insert(text) if isinstance(widget, QLineEdit) else widget.insertPlainText(text)


def settle(qtbot: Any) -> None:
    from inspector_desktop.ui.ops import wait_all

    assert wait_all(20.0)
    qtbot.wait(20)


def rows(ws: Any, model: Any, *where: Any) -> list[Any]:
    with ws.read() as s:
        return list(s.scalars(sa.select(model).where(*where)))
