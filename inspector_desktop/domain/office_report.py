"""The office's 督导报告 and 通报: the period they cover and the snapshot of their figures.

Plain data, no SQL: store/office_report.py computes the figures, and the PDF, the
spreadsheet and the window read the same snapshot (see that module for what
each figure counts).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.domain.escalation import EscalationKind
from inspector_desktop.domain.findings import Category
from inspector_desktop.domain.rectification import Verdict

STEPS = (EscalationKind.INTERVIEW, EscalationKind.PUBLIC_NOTIFICATION, EscalationKind.ACCOUNTABILITY)

# ---------------------------------------------------------------- the period

_PERIOD = re.compile(r"^(\d{4})(?:-(S[12]|\d{2}))?$")


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-S1", "2026-09"
    start: dt.date
    end: dt.date

    def months_gone(self, as_of: dt.date) -> int:
        """Months of the period begun by ``as_of`` (all of them once it is over)."""
        last = min(self.end, as_of)
        if last < self.start:
            return 0
        return (last.year - self.start.year) * 12 + last.month - self.start.month + 1


def parse_period(text: str) -> Period:
    """``2026`` (a year), ``2026-S1``/``2026-S2`` (a term: January–June, July–December)
    or ``2026-09`` (a month); ValueError for anything else."""
    m = _PERIOD.match(text.strip())
    if not m or not 1900 <= int(m.group(1)) <= 9999:
        raise ValueError(text)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return Period(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if part == "S1":
        return Period(f"{year}-S1", dt.date(year, 1, 1), dt.date(year, 6, 30))
    if part == "S2":
        return Period(f"{year}-S2", dt.date(year, 7, 1), dt.date(year, 12, 31))
    month = int(part)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return Period(f"{year}-{month:02d}", dt.date(year, month, 1),
                  dt.date(year, month, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------- the snapshot


@dataclass(frozen=True)
class SchoolLine:
    """One school's row of the region's tables."""

    code: str
    name: str
    visits_done: int
    visits_due: int
    findings: int
    rectifications: int
    closed_on_time: int
    closed_late: int
    still_open: int
    overdue: int


@dataclass(frozen=True)
class Repeat:
    school_code: str
    school_name: str
    category: Category
    this_period: int  # findings of the category in the period
    earlier: int  # before the period
    last_before: dt.date  # the latest earlier visit that found it


@dataclass(frozen=True)
class Rectifications:
    total: int
    closed_on_time: int
    closed_late: int
    still_open: int  # within its deadline, or reported and awaiting re-inspection
    overdue: int  # past its deadline unrectified, escalated or not

    @property
    def closed(self) -> int:
        return self.closed_on_time + self.closed_late

    @property
    def rate(self) -> float | None:
        return self.closed / self.total if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class Step:
    """One escalation step, with why it was taken."""

    school_code: str
    school_name: str
    kind: EscalationKind
    decided_on: dt.date
    decided_by: str
    reason: str
    form_number: str | None
    requirement: str | None
    deadline: dt.date | None  # the requirement's deadline the school missed
    verdict: Verdict | None  # the last re-inspection's before the step


@dataclass(frozen=True)
class Objections:
    received: int
    replied: int
    replied_late: int
    awaiting: int
    awaiting_overdue: int


@dataclass(frozen=True)
class InspectorDuty:
    code: str
    name: str
    schools: int
    large_schools: int
    load_percent: int  # of one inspector: 5 ordinary schools, or 1 large, is 100
    training_hours: float  # this year up to the report day
    visits: int  # completed visits in the period they were on

    @property
    def over_ratio(self) -> bool:
        return self.load_percent > 100

    @property
    def training_met(self) -> bool:
        return self.training_hours >= TRAINING_HOURS_PER_YEAR


@dataclass(frozen=True)
class OfficeReport:
    kind: str  # "school" or "region"
    period: Period
    as_of: dt.date
    office_name: str
    region: str
    school: tuple[str, str] | None  # code, name of a school's report
    rules_title_zh: str
    rules_title_en: str
    every_months: int
    schools: tuple[SchoolLine, ...]  # by code
    findings: tuple[tuple[Category, tuple[int, ...]], ...]  # every category; counts by Severity, in order
    repeats: tuple[Repeat, ...]
    rectifications: Rectifications
    steps: tuple[Step, ...]  # by school, then date
    step_counts: tuple[tuple[EscalationKind, int], ...]  # 约谈, 通报, 问责
    objections: Objections
    inspectors: tuple[InspectorDuty, ...]

    @property
    def visits_done(self) -> int:
        return sum(s.visits_done for s in self.schools)

    @property
    def visits_due(self) -> int:
        return sum(s.visits_due for s in self.schools)

    @property
    def schools_visited(self) -> int:
        return sum(s.visits_done > 0 for s in self.schools)

    @property
    def findings_total(self) -> int:
        return sum(sum(n) for _c, n in self.findings)
