"""Discreet mode: unannounced visits still to come stay hidden on screen.

The laptop is open inside other schools, so a plan that names the next school
for an unannounced visit must not sit in plain view. Revealing is a deliberate
act and lasts only a while; then everything is hidden again by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from inspector_desktop.ui import icons
from inspector_desktop.ui.ops import run_op

if TYPE_CHECKING:  # the store is imported once the workspace opens, after the window's first frame
    from inspector_desktop.store.db import Workspace

ENABLED_KEY = "discreet/enabled"
TIMEOUT_KEY = "discreet/reveal_seconds"
DEFAULT_REVEAL_SECONDS = 60


class Discretion(QObject):
    """Whether hidden entries are shown now; ``changed`` tells every view to redraw."""

    changed = Signal()

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._revealed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.hide)

    @property
    def enabled(self) -> bool:
        return _bool(self._settings.value(ENABLED_KEY, True))

    def set_enabled(self, on: bool) -> None:
        self._settings.setValue(ENABLED_KEY, on)
        self.hide() if on else self.changed.emit()

    @property
    def reveal_seconds(self) -> int:
        return int(self._settings.value(TIMEOUT_KEY, DEFAULT_REVEAL_SECONDS) or DEFAULT_REVEAL_SECONDS)

    def set_reveal_seconds(self, seconds: int) -> None:
        self._settings.setValue(TIMEOUT_KEY, max(5, int(seconds)))

    @property
    def revealed(self) -> bool:
        """True when confidential visits may be shown in full right now."""
        return not self.enabled or self._revealed

    def remaining_ms(self) -> int:
        # A coarse timer may report a few ms more than it was started with;
        # the countdown must never read longer than the time the inspector chose.
        return min(self._timer.remainingTime(), self._timer.interval()) if self._timer.isActive() else 0

    def reveal(self, seconds: int | None = None) -> None:
        self._revealed = True
        self._timer.start(int((seconds or self.reveal_seconds) * 1000))
        self.changed.emit()

    def hide(self) -> None:
        self._timer.stop()
        was = self._revealed
        self._revealed = False
        if was or self.enabled:
            self.changed.emit()


class DiscreetBanner(QFrame):
    """Says in plain view when unannounced plans are on screen, for how long, and hides them.

    Three states: ``hidden`` (discreet mode on: no banner, only the quiet status
    indicator), ``revealed`` (shown for a while: the banner counts down the
    seconds left) and ``off`` (discreet mode switched off: the banner stays).
    The banner only appears when there are unannounced plans to show.
    """

    shows = frozenset({"visit"})

    def __init__(self, discretion: Discretion, workspace: Workspace, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.discretion, self.workspace, self.today = discretion, workspace, today
        self.plans = 0  # unannounced plans still to come, hidden or not
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.icon, self.text, self.button = QLabel(), QLabel(), QPushButton()
        self.text.setWordWrap(True)
        self.button.clicked.connect(self.hide_plans)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        # The quiet sign for the window's status bar while plans are hidden.
        self.indicator = QLabel()
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._render)
        discretion.changed.connect(self.refresh)
        self.hide()
        self._recolour()

    @property
    def state(self) -> str:
        d = self.discretion
        return "off" if not d.enabled else "revealed" if d.revealed else "hidden"

    def refresh(self) -> None:
        ws, today = self.workspace, self.today()

        def count(_t):  # type: ignore[no-untyped-def]
            from inspector_desktop.store import discretion as rule

            return rule.confidential_count(ws, today)

        run_op(self, count, on_done=self._counted, key="refresh")
        self._render()  # the state changes now; the count follows

    def hide_plans(self) -> None:
        d = self.discretion
        d.hide() if d.enabled else d.set_enabled(True)

    def _counted(self, plans: int) -> None:
        self.plans = plans
        self._render()

    def _render(self) -> None:
        state = self.state
        self.setVisible(state != "hidden" and self.plans > 0)
        self.indicator.setVisible(state == "hidden")
        self.indicator.setText(self.tr("Unannounced plans hidden"))
        self.indicator.setToolTip(self.tr("Discreet mode is on: unannounced (暗访) plans show no school or date."))
        if state == "revealed":
            if not self.tick.isActive():
                self.tick.start()
            self.text.setText(self.tr("Unannounced (暗访) plans are shown. Hidden again in {time}.").format(
                time=countdown(self.discretion.remaining_ms())))
            self.button.setText(self.tr("Hide now"))
        else:
            self.tick.stop()
            self.text.setText(self.tr("Discreet mode is off: unannounced (暗访) plans are shown to anyone "
                                      "who can see this screen."))
            self.button.setText(self.tr("Turn discreet mode on"))
        self.button.setToolTip(self.tr("Hide unannounced plans now"))
        self.setAccessibleName(self.text.text())

    def _recolour(self) -> None:
        # A tint of the highlight over the base colour: visible in light and dark themes.
        pal = self.palette()
        base, mark = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Highlight)
        tint = base.toRgb()
        tint.setRgb(*(int(b * 0.75 + m * 0.25) for b, m in zip(base.getRgb()[:3], mark.getRgb()[:3])))
        pal.setColor(QPalette.ColorRole.Window, tint)
        self.setPalette(pal)
        size = self.fontMetrics().height()
        self.icon.setPixmap(icons.icon("shown", pal).pixmap(QSize(size, size)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        elif event.type() == QEvent.Type.PaletteChange and not getattr(self, "_recolouring", False):
            self._recolouring = True  # setting our own palette sends this event again
            try:
                self._recolour()
            finally:
                self._recolouring = False
        super().changeEvent(event)


def countdown(ms: int) -> str:
    """Seconds left as mm:ss, rounded up: the banner never shows 00:00 while plans are still shown."""
    seconds = max(0, -(-ms // 1000))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _bool(value: object) -> bool:
    # QSettings hands back "true"/"false" strings from INI files.
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
