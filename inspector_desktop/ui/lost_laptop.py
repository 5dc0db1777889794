"""A laptop the office reported lost, from both ends.

On the lost laptop: the server's answer ``auth.device_revoked`` (to a sync, a
sign-in or a lead's call) puts up a message that says what is happening, and
the erasing starts as soon as the message shows (sync/revoked.py): there is no
button to stop it, and closing the message only waits for it to finish; then
the app quits. On a lead's laptop: the Sync page's "Laptops of the region…"
lists the region's laptops and reports one lost.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import account, devices, revoked
from inspector_desktop.sync.transport import DeviceRevoked
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.i18n import format_datetime
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import table_view

ERASING = "inspector_erasing_lost_laptop"  # an application property: one erasing, however many answers say so


class LostLaptop(QObject):
    """The sentences that count lost changes. Said with tr() in a class of the catalogue's
    context, so pyside6-lupdate finds them and keeps their plural forms (with
    QCoreApplication.translate it found them as a single form at best)."""

    def unsent(self, n: int) -> str:
        return self.tr("%n change(s) made on this laptop had not been sent to the server; they are lost.", "", n)

    def erased(self, n: int) -> str:
        return self.tr("Reported lost; erased on {when}, %n unsent change(s) lost", "", n)


def erase_after_telling(parent: QWidget, workspace: Workspace, exc: DeviceRevoked) -> QMessageBox | None:
    """Say that the office reported this laptop lost and that its workspace is being
    erased (with the changes not yet sent), erase it while the message shows, then quit."""
    app = QApplication.instance()
    if app is None or app.property(ERASING):
        return None
    app.setProperty(ERASING, True)
    window = parent.window()
    while isinstance(window, QDialog) and window.parentWidget() is not None:  # the sign-in dialog: over the window
        window.hide()
        window = window.parentWidget().window()
    title = QCoreApplication.translate("LostLaptop", "This laptop was reported lost")
    box = QMessageBox(QMessageBox.Icon.Critical, title, "", QMessageBox.StandardButton.Ok, window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.setText(QCoreApplication.translate(
        "LostLaptop", "The office reported this laptop lost. The workspace on this laptop is being erased: its "
        "records, evidence files and keys."))
    if exc.pending:
        lost = LostLaptop().unsent(exc.pending)
    else:
        lost = QCoreApplication.translate(
            "LostLaptop", "Every change made on this laptop had reached the server; nothing is lost.")
    box.setInformativeText(lost + "\n\n" + QCoreApplication.translate(
        "LostLaptop", "Inspector Desktop closes when the erasing is done. If this laptop is yours and was not lost, "
        "ask the office: you can sign in again with a new workspace."))
    state = {"erased": False, "read": False}

    def finish() -> None:
        if state["erased"] and state["read"]:
            quit_app()
        elif state["read"]:  # read before the erasing is done: shown again until it is
            box.setText(QCoreApplication.translate("LostLaptop", "Erasing the workspace on this laptop…"))
            box.open()

    def erased(_r: object = None) -> None:
        state["erased"] = True
        box.setText(QCoreApplication.translate(
            "LostLaptop", "The office reported this laptop lost. The workspace on this laptop has been erased."))
        finish()

    def failed(err: BaseException, _tb: str) -> None:
        # Whatever was left (a keyring that would not answer), the workspace is closed and
        # the app quits: its next contact with the server asks again.
        state["erased"] = True
        box.setText(QCoreApplication.translate("LostLaptop", "The workspace could not be erased completely: {reason}")
                    .format(reason=error_text(err)))
        finish()

    def read(_result: int) -> None:
        state["read"] = True
        finish()

    box.finished.connect(read)
    if isinstance(window, QMainWindow) and window.centralWidget() is not None:
        window.centralWidget().setEnabled(False)  # nothing more is done in a workspace being erased
    # Told first: the erasing starts once the message is up.
    QTimer.singleShot(0, lambda: run_op(box, lambda _t: revoked.erase_this_laptop(workspace), on_done=erased,
                                        on_error=failed))
    box.open()
    return box


def quit_app() -> None:
    QApplication.quit()


def revoked_by_office(exc: BaseException) -> bool:
    return isinstance(exc, DeviceRevoked)


# ---------------------------------------------------------------- a lead's list of the region's laptops


def _state(laptop: devices.Laptop) -> str:
    if laptop.erased_at is not None:
        return LostLaptop().erased(laptop.lost_changes or 0).format(when=format_datetime(laptop.erased_at))
    if laptop.revoked_at is not None:
        text = QCoreApplication.translate(
            "LostLaptop", "Reported lost on {when} by {who}; not yet erased (it has not reached the server since)")
        return text.format(when=format_datetime(laptop.revoked_at), who=laptop.revoked_by)
    if laptop.this_device:
        return QCoreApplication.translate("LostLaptop", "This laptop")
    return QCoreApplication.translate("LostLaptop", "In use")


class LostLaptopsButton(QPushButton):
    """Shown to a lead only; opens the region's laptops."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setVisible(False)
        self.clicked.connect(self.open_list)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("LostLaptop", "Laptops of the region…"))
        self.setToolTip(QCoreApplication.translate(
            "LostLaptop", "See the region's laptops and report one lost: it stops syncing at once and erases its "
            "workspace when it next reaches the server."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: account.current(ws) is not None and account.roles(ws).is_lead,
               on_done=self.setVisible, key="lead")

    def open_list(self) -> None:
        self.dialog = LostLaptopsDialog(self.workspace, self)
        self.dialog.open()


class LostLaptopsDialog(QDialog):
    reported = Signal(object)  # the Laptop just reported lost

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = SnapshotTableModel([
            Column(lambda: QCoreApplication.translate("LostLaptop", "Inspector"),
                   lambda r: f"{r.display_name} ({r.username})"),
            Column(lambda: QCoreApplication.translate("LostLaptop", "Laptop"), lambda r: r.device_id[:8]),
            Column(lambda: QCoreApplication.translate("LostLaptop", "First signed in"),
                   lambda r: format_datetime(r.first_seen)),
            Column(lambda: QCoreApplication.translate("LostLaptop", "Last signed in"),
                   lambda r: format_datetime(r.last_seen)),
            Column(lambda: QCoreApplication.translate("LostLaptop", "State"), _state),
        ])
        self.view = table_view(self.model)
        header = self.view.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.report_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.retranslate()
        self.resize(980, 360)
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("LostLaptop", "Laptops of the region"))
        self.note.setText(QCoreApplication.translate(
            "LostLaptop", "Report a laptop lost when it is lost or stolen. It can no longer sync, and when it next "
            "reaches the server it erases its workspace, with any changes it has not sent; the count of those shows "
            "here. The inspector's other laptops keep working."))
        self.report_button.setText(QCoreApplication.translate("LostLaptop", "Report lost…"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: devices.region_laptops(ws), on_done=self._show, on_error=self._failed, key="list")

    def _show(self, laptops: list[devices.Laptop]) -> None:
        self.model.set_rows(tuple(laptops))
        self._update()

    def _current(self) -> devices.Laptop | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _update(self) -> None:
        laptop = self._current()
        self.report_button.setEnabled(laptop is not None and laptop.revoked_at is None and not laptop.this_device)

    def report_current(self) -> None:
        laptop = self._current()
        if laptop is None or laptop.revoked_at is not None or laptop.this_device:
            return
        sure = QMessageBox.warning(
            self, QCoreApplication.translate("LostLaptop", "Report this laptop lost?"),
            QCoreApplication.translate(
                "LostLaptop", "Report {name}'s laptop {laptop} (last signed in {when}) lost? It stops syncing at once, "
                "and when it next reaches the server it erases its workspace, including changes it has not sent. This "
                "cannot be undone.").format(name=laptop.display_name, laptop=laptop.device_id[:8],
                                            when=format_datetime(laptop.last_seen)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if sure == QMessageBox.StandardButton.Yes:
            self.report(laptop.device_id)

    def report(self, device_id: str) -> None:
        ws = self.workspace

        def done(laptop: devices.Laptop) -> None:
            self.reported.emit(laptop)
            self.refresh()

        run_op(self, lambda _t: devices.report_lost(ws, device_id), on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException, _tb: str) -> None:
        if revoked_by_office(exc):
            erase_after_telling(self, self.workspace, exc)  # type: ignore[arg-type]
            return
        self.note.setText(QCoreApplication.translate("LostLaptop", "The server did not answer as expected: {reason}")
                          .format(reason=error_text(exc)))
