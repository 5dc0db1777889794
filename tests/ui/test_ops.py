"""The background-op helper: results, errors, cancellation, and a live event loop."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from inspector_desktop.ui.ops import run_op


def test_a_slow_operation_leaves_the_event_loop_responsive(qtbot):
    """The operation cannot finish until the GUI thread has ticked three times while
    it runs: its result arriving at all proves the event loop stayed live."""
    parent = QWidget()
    qtbot.addWidget(parent)
    running = threading.Event()
    release = threading.Event()
    ticks_during_op: list[int] = []

    def tick() -> None:
        if running.is_set() and not release.is_set():
            ticks_during_op.append(threading.get_ident())
            if len(ticks_during_op) == 3:
                release.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    results: list[int] = []
    gui_thread = threading.get_ident()
    worker_thread: list[int] = []

    def slow(task):
        worker_thread.append(threading.get_ident())
        running.set()
        # Held here until the GUI thread has shown it is still running its loop.
        if not release.wait(10):
            raise TimeoutError("the GUI thread never ticked while the operation ran")
        return 42

    run_op(parent, slow, on_done=results.append, on_error=lambda e, _tb: results.append(e))
    qtbot.waitUntil(lambda: results != [], timeout=15_000)
    timer.stop()
    assert results == [42]
    assert worker_thread and worker_thread[0] != gui_thread
    assert ticks_during_op == [gui_thread] * 3


def test_errors_reach_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = []

    def boom(task):
        raise ValueError("disk full")

    run_op(parent, boom, on_done=lambda r: seen.append(("done", r)), on_error=lambda e, tb: seen.append(("err", str(e), "ValueError" in tb)))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [("err", "disk full", True)]


def test_progress_and_cancel(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    progress: list[tuple[int, int]] = []
    done: list[object] = []
    cancelled = threading.Event()

    def long(task):
        for i in range(200):
            task.check()
            task.progress(i, 200)
            if i == 5:
                # Wait here for the GUI to press Cancel: it lands mid-run, on every machine.
                assert cancelled.wait(10)
        return "finished"

    op = run_op(parent, long, on_done=done.append, on_progress=lambda d, t, _x: progress.append((d, t)), progress_label="Working")
    qtbot.waitUntil(lambda: (5, 200) in progress, timeout=5000)
    op.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: not op.running, timeout=5000)
    assert done == []  # a cancelled result is dropped
    assert progress[-1] == (5, 200)  # it stopped at the first check after Cancel


def test_a_burst_of_operations_with_progress_survives(qtbot):
    """Thousands of results and progress reports from worker threads (this used to
    abort the process inside PySide6 when workers emitted signals)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[int] = []
    seen_progress: list[int] = []

    def work(n):
        def fn(task):
            for i in range(50):
                task.progress(i, 50)
            return n

        return fn

    for n in range(1500):
        run_op(parent, work(n), on_done=results.append, on_progress=lambda d, t, _x: seen_progress.append(d))
    qtbot.waitUntil(lambda: len(results) == 1500, timeout=60_000)
    assert sorted(results) == list(range(1500))
    assert seen_progress  # progress reached the GUI thread


def test_a_slow_op_with_a_progress_dialog_still_delivers_its_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    results = []
    dialog_seen = threading.Event()

    def slow(task):
        # Started (progress 0 starts the dialog's show timer) and still working
        # until the progress dialog is on screen.
        task.progress(0, 10)
        if not dialog_seen.wait(10):
            raise TimeoutError("the progress dialog never appeared")
        task.progress(10, 10)
        return "stored"

    op = run_op(parent, slow, on_done=results.append, progress_label="Storing evidence…")
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=10_000)
    dialog_seen.set()
    qtbot.waitUntil(lambda: not op.running, timeout=10_000)
    assert results == ["stored"]


def test_results_for_a_closed_window_are_dropped_quietly(qtbot):
    parent = QWidget()
    results = []
    release = threading.Event()

    def waits(task):
        release.wait(5)
        return 1

    op = run_op(parent, waits, on_done=results.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not isValid(parent), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not op.running, timeout=5000)
    assert results == []


def test_a_newer_run_with_the_same_key_supersedes_the_older(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    delivered: list[str] = []
    first_started, release_first = threading.Event(), threading.Event()

    def first(task):
        first_started.set()
        release_first.wait(5)
        return "first"

    older = run_op(parent, first, on_done=delivered.append, key="dossier")
    assert first_started.wait(5)
    newer = run_op(parent, lambda _t: "second", on_done=delivered.append, key="dossier")
    qtbot.waitUntil(lambda: not newer.running, timeout=5000)
    release_first.set()
    qtbot.waitUntil(lambda: not older.running, timeout=5000)
    assert delivered == ["second"]
    assert older.task.cancelled  # the older task was told to stop, so a loop with check() ends early


def test_a_superseded_run_that_finishes_last_is_still_dropped(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    delivered: list[str] = []
    errors: list[str] = []
    release_first, release_second = threading.Event(), threading.Event()

    def first(task):
        release_first.wait(5)
        raise ValueError("stale failure")

    def second(task):
        release_second.wait(5)
        return "second"

    older = run_op(parent, first, on_done=delivered.append, on_error=lambda e, _tb: errors.append(str(e)), key="k")
    newer = run_op(parent, second, on_done=delivered.append, on_error=lambda e, _tb: errors.append(str(e)), key="k")
    release_second.set()
    qtbot.waitUntil(lambda: not newer.running, timeout=5000)
    release_first.set()
    qtbot.waitUntil(lambda: not older.running, timeout=5000)
    assert delivered == ["second"] and errors == []  # neither the old result nor its error arrives


def test_keys_are_per_parent_and_per_key(qtbot):
    a, b = QWidget(), QWidget()
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    delivered: list[str] = []
    release = threading.Event()

    def waits(name):
        def fn(task):
            release.wait(5)
            return name

        return fn

    ops = [
        run_op(a, waits("a:list"), on_done=delivered.append, key="list"),
        run_op(b, waits("b:list"), on_done=delivered.append, key="list"),  # another parent: not superseded
        run_op(a, waits("a:search"), on_done=delivered.append, key="search"),  # another key: not superseded
        run_op(a, waits("a:plain"), on_done=delivered.append),
        run_op(a, waits("a:plain2"), on_done=delivered.append),  # no key: never superseded
    ]
    release.set()
    qtbot.waitUntil(lambda: not any(op.running for op in ops), timeout=5000)
    assert sorted(delivered) == ["a:list", "a:plain", "a:plain2", "a:search", "b:list"]
