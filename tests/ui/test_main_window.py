"""The window opens on a workspace (the full workspace UI is tested page by page)."""

from __future__ import annotations

from inspector_desktop.ui.app import MainWindow


def test_main_window_shows_the_workspace(qtbot, workspace):
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "Inspector Desktop" in window.windowTitle()
    assert str(workspace.data_dir.root) in window.centralWidget().text()
