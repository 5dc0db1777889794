"""The Sync page: what is waiting, what was refused and why, conflicts to decide,
and the sync itself (a button, a timer while connected, and as soon as the server
answers again: sync_watch.py).

All work runs through ``run_op``, the keyring reads too (a keyring can take
seconds to answer, or ask for a password); the page only shows snapshots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_desktop.store import search
from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import account, conflicts, set_aside
from inspector_desktop.sync.engine import last_sync
from inspector_desktop.sync.transport import NetworkError
from inspector_desktop.ui.changes import EVERY_KIND, Changes, announce
from inspector_desktop.ui.errors import code_text, error_text
from inspector_desktop.ui.i18n import format_datetime
from inspector_desktop.ui.record_text import action_with_changes, changes_text, kind_and_name
from inspector_desktop.ui.form_editor import open_form_editor
from inspector_desktop.ui.login_dialog import LoginDialog
from inspector_desktop.ui.lost_laptop import LostLaptopsButton, erase_after_telling, revoked_by_office
from inspector_desktop.ui.ops import run_op
from inspector_desktop.ui.sync_conflicts import ConflictList
from inspector_desktop.ui.sync_watch import FIRST_PROBE_MS, MAX_PROBE_MS, PERIOD_MS, SyncWatch
from inspector_desktop.ui.table_models import Column, SnapshotTableModel
from inspector_desktop.ui.widgets import EmptyState, heading, stretch_columns, table_view


def _change(item: conflicts.QueueItem) -> str:
    return action_with_changes(item.op, changes_text(item.entity, item.changes, item.op))


@dataclass(frozen=True)
class AccountState:
    """Who is signed in, to where, and when the last sync was: read on a worker."""

    session: account.SignedIn | None = None
    server_url: str | None = None
    username: str = ""
    last_sync: dt.datetime | None = None


def read_account(ws: Workspace) -> AccountState:
    return AccountState(account.current(ws), account.server_url(ws), ws.setting(account.USERNAME, "") or "", last_sync(ws))


class SyncPage(QWidget):
    shows = EVERY_KIND  # every local change waits in the queue shown here
    # Double-click or Enter on a change or a conflict opens the record it names (as Today's lists do).
    open_visit = Signal(str)
    open_school = Signal(str)
    open_rectification = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, period_ms: int = PERIOD_MS,
                 probe_ms: int = MAX_PROBE_MS, first_probe_ms: int = FIRST_PROBE_MS) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.syncing = False
        self.last_error = ""
        self.account = AccountState()
        self.title = heading()
        self.account_label = QLabel()
        self.account_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.login_button = QPushButton()
        self.login_button.clicked.connect(self.log_in_or_out)
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)

        self.queue_title = heading()
        self.queue = SnapshotTableModel([
            Column(lambda: self.tr("No."), lambda r: str(r.seq)),
            Column(lambda: self.tr("Record"), lambda r: kind_and_name(r.name)),
            Column(lambda: self.tr("Change"), lambda r: _change(r)),
            Column(lambda: self.tr("State"), self._state_text),
            Column(lambda: self.tr("Reason"), lambda r: code_text(r.reason) if r.state == "rejected" else ""),
        ])
        self.queue_view = table_view(self.queue)
        stretch_columns(self.queue_view, stretch=(1, 2))
        self.dismiss_button = QPushButton()
        self.dismiss_button.clicked.connect(self.dismiss)

        self.conflicts = ConflictList(workspace, self)
        self.conflicts.decided.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(self.account_label, 1)
        top.addWidget(self.login_button)
        top.addWidget(self.sync_button)
        self.lost_laptops = LostLaptopsButton(workspace, self)  # a lead's only
        top.addWidget(self.lost_laptops)
        queue_buttons = QHBoxLayout()
        queue_buttons.addStretch(1)
        queue_buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.queue_title)
        layout.addWidget(self.queue_view, 2)
        layout.addLayout(queue_buttons)
        layout.addWidget(self.conflicts.title)
        layout.addWidget(self.conflicts.view, 1)
        layout.addLayout(self.conflicts.decisions)

        # Records from the server this laptop cannot apply yet: shown only when there are some.
        self.aside_title = heading()
        self.aside_note = QLabel()
        self.aside_note.setWordWrap(True)
        self.aside = SnapshotTableModel([
            Column(lambda: self.tr("Record"), lambda r: kind_and_name(r.name)),
            Column(lambda: self.tr("Why it waits"), lambda r: code_text(r.reason)),
            Column(lambda: self.tr("First seen"), lambda r: format_datetime(r.first_seen_at)),
            Column(lambda: self.tr("Tries"), lambda r: str(r.tries)),
        ])
        self.aside_view = table_view(self.aside)
        stretch_columns(self.aside_view, stretch=(0, 1))  # the record's name and why it waits, not the tries
        for w in (self.aside_title, self.aside_note, self.aside_view):
            layout.addWidget(w)
            w.setVisible(False)

        self.queue_view.activated.connect(self._open_queued)
        self.conflicts.view.activated.connect(self._open_conflict)
        self.queue_empty = EmptyState(self.queue_view, self.log_in_or_out)

        self.watch = SyncWatch(self._signed_in_server, self, period_ms=period_ms, first_probe_ms=first_probe_ms,
                               max_probe_ms=probe_ms)
        self.watch.due.connect(self.sync_now)
        self.watch.online_changed.connect(self._show_account)
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------ text

    def _state_text(self, row: conflicts.QueueItem) -> str:
        return {"pending": self.tr("waiting"), "sent": self.tr("sent"), "rejected": self.tr("refused")}.get(row.state, row.state)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sync"))
        self.sync_button.setText(self.tr("Sync now"))
        self.dismiss_button.setText(self.tr("Dealt with"))
        self.queue_title.setText(self.tr("Changes waiting, refused and recently sent"))
        self.queue_view.setToolTip(self.tr("Double-click or Enter opens the visit, school, rectification or feedback form"))
        self.aside_title.setText(self.tr("Records set aside"))
        self.aside_note.setText(self.tr(
            "These records from the server cannot be applied on this laptop yet. Everything else was synced; "
            "each sync tries them again."))
        self.aside.retranslate()
        self.queue.retranslate()
        self.conflicts.retranslate()
        self._show_account()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_account(self) -> None:
        session = self.account.session
        if session is None:
            self.account_label.setText(self.tr("Not signed in: changes are kept on this laptop until you log in."))
            self.login_button.setText(self.tr("Log in…"))
        else:
            text = self.tr("Signed in to {server} as {user}.").format(server=session.server_url, user=session.username)
            if not session.kept_in_keyring:
                text += " " + self.tr("No system keyring: you will be asked to log in again after the app closes.")
            self.account_label.setText(text)
            self.login_button.setText(self.tr("Log out"))
        self.sync_button.setEnabled(session is not None and not self.syncing)
        if session is None:
            self.queue_empty.say(self.tr("Nothing waiting. Changes you make are kept on this laptop and sent "
                                         "once you log in."), self.tr("Log in…"))
        else:
            self.queue_empty.say(self.tr("Nothing waiting: every change made on this laptop has reached the server."))
        when = self.account.last_sync
        state = self.tr("Last sync: {when}").format(when=format_datetime(when) if when else self.tr("never"))
        if self.online is False:
            state += " · " + self.tr("offline")
        if self.last_error:
            state += "\n" + self.tr("The last sync stopped: {reason} Nothing was lost.").format(reason=self.last_error)
        self.status_label.setText(state)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        ws = self.workspace
        run_op(self, lambda _t: (conflicts.queue(ws), conflicts.open_conflicts(ws), read_account(ws), set_aside.waiting_rows(ws)),
               on_done=self._show_data, key="refresh")

    def _show_data(self, data: tuple[list[conflicts.QueueItem], list[conflicts.ConflictView], AccountState, list[set_aside.Waiting]]) -> None:
        self.queue.set_rows(data[0])
        self.conflicts.show_rows(data[1])
        self.account = data[2]
        self.aside.set_rows(data[3])
        self.queue_empty.set_loaded()
        for w in (self.aside_title, self.aside_note, self.aside_view):
            w.setVisible(bool(data[3]))
        self._show_account()
        self.watch.account_changed()
        self.lost_laptops.refresh()

    # ------------------------------------------------------------ actions

    def log_in_or_out(self) -> None:
        ws = self.workspace
        if self.account.session is None:
            dialog = LoginDialog(ws, self.account.server_url, self.account.username, self)
            dialog.accepted.connect(lambda: self._logged_in(dialog.session))
            dialog.open()
            self.login_dialog = dialog
            return
        run_op(self, lambda _t: account.logout(ws), on_done=self._logged_out)

    def _logged_in(self, session: account.SignedIn | None) -> None:
        self.account = AccountState(session, session.server_url if session else None,
                                    session.username if session else "", self.account.last_sync)
        self._show_account()
        self.watch.account_changed()
        announce(self, Changes.of("roles"))  # a lead's sign-in shows the office's pages
        self.sync_now()

    def _logged_out(self, pending: int) -> None:
        self.account = AccountState(None, self.account.server_url, self.account.username, self.account.last_sync)
        self._show_account()
        self.watch.account_changed()
        announce(self, Changes.of("roles"))
        if pending:
            QMessageBox.information(self, self.tr("Logged out"), self.tr(
                "Logged out. %n change(s) have not reached the server yet; they stay on this laptop "
                "and will be sent after the next log-in.", "", pending))

    def sync_now(self) -> None:
        if self.syncing or self.account.session is None:
            return
        self.syncing = True
        self.watch.sync_started()
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        ws = self.workspace

        def work(task):  # type: ignore[no-untyped-def]
            return account.sync_now(ws, lambda stage, done, total: task.progress(done, total, stage))

        # The pages showing what the sync wrote refresh (announced after _synced).
        run_op(self, work, on_done=self._synced, on_error=self._sync_failed, on_progress=self._progress,
               changes=lambda report: Changes(frozenset(report.changed)))

    def _progress(self, done: int, total: int, stage: str) -> None:
        names = {"push": self.tr("Sending changes"), "upload": self.tr("Uploading files"),
                 "pull": self.tr("Receiving changes"), "download": self.tr("Downloading files")}
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(f"{names.get(stage, stage)} %v/%m")

    def _synced(self, _report: Any) -> None:
        self.syncing, self.last_error = False, ""
        self.watch.sync_ended(synced=True)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat(self.tr("Up to date"))
        self._show_account()
        self.refresh()
        # After a first sync the search index catches up while the inspector works.
        catch_up_search(self, self.workspace)

    def _sync_failed(self, exc: BaseException, _tb: str) -> None:
        if revoked_by_office(exc):  # no way around it: the workspace is erased
            erase_after_telling(self, self.workspace, exc)  # type: ignore[arg-type]
            return
        self.syncing = False
        self.last_error = error_text(exc)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Stopped"))
        self.watch.sync_ended(synced=False, unreachable=isinstance(exc, NetworkError))
        self.refresh()
        # Pages pulled before the stop are already stored; which kinds is not known here.
        announce(self, Changes(everything=True))

    def _open_queued(self, index: QModelIndex) -> None:
        self.open_record(self.queue.rows, index.row())

    def _open_conflict(self, index: QModelIndex) -> None:
        self.open_record(self.conflicts.rows, index.row())

    def open_record(self, rows: tuple[Any, ...], row: int) -> None:
        """The record a queued change or a conflict names; not a hidden visit, nor a deleted record."""
        if not 0 <= row < len(rows) or rows[row].name.hidden or getattr(rows[row], "op", "") == "delete":
            return
        kind, record_id = rows[row].entity, rows[row].entity_id
        if kind == "feedback_form":
            self.form_editor = open_form_editor(self, self.workspace, form_id=record_id)
            return
        signal = {"visit": self.open_visit, "school": self.open_school, "rectification": self.open_rectification}.get(kind)
        if signal is not None:
            signal.emit(record_id)

    def dismiss(self) -> None:
        row = self.queue_view.currentIndex().row()
        if 0 <= row < len(self.queue.rows) and self.queue.rows[row].state == "rejected":
            seq = self.queue.rows[row].seq
            ws = self.workspace
            run_op(self, lambda _t: conflicts.dismiss_rejection(ws, seq), on_done=lambda _r: self.refresh())

    # ------------------------------------------------------------ when to sync (sync_watch.py)

    def _signed_in_server(self) -> str | None:
        return self.account.server_url if self.account.session is not None else None

    @property
    def online(self) -> bool | None:
        return self.watch.online

    def set_online(self, online: bool) -> None:
        self.watch.set_online(online)

    def probe(self) -> None:
        self.watch.probe()


def catch_up_search(parent: Any, ws: Workspace) -> None:
    """Index what a first sync left unindexed, in the background while the inspector
    works (searches meanwhile read what is not indexed yet); cancelled on closing."""
    run_op(parent, lambda task: search.catch_up(ws, should_stop=lambda: task.cancelled), key="search.catch_up")
