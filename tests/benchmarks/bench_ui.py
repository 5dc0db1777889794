"""The workspace window at 100 000 visits: cold start, filter latency, peak memory.

    python3 -m tests.benchmarks ui

Cold start is measured in fresh subprocesses, from launch to the main window
being exposed, against a bare PySide6 window started the same way in the same
run (goal: at most 2.0x). Filter latency is one change of a filter control to
the model holding the new rows and the view repainted (goal: median <= 30 ms).
Peak RSS is the app process after loading, scrolling and filtering (goal: <= 200 MB).

The 100 000-visit workspace is built once (about 15 s) and reused; point
INSPECTOR_BENCH_DATA at a folder to keep it elsewhere.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VISITS = 100_000
AS_OF = "2026-11-22"
RUNS = 3

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1200, 760)
w.show()
def check():
    if w.windowHandle() is not None and w.windowHandle().isExposed():
        print("VISIBLE", flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, check)
QTimer.singleShot(0, check)
app.exec()
"""

APP = """
import datetime as dt, json, resource, statistics, sys, time
from PySide6.QtCore import QTimer, QSettings
from inspector_desktop.ui.app import make_app, MainWindow
from inspector_desktop.store import open_workspace
app = make_app()
ws = open_workspace(sys.argv[1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
w = MainWindow(ws, today=lambda: dt.date.fromisoformat(sys.argv[3]), settings=settings)
w.show()
measure = sys.argv[4] == "measure"

def visible():
    if w.windowHandle() is None or not w.windowHandle().isExposed():
        QTimer.singleShot(1, visible)
        return
    print("VISIBLE", flush=True)
    if not measure:
        app.quit()
        return
    wait_index()

def wait_index():
    if w.visits_page.model.index_snapshot is None:
        QTimer.singleShot(5, wait_index)
        return
    print("LISTED", flush=True)
    run_measurements()

def settle(until):
    # Wait in a real event loop (the GUI thread idle in Qt), not a Python busy-loop.
    from PySide6.QtCore import QEventLoop
    loop = QEventLoop()
    def poll():
        if until():
            loop.quit()
        else:
            QTimer.singleShot(2, poll)
    QTimer.singleShot(0, poll)
    loop.exec()

def run_measurements():
    page = w.visits_page
    w.show_page(page)
    app.processEvents()
    table, model = page.table, page.model
    # Scroll: top, middle, bottom, each drawing its screenful of rows on demand.
    scroll = []
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        t0 = time.perf_counter()
        table.scrollTo(model.index(int((model.rowCount() - 1) * frac), 0))
        table.viewport().repaint()
        scroll.append((time.perf_counter() - t0) * 1000)
    # Filter keystrokes: each change of a filter control, to rows in the model and painted.
    lat = []
    combos = [page.axis_combos[k][0] for k in ("scope", "stage", "planning", "notice", "status")]
    for rnd in range(6):
        for combo in combos + [page.school]:
            target = (combo.currentIndex() + 1) % combo.count()
            t0 = time.perf_counter()
            combo.setCurrentIndex(target)
            table.viewport().repaint()
            lat.append((time.perf_counter() - t0) * 1000)
    # Search keystrokes go through FTS5 on a worker; measured to the rows painted.
    for combo in combos + [page.school]:
        combo.setCurrentIndex(0)
    search = []
    for text in ("食", "食堂", "食堂留", "食堂留样", "消防通道", "作业"):
        page.search.blockSignals(True)  # measure one search per keystroke, not the debounce too
        page.search.setText(text)
        page.search.blockSignals(False)
        t0 = time.perf_counter()
        page.apply_filter()
        settle(lambda: not model.busy)
        table.viewport().repaint()
        search.append((time.perf_counter() - t0) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print("RESULT " + json.dumps(dict(filter_ms=lat, search_ms=search, scroll_ms=scroll, rss_mb=rss, rows=len(model.keys))), flush=True)
    # The figures are out; skip interpreter teardown, which is not what is measured here.
    import os
    os._exit(0)

QTimer.singleShot(0, visible)
app.exec()
"""


def data_dir() -> Path:
    root = Path(os.environ.get("INSPECTOR_BENCH_DATA") or Path(tempfile.gettempdir()) / "inspector-bench-100k")
    if not (root / "workspace.sqlite3").exists():
        print(f"building a {VISITS}-visit workspace in {root} (once)...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "inspector_desktop", "demo", "--data-dir", str(root), "--visits", str(VISITS), "--as-of", AS_OF],
            check=True, stdout=subprocess.DEVNULL,
        )
    return root


def launch(code: str, *args: str) -> tuple[float, list[str]]:
    """Seconds from launch to the window being exposed, and every line printed."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    visible_at = None
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith("VISIBLE") and visible_at is None:
            visible_at = time.perf_counter() - t0
    proc.wait()
    if visible_at is None or proc.returncode:
        raise RuntimeError(f"window never became visible (exit {proc.returncode}): {lines}")
    return visible_at, lines


def main() -> None:
    root = data_dir()
    settings = str(Path(tempfile.mkdtemp()) / "ui.ini")
    launch(BARE)  # warm the OS file cache for both, so neither pays for the other's first read
    launch(APP, str(root), settings, AS_OF, "start")
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(launch(BARE)[0])
        app.append(launch(APP, str(root), settings, AS_OF, "start")[0])
    _t, lines = launch(APP, str(root), settings, AS_OF, "measure")
    result = json.loads(next(line for line in lines if line.startswith("RESULT "))[len("RESULT "):])

    bare_s, app_s = statistics.median(bare), statistics.median(app)
    filt = statistics.median(result["filter_ms"])
    rows = [
        ("cold start to visible window", f"{app_s * 1000:.0f} ms", f"bare PySide6 window {bare_s * 1000:.0f} ms", f"{app_s / bare_s:.2f}x", "<= 2.0x"),
        ("filter keystroke, median", f"{filt:.1f} ms", f"max {max(result['filter_ms']):.1f} ms over {len(result['filter_ms'])}", "", "<= 30 ms"),
        ("search keystroke (FTS5), median", f"{statistics.median(result['search_ms']):.0f} ms",
         f"max {max(result['search_ms']):.0f} ms", "", "(async, no freeze)"),
        ("scroll to a new screenful, max", f"{max(result['scroll_ms']):.1f} ms", "", "", ""),
        ("peak RSS (app process)", f"{result['rss_mb']:.0f} MB", "", "", "<= 200 MB"),
    ]
    print(f"{VISITS} visits; cold starts are medians of {RUNS} runs each")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    main()
