"""The People and schools page's dialogs and lists: a new inspector's account, the
cells an import was refused for, each by its row and column, and schools dragged
onto an inspector.

The server words its own refusals with the console's messages (wording/cli.py,
"Commands"), so the console and the window say the same; here they are
translated by Qt, in the window's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QMimeData, QModelIndex, QObject, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import office
from inspector_desktop.sync.office_protocol import ImportProblem, InspectorRow
from inspector_desktop.ui.errors import code_text, error_text
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import fit_columns, table_view
from inspector_desktop.wording import cli
from inspector_desktop.wording.errors import fill


def phrase_text(key: str, params: Mapping[str, Any]) -> str:
    """A message the server gave by its key: the console's (a bad cell, a name taken)
    or the error catalogue's; a parameter may itself be such a message."""
    if key in cli.MESSAGES:
        words = {k: phrase_text(v["key"], v.get("params", {})) if isinstance(v, dict) and "key" in v else v
                 for k, v in params.items()}
        return fill(QCoreApplication.translate(cli.CONTEXT, cli.MESSAGES[key]), words)
    return code_text(key, params)


def office_error_text(exc: BaseException) -> str:
    """Words for a refusal of the office's server: its own sentence where it gave one."""
    params = getattr(exc, "params", None) or {}
    if getattr(exc, "code", None) == "office.refused" and params.get("key") in cli.MESSAGES:
        return phrase_text(params["key"], params.get("params", {}))
    return error_text(exc)


class ProblemList(QWidget):
    """Why an import was refused: every bad cell, by row and column, in a sentence."""

    def __init__(self) -> None:
        super().__init__()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.model = SnapshotTableModel([
            Column(lambda: self.tr("Row"), lambda p: str(p.row) if p.row else ""),
            Column(lambda: self.tr("Column"), lambda p: p.column),
            Column(lambda: self.tr("Problem"), lambda p: phrase_text(p.key, p.params)),
        ])
        self.view = table_view(self.model)
        self.view.setAccessibleName("import problems")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Nothing was imported. Correct these cells in the file and import it again:"))
        self.model.retranslate()

    def show_problems(self, problems: list[ImportProblem]) -> None:
        self.model.set_rows(problems)
        fit_columns(self.view, 2)


class NewInspectorDialog(QDialog):
    """An inspector account in the lead's region. The lead chooses the first password
    and tells it in person; it goes to the server once and is kept nowhere here."""

    def __init__(self, parent: QWidget, workspace: Workspace) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.made: InspectorRow | None = None
        self.setWindowTitle(self.tr("New inspector"))
        self.username, self.name, self.code = QLineEdit(), QLineEdit(), QLineEdit()
        self.password, self.again = QLineEdit(), QLineEdit()
        form = QFormLayout(self)
        for box, caption in ((self.name, self.tr("Name")), (self.code, self.tr("Inspector code")),
                             (self.username, self.tr("User name")), (self.password, self.tr("Password")),
                             (self.again, self.tr("Password again"))):
            box.setAccessibleName(caption)
            form.addRow(caption, box)
        for box in (self.password, self.again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(self.tr("The inspector signs in with this user name and password; tell them in person."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create account"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def accept(self) -> None:
        values = [w.text().strip() for w in (self.username, self.name, self.code)]
        if not all(values):
            QMessageBox.warning(self, self.windowTitle(), self.tr("Give the name, the inspector code and a user name."))
            return
        if self.password.text() != self.again.text():
            QMessageBox.warning(self, self.windowTitle(), self.tr("The two passwords differ."))
            return
        ws, password = self.workspace, self.password.text()
        self.buttons.setEnabled(False)
        run_op(self, lambda _t: office.create_inspector(ws, values[0], values[1], values[2], password),
               on_done=self._made, on_error=self._refused)

    def _made(self, row: InspectorRow) -> None:
        self.made = row
        self.password.clear()
        self.again.clear()
        super().accept()

    def _refused(self, exc: BaseException, _tb: str) -> None:
        self.buttons.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), office_error_text(exc))


SCHOOLS_MIME = "application/x-inspector-school-rows"


class DraggedSchools(SnapshotTableModel):
    """The schools table: selected rows can be dragged onto an inspector to assign them."""

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:  # type: ignore[override]
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [SCHOOLS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        data = QMimeData()
        data.setData(SCHOOLS_MIME, QByteArray(b"schools"))  # the selection is the page's; this only marks the drag
        return data


class DropOnInspector(QObject):
    """Schools dropped on an inspector's row: ``dropped(row)`` asks to assign them to that inspector."""

    def __init__(self, view: Any, dropped: Any) -> None:
        super().__init__(view)
        self.view, self.dropped = view, dropped
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and event.mimeData().hasFormat(SCHOOLS_MIME):  # type: ignore[attr-defined]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and event.mimeData().hasFormat(SCHOOLS_MIME):
            row = self.view.indexAt(event.position().toPoint()).row()
            event.acceptProposedAction()
            if row >= 0:
                self.dropped(row)
            return True
        return False
