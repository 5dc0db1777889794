"""First run: a new workspace filled with demo data, or started empty with the inspector's own profile.

Today offers both while the workspace holds no visits; once either is done
neither is needed again, so they stand apart from the window's everyday work
(pages, navigation, the change bus). Their words keep the window's translation
context, ``MainWindow``, where the catalogue has always had them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMessageBox

from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.errors import error_text
from inspector_desktop.ui.ops import run_op

if TYPE_CHECKING:
    from inspector_desktop.ui.app import MainWindow


def create_demo(window: MainWindow) -> None:
    ws = window.workspace

    def work(task):  # type: ignore[no-untyped-def]
        # Imported on demand: demo data is a first-run action, not start-up cost.
        from inspector_desktop.store.demo import build_demo

        return build_demo(ws, progress=lambda done, total: task.progress(done, total))

    def done(_report: object) -> None:
        # The first thing a new user looks at next is the list: fill it now, not when shown
        # (a list not built yet reads everything when it is).
        if "visits_page" in window.built:
            window.visits_page.refresh()

    def failed(exc: BaseException, _tb: str) -> None:
        QMessageBox.warning(window, QCoreApplication.translate("MainWindow", "Inspector Desktop"), error_text(exc))

    run_op(window, work, on_done=done, on_error=failed,
           progress_label=QCoreApplication.translate("MainWindow", "Creating demo data…"), changes=Changes(everything=True))


def start_empty(window: MainWindow) -> None:
    dialog = QDialog(window)
    dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Your inspector profile"))
    form = QFormLayout(dialog)
    name, code = QLineEdit(), QLineEdit()
    name.setAccessibleName(QCoreApplication.translate("MainWindow", "Name"))
    code.setAccessibleName(QCoreApplication.translate("MainWindow", "Inspector code"))
    form.addRow(QCoreApplication.translate("MainWindow", "Name"), name)
    form.addRow(QCoreApplication.translate("MainWindow", "Inspector code"), code)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    form.addRow(buttons)

    ws = window.workspace

    def start(name: str, code: str):  # type: ignore[no-untyped-def]
        from inspector_desktop.store import edits

        return edits.start_profile(ws, name, code)

    def refused(exc: BaseException, _tb: str) -> None:
        buttons.setEnabled(True)
        QMessageBox.warning(dialog, dialog.windowTitle(), error_text(exc))

    def accept() -> None:
        values = name.text(), code.text()
        buttons.setEnabled(False)  # one write at a time; a refusal enables them again
        run_op(dialog, lambda _t: start(*values), on_done=lambda _r: dialog.accept(),
               on_error=refused, changes=Changes.of("inspector"))

    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    if dialog.exec():
        window.show_page(window.schools_page)
        window.schools_page.add_school()
        if "visits_page" in window.built:
            window.visits_page.reload_schools()
