"""Rectification (整改): open → reported by the school → verified at re-inspection,
or overdue → escalated; with the deadline arithmetic the chain runs on."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.lifecycle import Lifecycle


class RectificationStatus(StrEnum):
    OPEN = "open"
    REPORTED = "reported"
    VERIFIED = "verified"
    OVERDUE = "overdue"
    ESCALATED = "escalated"


RECTIFICATION_LIFECYCLE: Lifecycle[RectificationStatus] = Lifecycle(
    "rectification",
    {
        RectificationStatus.OPEN: {RectificationStatus.REPORTED, RectificationStatus.OVERDUE},
        # A re-inspection either verifies the report or re-opens the item.
        RectificationStatus.REPORTED: {RectificationStatus.VERIFIED, RectificationStatus.OPEN},
        RectificationStatus.OVERDUE: {
            RectificationStatus.REPORTED,
            RectificationStatus.ESCALATED,
        },
        # Escalation does not end the duty to rectify: the school still reports.
        RectificationStatus.ESCALATED: {RectificationStatus.REPORTED},
    },
)


class Verdict(StrEnum):
    """A re-inspection's (复查) verdict on one requirement."""

    RECTIFIED = "rectified"
    PARTLY_RECTIFIED = "partly_rectified"
    NOT_RECTIFIED = "not_rectified"


def status_after_verdict(verdict: Verdict) -> RectificationStatus:
    return RectificationStatus.VERIFIED if verdict is Verdict.RECTIFIED else RectificationStatus.OPEN


class DayCount(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


def is_working_day(day: dt.date) -> bool:
    # Weekends only: public holidays vary by year and province and come from rule files.
    return day.weekday() < 5


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def deadline_after(
    start: dt.date,
    days: int,
    count: DayCount = DayCount.CALENDAR,
    roll_weekend: bool = True,
) -> dt.date:
    """The deadline ``days`` after ``start``.

    Calendar days may land on a weekend; then the deadline rolls forward to the
    next working day when ``roll_weekend`` (a school cannot report on a Sunday).
    """
    if days < 0:
        raise DomainError("rectification.negative_days", days=days)
    if count is DayCount.CALENDAR:
        end = start + dt.timedelta(days=days)
        return next_working_day(end) if roll_weekend else end
    end, left = start, days
    while left:
        end += dt.timedelta(days=1)
        if is_working_day(end):
            left -= 1
    return end


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Negative once the deadline has passed."""
    return (deadline - today).days


def is_overdue(status: RectificationStatus, deadline: dt.date, today: dt.date) -> bool:
    # Only a still-open requirement can go overdue; a report stops the clock.
    return status is RectificationStatus.OPEN and today > deadline


def effective_status(
    status: RectificationStatus, deadline: dt.date, today: dt.date
) -> RectificationStatus:
    """What the status is today, counting a deadline that passed while offline."""
    return RectificationStatus.OVERDUE if is_overdue(status, deadline, today) else status
