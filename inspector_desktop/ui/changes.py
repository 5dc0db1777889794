"""What changed, and who is told: one notice after every write or sync.

Modelled on Anki's ``OpChanges``: a write declares the kinds of records it
touched (their table names: ``"visit"``, ``"finding"``, ``"rectification"``…), a
sync reports the kinds it wrote, and the main window's ``ChangeBus`` passes that
small value to every page. A page says which kinds it shows (``Page.shows``) and
refreshes only when a change concerns them.

Writes announce through ``run_op(..., changes=...)``, which finds the bus by
walking up from the op's parent to the window that owns it; a page or dialog
used on its own (in a test, say) has no bus, and nothing is announced.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

EVERY_KIND: frozenset[str] = frozenset({"*"})  # what a page listing every kind of record shows


@dataclass(frozen=True)
class Changes:
    """The kinds of records one write or sync changed."""

    kinds: frozenset[str] = frozenset()
    # When the kinds are unknown: demo data, or a sync that stopped part-way.
    everything: bool = False

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.everything or other.everything)

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds)

    def concerns(self, shown: frozenset[str]) -> bool:
        """Whether a page showing ``shown`` must re-read what it shows."""
        if not self or not shown:
            return False
        return self.everything or "*" in shown or not self.kinds.isdisjoint(shown)


class ChangeBus(QObject):
    """The one place a window's pages hear about changes; lives on the main window."""

    changed = Signal(object)  # a Changes

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)


def bus_near(obj: QObject | None) -> ChangeBus | None:
    """The bus of the window ``obj`` belongs to: the first ancestor holding one."""
    while obj is not None and isValid(obj):
        bus = getattr(obj, "change_bus", None)
        if isinstance(bus, ChangeBus):
            return bus
        obj = obj.parent()
    return None


def announce(origin: QObject | None, changes: Changes) -> None:
    """Tell the window ``origin`` belongs to that ``changes`` happened (GUI thread only)."""
    bus = bus_near(origin)
    if bus is not None and isValid(bus):
        bus.announce(changes)
