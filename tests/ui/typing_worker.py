"""Types into the real visit page's notes, one key at a steady pace, and prints
each key (its place in the text and the monotonic time) once it is typed.

Run by tests/ui/test_autosave_kill.py, which kills it with SIGKILL mid-sentence:
everything typed more than about a second before the kill must be in the workspace.

    python typing_worker.py DATA_DIR VISIT_ID TEXT INTERVAL_MS
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(data_dir: str, visit_id: str, text: str, interval_ms: int) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QInputMethodEvent, QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inspector_desktop.store import open_workspace
    from inspector_desktop.ui.visit_page import VisitPage

    app = QApplication([sys.argv[0]])
    ws = open_workspace(data_dir)
    page = VisitPage(ws)
    page.show()
    keys = iter(enumerate(text))
    timer = QTimer()
    timer.setInterval(interval_ms)

    def type_one() -> None:
        try:
            n, char = next(keys)
        except StopIteration:
            timer.stop()
            return
        if char.isascii():
            QTest.keyClicks(page.notes, char)
        else:
            # Chinese arrives the way an input method delivers it: a committed string.
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(page.notes, event)
        print(f"typed {n} {time.monotonic():.6f}", flush=True)

    def loaded() -> None:
        page.tabs.setCurrentWidget(page.notes.parentWidget())
        page.notes.setFocus()
        page.notes.moveCursor(QTextCursor.MoveOperation.End)
        print("ready", flush=True)
        timer.start()

    timer.timeout.connect(type_one)
    page.loaded.connect(loaded)
    page.open_visit(visit_id)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
