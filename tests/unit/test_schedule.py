"""Routine visit cadence (monthly by default) and the 双随机 draw."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_desktop.domain import DomainError
from inspector_desktop.domain import random_pick
from inspector_desktop.domain.rules import load_rules
from inspector_desktop.domain.schedule import VisitDue, add_months, last_months, routine_due

T = dt.date(2026, 11, 22)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 3, 15), -3) == dt.date(2025, 12, 15)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)), st.integers(1, 12))
def test_add_months_moves_exactly_n_calendar_months(day, n):
    later = add_months(day, n)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == n
    assert later.day <= day.day


def test_last_months():
    assert last_months(T, 3) == ["2026-09", "2026-10", "2026-11"]
    assert last_months(dt.date(2026, 1, 5), 2) == ["2025-12", "2026-01"]


@pytest.mark.parametrize(
    "last, planned, expected, due",
    [
        (dt.date(2026, 11, 1), None, VisitDue.OK, dt.date(2026, 12, 1)),
        (dt.date(2026, 10, 25), None, VisitDue.DUE_SOON, dt.date(2026, 11, 25)),
        (dt.date(2026, 10, 21), None, VisitDue.OVERDUE, dt.date(2026, 11, 21)),
        (dt.date(2026, 10, 22), None, VisitDue.DUE_SOON, dt.date(2026, 11, 22)),  # due today
        (dt.date(2026, 10, 25), dt.date(2026, 11, 24), VisitDue.PLANNED, dt.date(2026, 11, 25)),
        # Booked too late to keep the cadence: still due soon.
        (dt.date(2026, 10, 25), dt.date(2026, 12, 3), VisitDue.DUE_SOON, dt.date(2026, 11, 25)),
        # A planned date that passed without a visit is not a plan.
        (dt.date(2026, 10, 1), dt.date(2026, 10, 20), VisitDue.OVERDUE, dt.date(2026, 11, 1)),
        # Never visited: due one period after the inspector took the school on.
        (None, None, VisitDue.DUE_SOON, dt.date(2026, 11, 25)),
    ],
)
def test_routine_visit_states(last, planned, expected, due):
    default = load_rules()  # monthly, due soon a week ahead
    result = routine_due(last, planned, responsible_since=dt.date(2026, 10, 25), today=T,
                         every_months=default.routine_every_months, due_soon_days=default.routine_due_soon_days)
    assert (result.state, result.due_on) == (expected, due)


def test_cadence_comes_from_the_rules():
    assert routine_due(dt.date(2026, 9, 1), None, dt.date(2025, 1, 1), T, every_months=3, due_soon_days=7).state is VisitDue.OK


# ---------------------------------------------------------------- 双随机

ids = st.lists(st.uuids().map(str), min_size=1, max_size=30, unique=True)


@given(ids, st.data(), st.text(min_size=1, max_size=32))
def test_a_draw_is_reproducible_from_its_seed_whatever_the_candidate_order(schools, data, seed):
    count = data.draw(st.integers(1, len(schools)))
    first = random_pick.draw(seed, schools, count)
    again = random_pick.draw(seed, list(reversed(schools)), count)
    assert first == again
    assert len(first.school_ids) == count == len(set(first.school_ids))
    assert set(first.school_ids) <= set(schools)


@given(ids, ids, st.data())
def test_inspectors_are_drawn_for_each_school_avoiding_conflicts(schools, inspectors, data):
    count = data.draw(st.integers(1, len(schools)))
    per_school = data.draw(st.integers(1, len(inspectors)))
    # Each school's own inspector (if any) must never be drawn for it.
    conflicts = {s: frozenset(inspectors[i % len(inspectors)] for i in range(k % 2)) for k, s in enumerate(schools)}
    try:
        result = random_pick.draw("seed", schools, count, inspectors, per_school, conflicts)
    except DomainError as err:
        assert err.code == "random_pick.too_few_inspectors"
        assert len(inspectors) - 1 < per_school
        return
    assert set(result.inspectors) == set(result.school_ids)
    for school, team in result.inspectors.items():
        assert len(team) == per_school == len(set(team))
        assert not set(team) & conflicts[school]


def test_different_seeds_give_different_draws_and_bad_counts_are_refused():
    schools = [f"s{i:02d}" for i in range(40)]
    draws = {random_pick.draw(random_pick.new_seed(), schools, 5).school_ids for _ in range(20)}
    assert len(draws) > 15
    for count in (0, 41):
        with pytest.raises(DomainError) as err:
            random_pick.draw("x", schools, count)
        assert err.value.code == "random_pick.bad_count"
