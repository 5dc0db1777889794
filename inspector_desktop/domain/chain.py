"""The accountability chain (长牙齿) as a state machine over one rectification.

    open ──report──▶ reported ──verdict: rectified──▶ verified ──▶ incentive (激励)
     │  ▲               │
     │  └──verdict: partly / not rectified (re-opened, new or same deadline)
     ▼
   overdue ──escalate──▶ escalated ──escalate (after days_to_next_step)──▶ …
                          interview 约谈 → public notification 通报 → accountability 问责

Statuses move only along ``RECTIFICATION_LIFECYCLE``; this module adds what the
lifecycle cannot know: deadlines from the rule file, the ladder already climbed,
when the next rung may be taken, and what to prompt on the Today page.
Each event is a pure function from one ``ChainState`` to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.escalation import EscalationKind, check_step, next_step
from inspector_desktop.domain.forms import FormStatus, ResponseKind
from inspector_desktop.domain.rectification import (
    RECTIFICATION_LIFECYCLE,
    RectificationStatus,
    Verdict,
    effective_status,
    status_after_verdict,
)
from inspector_desktop.domain.rules import RuleSet

S = RectificationStatus


@dataclass(frozen=True)
class ChainState:
    status: RectificationStatus
    deadline: dt.date
    steps: tuple[EscalationKind, ...] = ()  # escalation rungs taken, oldest first
    last_verdict: Verdict | None = None


def report(state: ChainState) -> ChainState:
    """The school reports its rectification (text and attachments); the clock stops."""
    RECTIFICATION_LIFECYCLE.check(state.status, S.REPORTED)
    return replace(state, status=S.REPORTED)


def mark_overdue(state: ChainState, today: dt.date) -> ChainState:
    if effective_status(state.status, state.deadline, today) is not S.OVERDUE:
        raise DomainError("rectification.not_overdue", status=str(state.status), deadline=state.deadline.isoformat())
    return replace(state, status=RECTIFICATION_LIFECYCLE.check(state.status, S.OVERDUE))


def apply_verdict(state: ChainState, verdict: Verdict, inspected_on: dt.date, rules: RuleSet) -> ChainState:
    """A re-inspection (复查) verdict closes the item or re-opens it.

    Partly rectified earns a fresh period; not rectified keeps the deadline that
    stands (or the rule file's grace days), so a failure found after the
    deadline is overdue at once and prompts the next escalation step.
    """
    target = status_after_verdict(verdict)
    RECTIFICATION_LIFECYCLE.check(state.status, target)
    after = replace(state, status=target, last_verdict=verdict)
    if verdict is Verdict.RECTIFIED:
        return after
    grace = rules.partly_rectified_days if verdict is Verdict.PARTLY_RECTIFIED else rules.not_rectified_days
    deadline = rules.deadline(inspected_on, grace) if grace else state.deadline
    after = replace(after, deadline=max(deadline, state.deadline) if grace else deadline)
    if effective_status(after.status, after.deadline, inspected_on) is S.OVERDUE:
        after = mark_overdue(after, inspected_on)
    return after


def next_step_due_on(state: ChainState) -> dt.date | None:
    """The first day the next rung may be taken; None when there is nothing to escalate."""
    if state.status is S.OVERDUE:
        return state.deadline + dt.timedelta(days=1)
    if state.status is S.ESCALATED and next_step(state.steps) is not None:
        return state.deadline + dt.timedelta(days=1)
    return None


def escalate(state: ChainState, kind: EscalationKind, decided_on: dt.date, rules: RuleSet) -> ChainState:
    """Take the next rung (or a later one the rules allow skipping to).

    The school gets ``days_to_next_step`` to rectify before the next rung; a
    lead cannot climb again while that time runs.
    """
    if state.status is S.OPEN and effective_status(state.status, state.deadline, decided_on) is S.OVERDUE:
        state = mark_overdue(state, decided_on)
    if state.status not in (S.OVERDUE, S.ESCALATED):
        raise DomainError("escalation.not_due", status=str(state.status))
    due_on = next_step_due_on(state)
    if due_on is not None and decided_on < due_on:
        raise DomainError("escalation.too_early", not_before=due_on.isoformat())
    check_step(state.steps, kind, rules.skippable)
    status = state.status if state.status is S.ESCALATED else RECTIFICATION_LIFECYCLE.check(state.status, S.ESCALATED)
    return replace(
        state,
        status=status,
        steps=(*state.steps, kind),
        deadline=rules.deadline(decided_on, rules.days_to_next_step),
    )


def escalation_prompt(state: ChainState, today: dt.date) -> EscalationKind | None:
    """The rung to put before a lead today, if the item has earned one."""
    if state.status is S.OPEN and effective_status(state.status, state.deadline, today) is S.OVERDUE:
        state = replace(state, status=S.OVERDUE)
    due_on = next_step_due_on(state)
    if due_on is None or today < due_on:
        return None
    return next_step(state.steps)


def check_incentive(status: RectificationStatus | None) -> None:
    """Incentive (激励) rewards good results: a verified rectification, or a school as a whole."""
    if status is not None and status is not S.VERIFIED:
        raise DomainError("incentive.not_verified", status=str(status))


# ---------------------------------------------------------------- the school's response (异议)


def check_response(
    form_status: FormStatus,
    kind: ResponseKind,
    text: str,
    earlier: list[ResponseKind],
) -> None:
    """A school answers a signed form once: it acknowledges it, or objects with reasons."""
    if form_status is FormStatus.DRAFT:
        raise DomainError("response.form_not_signed")
    if ResponseKind.ACKNOWLEDGEMENT in earlier:
        raise DomainError("response.already_acknowledged")
    if kind is ResponseKind.OBJECTION and not text.strip():
        raise DomainError("response.objection_needs_reasons")
    if kind is ResponseKind.OBJECTION and ResponseKind.OBJECTION in earlier:
        raise DomainError("response.objection_pending")


def reply_deadline(kind: ResponseKind, received_on: dt.date, rules: RuleSet) -> dt.date | None:
    return rules.reply_deadline(received_on) if kind is ResponseKind.OBJECTION else None


def check_reply(kind: ResponseKind, replied_on: dt.date | None, text: str) -> None:
    if kind is not ResponseKind.OBJECTION:
        raise DomainError("response.nothing_to_reply")
    if replied_on is not None:
        raise DomainError("response.already_replied")
    if not text.strip():
        raise DomainError("response.reply_needs_text")
