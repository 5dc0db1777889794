"""Start-up of the desktop window. The full workspace UI grows from here."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from inspector_desktop import __version__
from inspector_desktop.paths import DataDir
from inspector_desktop.store import StoreError, Workspace, open_workspace


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(tr("Inspector Desktop") + f" {__version__}")
        self.resize(1100, 720)
        label = QLabel(tr("Workspace: {path}").format(path=workspace.data_dir.root))
        label.setMargin(24)
        self.setCentralWidget(label)


def run(data_dir: Path | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        workspace = open_workspace(DataDir(data_dir))
    except StoreError as exc:
        QMessageBox.critical(None, tr("Cannot open the workspace"), str(exc))
        return 2
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
