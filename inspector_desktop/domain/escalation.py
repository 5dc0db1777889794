"""Escalation kinds of the accountability chain, and incentive for good results."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from inspector_desktop.domain.errors import DomainError


class EscalationKind(StrEnum):
    INTERVIEW = "interview"  # 约谈
    PUBLIC_NOTIFICATION = "public_notification"  # 通报
    ACCOUNTABILITY = "accountability"  # 问责
    INCENTIVE = "incentive"  # 激励


# The ladder a failing rectification climbs, one step at a time by default.
LADDER: tuple[EscalationKind, ...] = (
    EscalationKind.INTERVIEW,
    EscalationKind.PUBLIC_NOTIFICATION,
    EscalationKind.ACCOUNTABILITY,
)


def next_step(taken: Iterable[EscalationKind]) -> EscalationKind | None:
    """The next rung after those already taken; None at the top of the ladder."""
    reached = max((LADDER.index(k) for k in taken if k in LADDER), default=-1)
    return LADDER[reached + 1] if reached + 1 < len(LADDER) else None


def check_step(
    taken: Iterable[EscalationKind],
    kind: EscalationKind,
    skippable: Iterable[EscalationKind] = (),
) -> None:
    """Raise unless ``kind`` is the next rung, or reachable by skipping allowed ones."""
    if kind is EscalationKind.INCENTIVE:
        raise DomainError("escalation.incentive_not_a_step")
    taken = list(taken)
    expected = next_step(taken)
    if expected is None:
        raise DomainError("escalation.ladder_exhausted")
    skip = set(skippable)
    for rung in LADDER[LADDER.index(expected) :]:
        if rung is kind:
            return
        if rung not in skip:
            break
    raise DomainError("escalation.out_of_order", expected=str(expected), kind=str(kind))
