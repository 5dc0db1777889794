"""An inspector's standing duties: about five responsible schools each (one for a
school flagged large), and at least 30 hours of centralised training a year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

SCHOOLS_PER_INSPECTOR = 5
TRAINING_HOURS_PER_YEAR = 30


def school_load(is_large: bool) -> Fraction:
    """How much of one inspector a school takes: 1/5, or all of them if large."""
    return Fraction(1) if is_large else Fraction(1, SCHOOLS_PER_INSPECTOR)


@dataclass(frozen=True)
class Load:
    schools: int
    large_schools: int
    load: Fraction

    @property
    def over_ratio(self) -> bool:
        return self.load > 1

    @property
    def percent(self) -> int:
        return round(self.load * 100)

    @property
    def shares(self) -> int:
        """The load in fifths of one inspector, as the office reads it against 1:5:
        a school is one, a large school five, so 6 reads "6/5", over the guideline."""
        return int(self.load * SCHOOLS_PER_INSPECTOR)


def inspector_load(schools_are_large: Iterable[bool]) -> Load:
    flags = list(schools_are_large)
    return Load(
        schools=len(flags),
        large_schools=sum(flags),
        load=sum((school_load(f) for f in flags), Fraction(0)),
    )


@dataclass(frozen=True)
class TrainingProgress:
    minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def shortfall_hours(self) -> float:
        return max(0.0, TRAINING_HOURS_PER_YEAR - self.hours)

    @property
    def complete(self) -> bool:
        return self.minutes >= TRAINING_HOURS_PER_YEAR * 60

    @property
    def fraction(self) -> float:
        return min(1.0, self.hours / TRAINING_HOURS_PER_YEAR)


def training_progress(minutes_this_year: Iterable[int]) -> TrainingProgress:
    return TrainingProgress(minutes=sum(minutes_this_year))
