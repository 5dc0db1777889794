"""Discreet mode: unannounced visits still to come stay hidden on screen.

The laptop is open inside other schools, so a plan that names the next school
for an unannounced visit must not sit in plain view. Revealing is a deliberate
act and lasts only a while; then everything is hidden again by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

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
        return self._timer.remainingTime() if self._timer.isActive() else 0

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


def _bool(value: object) -> bool:
    # QSettings hands back "true"/"false" strings from INI files.
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
