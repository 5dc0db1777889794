"""Signing in to the sync server: address, user name, password.

The password is sent once and never kept; the token the server returns goes to
the OS keyring, or, on a machine without one, is kept only until the app
closes, and the dialog's caller says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import account
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.lost_laptop import erase_after_telling, revoked_by_office
from inspector_desktop.ui.ops import run_op


class LoginDialog(QDialog):
    """``server_url`` and ``username`` fill the fields in: the last ones used, read by the caller."""

    def __init__(self, workspace: Workspace, server_url: str | None = None, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.session: account.SignedIn | None = None
        self.server = QLineEdit(server_url or "https://")
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.log_in)
        self.buttons.rejected.connect(self.reject)
        self.labels = [QLabel(), QLabel(), QLabel()]
        self.form = QFormLayout()
        for text, field in zip(self.labels, (self.server, self.username, self.password)):
            self.form.addRow(text, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Log in to the sync server"))
        for label, text in zip(self.labels, (self.tr("Server address"), self.tr("User name"), self.tr("Password"))):
            label.setText(text)

    def log_in(self) -> None:
        url, user, password = self.server.text().strip(), self.username.text().strip(), self.password.text()
        if not url or not user or not password:
            self.error.setText(self.tr("Fill in the server address, your user name and your password."))
            return
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("Signing in…"))
        ws = self.workspace
        run_op(self, lambda _task: account.login(ws, url, user, password), on_done=self._done, on_error=self._failed)

    def _done(self, session: account.SignedIn) -> None:
        self.session = session
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        if revoked_by_office(exc):  # no way around it: the workspace is erased
            erase_after_telling(self, self.workspace, exc)  # type: ignore[arg-type]
            return
        self.buttons.setEnabled(True)
        self.error.setText(self.tr("Could not sign in: {reason}").format(reason=error_text(exc)))
