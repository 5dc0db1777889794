"""One notice after every write or sync, and the pages that show what changed refresh.

A colleague's laptop pushes visits to the real server on 127.0.0.1; this laptop's
main window syncs (as its timer would) and the page on screen shows them without
any other action. A page that does not show visits is not re-read; a page out of
sight re-reads when it is shown.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

from inspector_desktop.store import edits, open_workspace
from inspector_desktop.sync import account
from inspector_desktop.ui.changes import Changes
from inspector_desktop.ui.ops import run_op
from tests.server.conftest import PASSWORD
from tests.sync.conftest import engine, no_keyring, office, server, team  # noqa: F401 - fixtures
from tests.sync.conftest import Laptop, add_visit
from tests.ui.conftest import TODAY, open_window


def _listed(window) -> set[str]:  # type: ignore[no-untyped-def]
    model = window.visits_page.model
    return {model.row_at(i).id for i in range(model.rowCount())}


@pytest.fixture
def signed_in(qtbot, tmp_path, english, no_keyring, ui_settings, server, team):  # noqa: F811
    names, school = team
    ws = open_workspace(tmp_path / "laptop")
    window = open_window(qtbot, ws, ui_settings)
    window.show_page(window.sync_page)
    sync = window.sync_page
    qtbot.mouseClick(sync.login_button, Qt.MouseButton.LeftButton)
    dialog = sync.login_dialog
    dialog.server.setText(server.url)
    dialog.username.setText(names[0])
    dialog.password.setText(PASSWORD)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: ws.setting("sync.last_sync") is not None and not sync.syncing, timeout=20_000)
    colleague = Laptop(tmp_path / "colleague", server.url, names[1])
    colleague.sync()
    yield window, colleague, school
    colleague.close()
    window.close()
    ws.close()


def test_visits_pulled_by_a_sync_appear_on_the_page_on_screen(qtbot, signed_in, monkeypatch):
    window, colleague, school = signed_in
    refreshed: Counter[str] = Counter()
    for name in ("today_page", "visits_page", "training_page", "schools_page"):
        page = getattr(window, name)
        real = page.refresh
        monkeypatch.setattr(page, "refresh", lambda name=name, real=real: (refreshed.update([name]), real())[1])

    def sync_with(purpose: str) -> str:
        vid = add_visit(colleague.ws, school, purpose=purpose)
        colleague.sync()
        before = window.workspace.setting("sync.last_sync")
        window.sync_page.sync_now()  # what the five-minute timer and a returning server do
        qtbot.waitUntil(lambda: window.workspace.setting("sync.last_sync") != before and not window.sync_page.syncing,
                        timeout=20_000)
        return vid

    # The Visits page on screen: the pulled visit is listed without any other action.
    window.show_page(window.visits_page)
    refreshed.clear()
    first = sync_with("同事新建的督导")
    qtbot.waitUntil(lambda: first in _listed(window), timeout=10_000)
    assert refreshed["visits_page"] == 1
    # Pages out of sight are not re-read now; Training does not even show visits.
    assert refreshed["today_page"] == refreshed["schools_page"] == refreshed["training_page"] == 0

    # Training on screen: a sync of visits leaves it alone...
    window.show_page(window.training_page)
    refreshed.clear()
    second = sync_with("第二次督导")
    assert refreshed["training_page"] == 0 and refreshed["visits_page"] == 0
    # ...and the Visits page, out of sight meanwhile, is up to date once shown.
    window.show_page(window.visits_page)
    qtbot.waitUntil(lambda: second in _listed(window), timeout=10_000)
    assert refreshed["visits_page"] == 1

    # Today on screen: the colleague's visit next week appears among the coming ones.
    window.show_page(window.today_page)
    third = sync_with("下周的督导")
    qtbot.waitUntil(lambda: window.today_page.summary is not None
                    and any(r.id == third for r in window.today_page.summary.upcoming), timeout=10_000)


def test_a_sync_report_names_the_kinds_it_wrote(qtbot, signed_in):
    window, colleague, school = signed_in
    add_visit(colleague.ws, school, purpose="只为报告")
    colleague.sync()
    reports = []
    run_op(window, lambda _t: account.sync_now(window.workspace), on_done=reports.append)
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert "visit" in reports[0].changed and "training_record" not in reports[0].changed


def test_a_write_from_a_dialog_closed_before_it_landed_still_refreshes_the_page(window, qtbot):
    window.show_page(window.training_page)
    page = window.training_page
    qtbot.waitUntil(lambda: page.summary is not None, timeout=5_000)
    dialog = QDialog(page)
    go = threading.Event()
    ws = window.workspace

    def write(_task):  # type: ignore[no-untyped-def]
        go.wait(10)
        return edits.add_training(ws, TODAY, 90, "督导业务培训（补录）", "省教育厅")

    run_op(dialog, write, changes=Changes.of("training_record"))
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=5_000)
    go.set()
    qtbot.waitUntil(lambda: any(r.title == "督导业务培训（补录）" for r in page.summary.records), timeout=10_000)
