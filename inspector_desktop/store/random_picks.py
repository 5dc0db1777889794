"""双随机: drawing schools (and inspectors) with a stored seed, and auditing a stored draw.

The draw itself is in ``domain/random_pick.py``; this module stores it in the
same step, so a draw cannot be repeated until liked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import random_pick
from inspector_desktop.store.checks import live, required
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import RandomPick, School, SchoolAssignment

PICK_ALGORITHM = "random.Random(seed).sample/sorted-candidates/v1"


@dataclass(frozen=True)
class PickRecord:
    id: str
    seed: str
    made_on: dt.date
    made_by: str
    school_ids: tuple[str, ...]
    inspectors: Mapping[str, tuple[str, ...]]


def run_random_pick(
    ws: Workspace,
    made_on: dt.date,
    made_by: str,
    school_count: int,
    purpose: str = "",
    school_ids: Sequence[str] | None = None,
    inspector_ids: Sequence[str] = (),
    inspectors_per_school: int = 0,
    avoid_own_schools: bool = True,
    seed: str | None = None,
    actor_id: str | None = None,
) -> PickRecord:
    """Draw and store in one step: a draw that was not stored could be re-drawn until liked."""
    made_by = required(made_by, "random_pick.made_by_required")
    seed = seed or random_pick.new_seed()
    with ws.write(actor_id=actor_id) as s:
        pool = list(school_ids) if school_ids is not None else list(
            s.scalars(sa.select(School.id).where(School.deleted.is_(False))))
        conflicts: dict[str, list[str]] = {}
        if inspectors_per_school and avoid_own_schools:
            for school, inspector in s.execute(sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id)
                                               .where(SchoolAssignment.deleted.is_(False),
                                                      sa.or_(SchoolAssignment.until.is_(None),
                                                             SchoolAssignment.until >= made_on))):
                conflicts.setdefault(school, []).append(inspector)
        rule = {
            "algorithm": PICK_ALGORITHM,
            "school_count": school_count,
            "inspectors_per_school": inspectors_per_school,
            "inspector_candidates": sorted(set(inspector_ids)),
            "conflicts": {k: sorted(v) for k, v in sorted(conflicts.items())},
        }
        result = _draw(seed, sorted(set(pool)), rule)
        row = RandomPick(made_on=made_on, made_by=made_by, purpose=purpose, seed=seed, rule=rule,
                         candidates=sorted(set(pool)), picked=_picked_json(result))
        s.add(row)
        s.flush()
        return PickRecord(row.id, seed, made_on, made_by, result.school_ids, result.inspectors)


def _draw(seed: str, candidates: list[str], rule: dict) -> random_pick.Draw:  # type: ignore[type-arg]
    return random_pick.draw(
        seed, candidates, rule["school_count"], rule["inspector_candidates"], rule["inspectors_per_school"],
        {k: frozenset(v) for k, v in rule["conflicts"].items()},
    )


def _picked_json(result: random_pick.Draw) -> list[dict]:  # type: ignore[type-arg]
    return [{"school_id": sid, "inspector_ids": list(result.inspectors.get(sid, ()))} for sid in result.school_ids]


def audit_random_pick(ws: Workspace, pick_id: str) -> bool:
    """Re-run a stored draw from its seed and candidates: True if it gives the stored result."""
    with ws.read() as s:
        row = live(s, RandomPick, pick_id)
        seed, candidates, rule, picked = row.seed, list(row.candidates), dict(row.rule), list(row.picked)
    return _picked_json(_draw(seed, candidates, rule)) == picked
