"""The random-inspection draw (双随机): random schools, and random inspectors for
them when a lead plans, from a stored seed so anyone can re-run and audit it.

The draw depends only on the seed, the candidate lists and the counts: the
candidates are sorted before drawing, so the order a database happened to
return them in cannot change the result.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspector_desktop.domain.errors import DomainError


@dataclass(frozen=True)
class Draw:
    school_ids: tuple[str, ...]
    # picked school -> its inspectors (empty when the draw picks schools only)
    inspectors: Mapping[str, tuple[str, ...]]


def new_seed() -> str:
    # From the OS's randomness: a guessable seed would let a draw be steered.
    return secrets.token_hex(16)


def draw(
    seed: str,
    schools: Sequence[str],
    school_count: int,
    inspectors: Sequence[str] = (),
    inspectors_per_school: int = 0,
    conflicts: Mapping[str, frozenset[str]] | None = None,
) -> Draw:
    """Pick ``school_count`` schools, then ``inspectors_per_school`` inspectors for each.

    ``conflicts`` maps a school to inspectors who may not inspect it (its own
    responsible inspector, say); they are left out of that school's draw.
    """
    pool = sorted(set(schools))
    if not 1 <= school_count <= len(pool):
        raise DomainError("random_pick.bad_count", count=school_count, available=len(pool))
    rng = random.Random(seed)
    picked = tuple(rng.sample(pool, school_count))
    staff = sorted(set(inspectors))
    conflicts = conflicts or {}
    teams: dict[str, tuple[str, ...]] = {}
    if inspectors_per_school:
        for school in picked:
            eligible = [i for i in staff if i not in conflicts.get(school, frozenset())]
            if len(eligible) < inspectors_per_school:
                raise DomainError(
                    "random_pick.too_few_inspectors", school=school,
                    needed=inspectors_per_school, available=len(eligible),
                )
            teams[school] = tuple(rng.sample(eligible, inspectors_per_school))
    return Draw(picked, teams)
