"""When the Sync page syncs by itself: every few minutes while the server answers,
and within seconds of it answering again.

The operating system's network state is only a hint: a laptop can be "online"
on a hotel network that cannot reach the office, and a start without a network
reports no change when one appears. So what counts is the server itself: while
it is not known to answer, its /health is probed (on a worker, through
``run_op``) after 2 s, then 4 s, 8 s… up to 30 s between probes; the answer
that it is back starts a sync. A change of network seen by the system starts
the probing over at once. Nobody signed in: nothing to probe.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from inspector_desktop.sync import account
from inspector_desktop.ui.ops import run_op

PERIOD_MS = 5 * 60 * 1000  # between syncs while the server answers
FIRST_PROBE_MS = 2 * 1000  # the first wait after the server did not answer
MAX_PROBE_MS = 30 * 1000  # the longest wait between probes


class SyncWatch(QObject):
    due = Signal()  # time to sync
    online_changed = Signal()

    def __init__(self, server: Callable[[], str | None], parent: QObject | None = None, *, period_ms: int = PERIOD_MS,
                 first_probe_ms: int = FIRST_PROBE_MS, max_probe_ms: int = MAX_PROBE_MS) -> None:
        """``server`` gives the signed-in server's address from the page's last account
        snapshot (never the keyring: that is read on workers), or None."""
        super().__init__(parent)
        self.online: bool | None = None  # None until the server has answered or failed to
        self.server = server
        self.syncing = False
        self.first_probe_ms, self.max_probe_ms = first_probe_ms, max(first_probe_ms, max_probe_ms)
        self._wait_ms = first_probe_ms
        self._probing = False
        self.period = QTimer(self)
        self.period.setInterval(period_ms)
        self.period.timeout.connect(self._periodic)
        self.period.start()
        self.probe_timer = QTimer(self)
        self.probe_timer.setSingleShot(True)
        self.probe_timer.timeout.connect(self.probe)
        self._watch_network()

    # ------------------------------------------------------------ what the page tells

    def account_changed(self) -> None:
        """Signed in or out: start watching the server, or stop."""
        self._keep_watch()

    def sync_started(self) -> None:
        self.syncing = True
        self.probe_timer.stop()  # the sync itself will tell whether the server answers

    def sync_ended(self, synced: bool, unreachable: bool = False) -> None:
        self.syncing = False
        if synced:
            self._wait_ms = self.first_probe_ms
            self._set(True)
        elif unreachable:
            # The wait keeps growing: a server whose /health answers while every sync
            # fails is asked again at most every MAX_PROBE_MS, not in a tight loop.
            self._set(False)
        self._keep_watch()

    # ------------------------------------------------------------ probing

    def probe(self) -> None:
        url = self.server()
        if not url:
            return
        self.probe_timer.stop()
        self._probing = True
        run_op(self, lambda _t: account.reachable(url), on_done=self._probed, key="probe")

    def _probed(self, reachable: bool) -> None:
        self._probing = False
        self.set_online(reachable)

    def set_online(self, online: bool) -> None:
        """The server answers (or not) now; coming back starts a sync."""
        came_back = online and self.online is not True
        self._set(online)
        if came_back and self.server() and not self.syncing:
            self.due.emit()
        self._keep_watch()

    def _set(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit()

    def _keep_watch(self) -> None:
        if not self.server() or self.online is True:
            self.probe_timer.stop()
            return
        if self.syncing or self._probing or self.probe_timer.isActive():
            return
        if self.online is None:
            self.probe_timer.start(0)  # not known yet: look now
            return
        self.probe_timer.start(self._wait_ms)
        self._wait_ms = min(self._wait_ms * 2, self.max_probe_ms)

    def _periodic(self) -> None:
        if self.server() and self.online is not False:
            self.due.emit()

    # ------------------------------------------------------------ the system's view

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend() and QNetworkInformation.instance() is not None:
                # A bound method: Qt drops the connection when this object goes.
                QNetworkInformation.instance().reachabilityChanged.connect(self._network_changed)
        except (ImportError, AttributeError):
            pass  # no backend on this platform: the probes alone notice

    def _network_changed(self, _reachability: object) -> None:
        # Whatever the system says, ask the server, and from the start of the back-off.
        self._wait_ms = self.first_probe_ms
        self.probe()
