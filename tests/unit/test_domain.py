"""The rules of inspection practice, without a database."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_desktop.domain import (
    DomainError,
    EscalationKind,
    FormStatus,
    Notice,
    RectificationStatus,
    SignatureRole,
    Verdict,
    VisitStatus,
    notice_letter_allowed,
)
from inspector_desktop.domain import duties, escalation, forms, rectification
from inspector_desktop.domain.forms import FORM_LIFECYCLE
from inspector_desktop.domain.rectification import RECTIFICATION_LIFECYCLE, DayCount
from inspector_desktop.domain.visits import VISIT_LIFECYCLE

# ------------------------------------------------------------------ lifecycles

EXPECTED_VISIT = {
    (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS),
    (VisitStatus.PLANNED, VisitStatus.CANCELLED),
    (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED),
    (VisitStatus.IN_PROGRESS, VisitStatus.CANCELLED),
}
EXPECTED_FORM = {(FormStatus.DRAFT, FormStatus.SIGNED), (FormStatus.SIGNED, FormStatus.ISSUED)}
R = RectificationStatus
EXPECTED_RECT = {
    (R.OPEN, R.REPORTED),
    (R.OPEN, R.OVERDUE),
    (R.REPORTED, R.VERIFIED),
    (R.REPORTED, R.OPEN),
    (R.OVERDUE, R.REPORTED),
    (R.OVERDUE, R.ESCALATED),
    (R.ESCALATED, R.REPORTED),
}


@pytest.mark.parametrize(
    "lifecycle, states, expected",
    [
        (VISIT_LIFECYCLE, VisitStatus, EXPECTED_VISIT),
        (FORM_LIFECYCLE, FormStatus, EXPECTED_FORM),
        (RECTIFICATION_LIFECYCLE, RectificationStatus, EXPECTED_RECT),
    ],
    ids=["visit", "form", "rectification"],
)
def test_every_transition_is_allowed_or_refused_with_a_code(lifecycle, states, expected):
    for a in states:
        for b in states:
            if (a, b) in expected:
                assert lifecycle.check(a, b) is b
            else:
                with pytest.raises(DomainError) as err:
                    lifecycle.check(a, b)
                assert err.value.code == f"{lifecycle.name}.bad_transition"
                assert err.value.params == {"current": a.value, "target": b.value}


def test_final_states():
    assert VISIT_LIFECYCLE.is_final(VisitStatus.COMPLETED)
    assert VISIT_LIFECYCLE.is_final(VisitStatus.CANCELLED)
    assert not VISIT_LIFECYCLE.is_final(VisitStatus.PLANNED)
    assert RECTIFICATION_LIFECYCLE.is_final(R.VERIFIED)
    assert FORM_LIFECYCLE.is_final(FormStatus.ISSUED)


def test_unannounced_visits_never_get_a_notice_letter():
    assert notice_letter_allowed(Notice.ANNOUNCED)
    assert not notice_letter_allowed(Notice.UNANNOUNCED)


# ------------------------------------------------------------------ feedback forms


def test_signing_needs_both_signatures():
    with pytest.raises(DomainError) as err:
        forms.ensure_signable(FormStatus.DRAFT, [SignatureRole.INSPECTOR], 2, "")
    assert err.value.code == "form.signature_missing"
    assert err.value.params["missing"] == ["school_representative"]
    forms.ensure_signable(FormStatus.DRAFT, list(SignatureRole), 2, "")


def test_a_form_without_findings_must_say_no_issues_were_found():
    with pytest.raises(DomainError) as err:
        forms.ensure_signable(FormStatus.DRAFT, list(SignatureRole), 0, "   ")
    assert err.value.code == "form.no_issues_statement_required"
    forms.ensure_signable(FormStatus.DRAFT, list(SignatureRole), 0, "本次督导未发现问题。")


def test_a_signed_form_cannot_be_signed_again_or_edited():
    with pytest.raises(DomainError) as err:
        forms.ensure_signable(FormStatus.SIGNED, list(SignatureRole), 1, "")
    assert err.value.code == "form.bad_transition"
    for status in (FormStatus.SIGNED, FormStatus.ISSUED):
        with pytest.raises(DomainError) as err:
            forms.ensure_editable(status)
        assert err.value.code == "form.locked"
    forms.ensure_editable(FormStatus.DRAFT)


codes = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=8)


@given(codes, st.integers(2000, 2999), st.integers(1, 9999))
def test_form_numbers_round_trip(code, year, seq):
    assert forms.parse_form_number(forms.form_number(code, year, seq)) == (code, year, seq)


@given(st.lists(st.tuples(codes, st.integers(2000, 2999), st.integers(1, 9999)), unique=True, max_size=40))
def test_form_numbers_never_collide_across_inspectors(keys):
    numbers = [forms.form_number(*k) for k in keys]
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("code, seq", [("", 1), ("A-B", 1), ("DX01", 0)])
def test_bad_form_number_parts_are_refused(code, seq):
    with pytest.raises(DomainError):
        forms.form_number(code, 2026, seq)


# ------------------------------------------------------------------ deadlines

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))


def test_a_deadline_on_a_saturday_rolls_to_monday():
    friday = dt.date(2026, 11, 20)
    assert rectification.deadline_after(friday, 1) == dt.date(2026, 11, 23)
    assert rectification.deadline_after(friday, 1, roll_weekend=False) == dt.date(2026, 11, 21)
    assert rectification.deadline_after(friday, 3) == dt.date(2026, 11, 23)


def test_working_days_skip_weekends():
    friday = dt.date(2026, 11, 20)
    assert rectification.deadline_after(friday, 1, DayCount.WORKING) == dt.date(2026, 11, 23)
    assert rectification.deadline_after(friday, 5, DayCount.WORKING) == dt.date(2026, 11, 27)
    assert rectification.deadline_after(friday, 0, DayCount.WORKING) == friday


@given(dates, st.integers(0, 400))
def test_calendar_deadlines_are_never_on_a_weekend_and_never_early(start, days):
    end = rectification.deadline_after(start, days)
    assert end.weekday() < 5
    assert 0 <= (end - start).days - days <= 2


@given(dates, st.integers(0, 300))
def test_working_day_deadlines_count_exactly_n_working_days(start, days):
    end = rectification.deadline_after(start, days, DayCount.WORKING)
    span = [start + dt.timedelta(d) for d in range(1, (end - start).days + 1)]
    assert sum(rectification.is_working_day(d) for d in span) == days
    if days:
        assert rectification.is_working_day(end)


def test_negative_days_are_refused():
    with pytest.raises(DomainError) as err:
        rectification.deadline_after(dt.date(2026, 1, 1), -1)
    assert err.value.code == "rectification.negative_days"


@given(dates, dates, st.sampled_from(list(RectificationStatus)))
def test_only_open_items_go_overdue_and_only_after_the_deadline(deadline, today, status):
    effective = rectification.effective_status(status, deadline, today)
    if status is R.OPEN and today > deadline:
        assert effective is R.OVERDUE
        assert rectification.days_left(deadline, today) < 0
    else:
        assert effective is status


def test_verdicts_close_or_reopen():
    assert rectification.status_after_verdict(Verdict.RECTIFIED) is R.VERIFIED
    assert rectification.status_after_verdict(Verdict.PARTLY_RECTIFIED) is R.OPEN
    assert rectification.status_after_verdict(Verdict.NOT_RECTIFIED) is R.OPEN
    for verdict in Verdict:
        assert RECTIFICATION_LIFECYCLE.allowed(R.REPORTED, rectification.status_after_verdict(verdict))


# ------------------------------------------------------------------ escalation

E = EscalationKind


def test_the_ladder_climbs_one_rung_at_a_time():
    assert escalation.next_step([]) is E.INTERVIEW
    assert escalation.next_step([E.INTERVIEW]) is E.PUBLIC_NOTIFICATION
    assert escalation.next_step([E.INTERVIEW, E.PUBLIC_NOTIFICATION]) is E.ACCOUNTABILITY
    assert escalation.next_step(list(escalation.LADDER)) is None
    escalation.check_step([], E.INTERVIEW)
    with pytest.raises(DomainError) as err:
        escalation.check_step([], E.ACCOUNTABILITY)
    assert err.value.code == "escalation.out_of_order"
    with pytest.raises(DomainError) as err:
        escalation.check_step(list(escalation.LADDER), E.ACCOUNTABILITY)
    assert err.value.code == "escalation.ladder_exhausted"


def test_rules_may_allow_skipping_a_rung():
    escalation.check_step([], E.PUBLIC_NOTIFICATION, skippable=[E.INTERVIEW])
    with pytest.raises(DomainError):
        escalation.check_step([], E.ACCOUNTABILITY, skippable=[E.INTERVIEW])
    escalation.check_step([], E.ACCOUNTABILITY, skippable=[E.INTERVIEW, E.PUBLIC_NOTIFICATION])


def test_incentive_is_not_an_escalation_step():
    with pytest.raises(DomainError) as err:
        escalation.check_step([], E.INCENTIVE)
    assert err.value.code == "escalation.incentive_not_a_step"


# ------------------------------------------------------------------ duties


def test_five_ordinary_schools_fill_one_inspector():
    load = duties.inspector_load([False] * 5)
    assert load.load == 1 and not load.over_ratio and load.percent == 100
    assert duties.inspector_load([False] * 6).over_ratio


def test_a_large_school_takes_a_whole_inspector():
    assert not duties.inspector_load([True]).over_ratio
    assert duties.inspector_load([True, False]).over_ratio
    assert duties.inspector_load([True, False]).load == Fraction(6, 5)


@given(st.lists(st.booleans(), max_size=30))
def test_over_ratio_matches_the_one_to_five_rule(flags):
    load = duties.inspector_load(flags)
    ordinary = flags.count(False)
    large = flags.count(True)
    assert load.over_ratio == (large * 5 + ordinary > 5)


def test_training_progress_against_thirty_hours():
    progress = duties.training_progress([720, 240, 180])
    assert progress.hours == 19
    assert progress.shortfall_hours == 11
    assert not progress.complete
    done = duties.training_progress([1800])
    assert done.complete and done.shortfall_hours == 0 and done.fraction == 1.0
