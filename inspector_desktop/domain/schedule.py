"""Routine visit cadence: every responsible school is visited every N months
(the rule file says how many), and the Today page shows what is due."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class VisitDue(StrEnum):
    OK = "ok"  # the next routine visit is not due yet
    PLANNED = "planned"  # a visit is booked before it falls due
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class RoutineDue:
    state: VisitDue
    due_on: dt.date
    last_visit_on: dt.date | None
    planned_on: dt.date | None

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day N months later; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def routine_due(
    last_visit_on: dt.date | None,
    next_planned_on: dt.date | None,
    responsible_since: dt.date,
    today: dt.date,
    *,
    every_months: int,
    due_soon_days: int,
) -> RoutineDue:
    """When the next routine visit to one school falls due, and how that stands today.

    A school never visited is due one period after the inspector took it on. A
    booked visit counts only if it is still ahead and in time: a planned date
    that has passed without a visit is a missed visit, not a plan. The cadence
    and the warning window come from the rule file (``RuleSet.routine_every_months``,
    ``routine_due_soon_days``); there are no defaults here to drift from it.
    """
    due_on = add_months(last_visit_on or responsible_since, every_months)
    booked = next_planned_on if next_planned_on is not None and next_planned_on >= today else None
    if today > due_on:
        state = VisitDue.OVERDUE
    elif booked is not None and booked <= due_on:
        state = VisitDue.PLANNED
    elif (due_on - today).days <= due_soon_days:
        state = VisitDue.DUE_SOON
    else:
        state = VisitDue.OK
    return RoutineDue(state, due_on, last_visit_on, booked)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def last_months(today: dt.date, count: int) -> list[str]:
    """The ``count`` months up to and including today's, oldest first."""
    first = add_months(today.replace(day=1), -(count - 1))
    return [month_key(add_months(first, i)) for i in range(count)]
