"""Keeping a ruled table's ends with what surrounds them across page breaks.

A table may run over pages, but its heading never ends a page alone, and its last
rows stay on one page with what follows (the signatures certify the requirements
just above them, so they never start a page of their own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.flowables import _listWrapOn

LAST_LINES = 3  # of a long paragraph, kept with the closing after it


class KeepTail(Flowable):
    """``lead`` (a heading), a table built by ``make`` from ``rows`` (header first), ``tail``.

    The lead stays with at least the first body row. When there is a tail, at least
    the last body row goes with it, and the tail is never split from that row; a
    tail too tall for a whole page flows on, its last element (``closing``) kept
    together with whatever stands just before it.
    """

    def __init__(self, lead: Sequence[Flowable], rows: list[list[Any]], make: Callable[[list[list[Any]]], Table],
                 tail: Sequence[Flowable] = (), closing: Sequence[Flowable] = ()) -> None:
        super().__init__()
        self.lead, self.rows, self.make = list(lead), rows, make
        self.tail, self.closing = list(tail), list(closing)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always asks to be split, like KeepTogether

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        table = self.make(self.rows)
        whole = [*self.lead, table, *self.tail, *self.closing]
        whole_height = _listWrapOn(whole, avail_width, self.canv)[1]  # wraps the table: its row heights
        if whole_height <= avail_height:
            return whole
        heights = table._rowHeights
        lead_height = _listWrapOn(self.lead, avail_width, self.canv)[1] if self.lead else 0
        after = whole_height - lead_height - sum(heights)  # the tail and the closing, spaces included
        frame = getattr(self, "_frame", None)
        kept = bool(self.tail or self.closing)
        if kept and frame is not None:
            # Not even the last row with what follows fits on a page: keeping is
            # impossible, so nothing is pushed on (which would leave a page half empty).
            page = frame._y2 - frame._y1 - frame._topPadding - frame._bottomPadding
            if heights[0] + heights[-1] + after > page:
                return self._flowing(table, avail_width)
        used = whole_height - after - sum(heights[1:]) + 1  # the lead and the header row
        first = 0
        while first < len(heights) - 1 - kept and used + heights[1 + first] <= avail_height:
            used += heights[1 + first]
            first += 1
        if first == 0:
            if not getattr(frame, "_atTop", False):
                return []  # nothing fits here: start again on the next page
            return self._flowing(table, avail_width)  # too tall for any page: let it run
        rest = KeepTail([], self.rows[:1] + self.rows[1 + first:], self.make, self.tail, self.closing)
        return [*self.lead, self.make(self.rows[: 1 + first]), rest]

    def _flowing(self, table: Table, avail_width: float) -> list[Flowable]:
        """Everything flows on, the closing kept with the last lines before it."""
        if not self.closing:
            return [*self.lead, table, *self.tail]
        before = [table, *self.tail]
        last = before.pop()
        if isinstance(last, Paragraph):
            last.wrap(avail_width, 0xFFFFFF)
            lines = len(last.blPara.lines)
            if lines > LAST_LINES:
                head, last = last.split(avail_width, (lines - LAST_LINES) * last.style.leading + 0.5)
                before.append(head)
        return [*self.lead, *before, KeepTogether([last, *self.closing])]

    def draw(self) -> None:  # pragma: no cover - always split before drawing
        raise AssertionError("KeepTail is split, never drawn")
