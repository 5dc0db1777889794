"""Every transition of the accountability chain, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_desktop.domain import DomainError, EscalationKind, FormStatus, ResponseKind, Verdict
from inspector_desktop.domain import chain
from inspector_desktop.domain.chain import ChainState
from inspector_desktop.domain.rectification import RectificationStatus as S
from inspector_desktop.domain.rules import load_rules

E = EscalationKind
RULES = load_rules("default.v1")
PROVINCE = load_rules("jiangxi.v1")  # may skip the interview
D = dt.date(2026, 11, 2)  # a Monday
DAY = dt.timedelta(days=1)


def state(status=S.OPEN, deadline=D, steps=(), verdict=None):
    return ChainState(status, deadline, tuple(steps), verdict)


def test_report_stops_the_clock_from_every_live_status():
    for status in (S.OPEN, S.OVERDUE, S.ESCALATED):
        assert chain.report(state(status)).status is S.REPORTED
    for status in (S.REPORTED, S.VERIFIED):
        with pytest.raises(DomainError) as err:
            chain.report(state(status))
        assert err.value.code == "rectification.bad_transition"


def test_overdue_only_after_the_deadline_and_only_when_open():
    assert chain.mark_overdue(state(), D + DAY).status is S.OVERDUE
    for today, status in ((D, S.OPEN), (D + DAY, S.REPORTED), (D + DAY, S.ESCALATED)):
        with pytest.raises(DomainError) as err:
            chain.mark_overdue(state(status), today)
        assert err.value.code == "rectification.not_overdue"


def test_rectified_verdict_closes_the_item():
    after = chain.apply_verdict(state(S.REPORTED), Verdict.RECTIFIED, D + 3 * DAY, RULES)
    assert after.status is S.VERIFIED and after.last_verdict is Verdict.RECTIFIED
    assert after.deadline == D


def test_partly_rectified_reopens_with_a_fresh_period():
    inspected = D + 5 * DAY  # Saturday 2026-11-07; + 15 days = Sunday 22nd, rolled to Monday 23rd
    after = chain.apply_verdict(state(S.REPORTED), Verdict.PARTLY_RECTIFIED, inspected, RULES)
    assert after.status is S.OPEN
    assert after.deadline == dt.date(2026, 11, 23)


def test_not_rectified_after_the_deadline_is_overdue_at_once_and_prompts_escalation():
    after = chain.apply_verdict(state(S.REPORTED), Verdict.NOT_RECTIFIED, D + 3 * DAY, RULES)
    assert after.status is S.OVERDUE and after.deadline == D
    assert chain.escalation_prompt(after, D + 3 * DAY) is E.INTERVIEW


def test_not_rectified_before_the_deadline_leaves_the_school_its_time():
    after = chain.apply_verdict(state(S.REPORTED, deadline=D + 10 * DAY), Verdict.NOT_RECTIFIED, D, RULES)
    assert after.status is S.OPEN and after.deadline == D + 10 * DAY
    assert chain.escalation_prompt(after, D) is None


def test_verdicts_need_a_report_first():
    for status in (S.OPEN, S.OVERDUE, S.ESCALATED, S.VERIFIED):
        with pytest.raises(DomainError) as err:
            chain.apply_verdict(state(status), Verdict.RECTIFIED, D, RULES)
        assert err.value.code == "rectification.bad_transition"


def test_the_ladder_climbs_with_time_for_the_school_between_rungs():
    s = chain.escalate(state(S.OVERDUE), E.INTERVIEW, D + DAY, RULES)
    assert s.status is S.ESCALATED and s.steps == (E.INTERVIEW,)
    assert s.deadline == dt.date(2026, 11, 18)  # 3rd + 15 days, a Wednesday
    with pytest.raises(DomainError) as err:
        chain.escalate(s, E.PUBLIC_NOTIFICATION, s.deadline, RULES)
    assert err.value.code == "escalation.too_early"
    assert err.value.params == {"not_before": "2026-11-19"}
    assert chain.escalation_prompt(s, s.deadline) is None
    assert chain.escalation_prompt(s, s.deadline + DAY) is E.PUBLIC_NOTIFICATION
    s = chain.escalate(s, E.PUBLIC_NOTIFICATION, s.deadline + DAY, RULES)
    s = chain.escalate(s, E.ACCOUNTABILITY, s.deadline + DAY, RULES)
    assert s.steps == (E.INTERVIEW, E.PUBLIC_NOTIFICATION, E.ACCOUNTABILITY)
    assert chain.escalation_prompt(s, s.deadline + 100 * DAY) is None
    with pytest.raises(DomainError) as err:
        chain.escalate(s, E.ACCOUNTABILITY, s.deadline + DAY, RULES)
    assert err.value.code == "escalation.ladder_exhausted"


def test_an_open_item_past_its_deadline_is_escalated_through_overdue():
    s = chain.escalate(state(S.OPEN), E.INTERVIEW, D + DAY, RULES)
    assert s.status is S.ESCALATED


def test_nothing_to_escalate_while_on_time_reported_or_verified():
    for st_, today in ((S.OPEN, D), (S.REPORTED, D + DAY), (S.VERIFIED, D + DAY)):
        with pytest.raises(DomainError) as err:
            chain.escalate(state(st_), E.INTERVIEW, today, RULES)
        assert err.value.code == "escalation.not_due"
        assert chain.escalation_prompt(state(st_), today) is None


def test_skipping_a_rung_only_where_the_rules_allow():
    with pytest.raises(DomainError) as err:
        chain.escalate(state(S.OVERDUE), E.PUBLIC_NOTIFICATION, D + DAY, RULES)
    assert err.value.code == "escalation.out_of_order"
    s = chain.escalate(state(S.OVERDUE), E.PUBLIC_NOTIFICATION, D + DAY, PROVINCE)
    assert s.steps == (E.PUBLIC_NOTIFICATION,)
    with pytest.raises(DomainError):
        chain.escalate(state(S.OVERDUE), E.ACCOUNTABILITY, D + DAY, PROVINCE)


def test_a_failed_reinspection_after_an_interview_climbs_to_the_next_rung():
    s = chain.escalate(state(S.OVERDUE), E.INTERVIEW, D + DAY, RULES)
    s = chain.report(s)
    s = chain.apply_verdict(s, Verdict.NOT_RECTIFIED, s.deadline + DAY, RULES)
    assert s.status is S.OVERDUE and s.steps == (E.INTERVIEW,)
    assert chain.escalation_prompt(s, s.deadline + DAY) is E.PUBLIC_NOTIFICATION


def test_incentive_needs_a_verified_item_or_none():
    chain.check_incentive(None)
    chain.check_incentive(S.VERIFIED)
    for status in (S.OPEN, S.REPORTED, S.OVERDUE, S.ESCALATED):
        with pytest.raises(DomainError) as err:
            chain.check_incentive(status)
        assert err.value.code == "incentive.not_verified"


@given(st.lists(st.sampled_from(["report", "rectified", "partly", "not", "escalate", "wait"]), max_size=25))
def test_any_sequence_of_events_keeps_statuses_on_the_lifecycle(events):
    from inspector_desktop.domain.rectification import RECTIFICATION_LIFECYCLE

    s, today = state(), D
    for event in events:
        before = s
        try:
            if event == "report":
                s = chain.report(s)
            elif event in ("rectified", "partly", "not"):
                verdict = {"rectified": Verdict.RECTIFIED, "partly": Verdict.PARTLY_RECTIFIED,
                           "not": Verdict.NOT_RECTIFIED}[event]
                s = chain.apply_verdict(s, verdict, today, RULES)
            elif event == "escalate":
                kind = chain.escalation_prompt(s, today)
                if kind is None:
                    continue
                s = chain.escalate(s, kind, today, RULES)
            else:
                today += 10 * DAY
        except DomainError:
            assert s == before  # a refused event changes nothing
            continue
        if s.status is not before.status and s.status is not S.ESCALATED:
            # Moves are lifecycle steps, or open -> overdue inside one verdict.
            assert RECTIFICATION_LIFECYCLE.allowed(before.status, s.status) or (
                before.status is S.REPORTED and s.status is S.OVERDUE)
        assert list(s.steps) == list(before.steps) or s.steps[:-1] == before.steps
        assert s.deadline >= before.deadline or event in ("escalate",)


# ---------------------------------------------------------------- school response


def test_responses_to_a_form():
    A, OBJ = ResponseKind.ACKNOWLEDGEMENT, ResponseKind.OBJECTION
    chain.check_response(FormStatus.SIGNED, A, "", [])
    chain.check_response(FormStatus.ISSUED, OBJ, "整改期限过短", [])
    cases = [
        ((FormStatus.DRAFT, A, "", []), "response.form_not_signed"),
        ((FormStatus.ISSUED, OBJ, "  ", []), "response.objection_needs_reasons"),
        ((FormStatus.ISSUED, OBJ, "again", [A]), "response.already_acknowledged"),
        ((FormStatus.ISSUED, OBJ, "again", [OBJ]), "response.objection_pending"),
    ]
    for args, code in cases:
        with pytest.raises(DomainError) as err:
            chain.check_response(*args)
        assert err.value.code == code
    assert chain.reply_deadline(A, D, RULES) is None
    assert chain.reply_deadline(OBJ, D, RULES) == dt.date(2026, 11, 17)
    with pytest.raises(DomainError, match="response.already_replied"):
        chain.check_reply(OBJ, D, "答复")
    with pytest.raises(DomainError, match="response.nothing_to_reply"):
        chain.check_reply(A, None, "答复")
