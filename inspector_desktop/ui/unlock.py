"""Opening the encrypted workspace at start: the passphrase on a computer without a
keyring, the recovery key when the keyring lost the workspace's key, a progress
dialog while an older workspace is encrypted, and the new recovery key, once.

The key itself never reaches this module: the dialogs hand text to the store,
which derives, checks and keeps it. The window is already on screen when the
workspace opens (ui/app.py): the store is imported and the workspace opened on a
worker, and the dialogs appear over the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.paths import DataDir
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import Task, run_op

if TYPE_CHECKING:  # imported on the worker that opens the workspace, after the window's first frame
    from inspector_desktop.store import Workspace


class _AskDialog(QDialog):
    """One or two hidden fields, a sentence saying why, and OK only when they are filled."""

    def __init__(self, count: int, problem: str | None, echo: QLineEdit.EchoMode, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.problem = QLabel(problem or "")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold;")
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        form = QFormLayout()
        self.fields, self.labels = [], []
        for _ in range(count):
            field, label = QLineEdit(), QLabel()
            field.setEchoMode(echo)
            field.textChanged.connect(self._check)
            label.setBuddy(field)
            form.addRow(label, field)
            self.fields.append(field)
            self.labels.append(label)
        layout.addLayout(form)
        self.mismatch = QLabel(self.tr("The two passphrases differ."))
        self.mismatch.setVisible(False)
        layout.addWidget(self.mismatch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def _words(self, title: str, why: str, labels: list[str]) -> None:
        self.setWindowTitle(title)
        self.intro.setText(why)
        for label, text in zip(self.labels, labels, strict=True):
            label.setText(text)

    def _check(self) -> None:
        texts = [f.text() for f in self.fields]
        differ = len(texts) == 2 and all(texts) and texts[0] != texts[1]
        self.mismatch.setVisible(differ)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(all(texts) and not differ)

    def answer(self) -> str | None:
        return self.fields[0].text() if self.exec() == QDialog.DialogCode.Accepted else None


class PassphraseDialog(_AskDialog):
    """On a computer without a keyring: the passphrase that locks (``new``) or opens the workspace."""

    def __init__(self, new: bool, problem: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(2 if new else 1, problem, QLineEdit.EchoMode.Password, parent)
        if new:
            self._words(self.tr("Lock the new workspace"), self.tr(
                "This computer has no system keyring to keep the workspace's key, so choose a passphrase "
                "that locks the workspace. You will type it at each start; it is never stored."),
                [self.tr("Passphrase:"), self.tr("Again:")])
        else:
            self._words(self.tr("Unlock the workspace"), self.tr(
                "This workspace is locked with a passphrase (this computer has no system keyring). "
                "Type it to open the workspace."), [self.tr("Passphrase:")])


class RecoveryEntryDialog(_AskDialog):
    """When the keyring lost the workspace's key: the recovery key, typed off paper."""

    def __init__(self, problem: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(1, problem, QLineEdit.EchoMode.Normal, parent)
        self._words(self.tr("Recovery key"), self.tr(
            "The system keyring no longer holds this workspace's key. Type the recovery key you were given "
            "when the workspace was created (8 groups of 5 characters); the workspace opens and the key "
            "is kept in the keyring again."), [self.tr("Recovery key:")])


class RecoveryKeyDialog(QDialog):
    """The new recovery key, shown once: to print or write down, and keep apart from the laptop."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(self.tr("Your recovery key"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "The workspace is encrypted, and its key is kept in this computer's keyring (or comes from your "
            "passphrase). If the keyring is lost or the passphrase forgotten, only this recovery key opens the "
            "workspace. It is shown only this once: print it or write it down, and keep it apart from the laptop."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        shown = QLabel(code)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setWeight(QFont.Weight.Bold)
        shown.setFont(font)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(shown)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_code)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.kept_button = QPushButton(self.tr("I have kept it"))
        self.kept_button.clicked.connect(self.accept)
        buttons.addButton(self.kept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)

    def page(self) -> QTextDocument:
        title = self.tr("Inspector Desktop: workspace recovery key")
        keep = self.tr("Keep this page apart from the laptop. It opens the workspace if the keyring or the passphrase is lost.")
        doc = QTextDocument(self)
        doc.setHtml(f"<h2>{title}</h2><p style='font-family: monospace; font-size: 16pt'>{self.code}</p><p>{keep}</p>")
        return doc

    def print_code(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.page().print_(printer)


def _open(data_dir: DataDir, passphrase: str | None, recovery: str | None,
          parent: QWidget | None) -> Workspace | BaseException:
    """Open on a worker thread; a progress dialog shows if encrypting an older workspace takes a while."""
    holder = QWidget()
    loop = QEventLoop()
    outcome: list[Workspace | BaseException] = []
    shown: list[QProgressDialog] = []

    def done(result: object) -> None:
        outcome.append(result)  # type: ignore[arg-type]
        loop.quit()

    # Worded here, on the GUI thread; the worker only reports how far it has got.
    encrypting = QCoreApplication.translate(
        "Unlock", "Encrypting the workspace, which an earlier version kept unencrypted. This happens once.")

    def work(task: Task) -> Workspace:
        from inspector_desktop.store import open_workspace

        return open_workspace(data_dir, passphrase=passphrase, recovery_code=recovery,
                              progress=lambda part, whole: task.progress(part, whole, encrypting))

    def progress(part: int, whole: int, text: str) -> None:
        # Only encrypting reports progress; an ordinary open is said by the window itself.
        if not shown:
            dialog = QProgressDialog(text, "", 0, whole, parent)
            dialog.setCancelButton(None)  # half-encrypted is safe, but there is nothing to cancel to
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            shown.append(dialog)
        shown[0].setMaximum(whole)
        shown[0].setValue(part)

    run_op(holder, work, on_done=done, on_error=lambda exc, _tb: done(exc), on_progress=progress)
    if not outcome:
        loop.exec()
    for dialog in shown:
        dialog.close()
        dialog.deleteLater()
    holder.deleteLater()
    return outcome[0]


def open_at_start(data_dir: DataDir, parent: QWidget | None = None) -> Workspace | None:
    """The workspace, after asking whatever it needs over ``parent``; None if the inspector cancelled."""
    passphrase = recovery = None
    while True:
        outcome = _open(data_dir, passphrase, recovery, parent)
        # The store is imported by now, on the worker that opened (or tried to open) the workspace.
        from inspector_desktop.store import (
            PassphraseNeeded,
            Workspace,
            WorkspaceKeyLostError,
            WrongPassphraseError,
            WrongRecoveryKeyError,
        )

        if isinstance(outcome, Workspace):
            return outcome
        if isinstance(outcome, (PassphraseNeeded, WrongPassphraseError)):
            problem = error_text(outcome) if isinstance(outcome, WrongPassphraseError) else None
            passphrase = PassphraseDialog(getattr(outcome, "new", False), problem, parent).answer()
            if passphrase is None:
                return None
        elif isinstance(outcome, (WorkspaceKeyLostError, WrongRecoveryKeyError)):
            problem = error_text(outcome) if isinstance(outcome, WrongRecoveryKeyError) else None
            recovery = RecoveryEntryDialog(problem, parent).answer()
            if recovery is None:
                return None
        else:
            raise outcome


def show_recovery_key(window: QWidget, ws: Workspace) -> RecoveryKeyDialog | None:
    """At the open that made the key: the dialog, window-modal and not blocking start-up."""
    if not ws.recovery_code:
        return None
    dialog = RecoveryKeyDialog(ws.recovery_code, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class RecoveryKeyButton(QPushButton):
    """Settings: a new recovery key, for one lost or never kept; the old one stops working."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.shown: RecoveryKeyDialog | None = None
        self.clicked.connect(self.renew)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # a button, not a field
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Make a new recovery key…"))

    def renew(self) -> None:
        answer = QMessageBox.question(self, self.tr("New recovery key"), self.tr(
            "Make a new recovery key? The one you kept will no longer open the workspace; the new one is shown once."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.setEnabled(False)
        ws = self.workspace

        def done(code: str) -> None:
            self.setEnabled(True)
            self.shown = RecoveryKeyDialog(code, self.window())
            self.shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.shown.open()

        def failed(exc: BaseException, _tb: str) -> None:
            self.setEnabled(True)
            QMessageBox.warning(self, self.tr("New recovery key"), error_text(exc))

        run_op(self, lambda _t: ws.new_recovery_code(), on_done=done, on_error=failed)
