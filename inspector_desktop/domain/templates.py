"""Checklist templates as the office keeps them: drafts, published versions, and a score.

A template version is drafted, then published; once published it never changes,
because visits were rated on it. A change is a new version, drafted from the old.

A visit's score weighs each rated item's points on the template's rating scale by
the item's weight: an item rated at the top of the scale earns its whole weight.
The weights of a version to be published total ``FULL_WEIGHT``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.findings import Rating


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


FULL_WEIGHT = 100

# Points per rating when a template names no scale of its own (versions made before scales).
DEFAULT_SCALE: dict[str, int] = {
    Rating.GOOD.value: 4,
    Rating.SATISFACTORY.value: 3,
    Rating.NEEDS_IMPROVEMENT.value: 1,
    Rating.UNSATISFACTORY.value: 0,
}
RATED = tuple(r for r in Rating if r is not Rating.NOT_ASSESSED)


def scale_of(stored: Mapping[str, object] | None) -> dict[Rating, int]:
    """The template's points per rating; a rating it leaves out takes the default."""
    out = {}
    for r in RATED:
        value = (stored or {}).get(r.value, DEFAULT_SCALE[r.value])
        out[r] = int(value) if isinstance(value, int | float) and not isinstance(value, bool) else DEFAULT_SCALE[r.value]
    return out


def even_weights(n: int) -> list[int]:
    """``n`` whole weights totalling FULL_WEIGHT, the larger first (8 items: 13,13,13,13,12,12,12,12)."""
    if n <= 0:
        return []
    base, extra = divmod(FULL_WEIGHT, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def effective_weights(weights: list[int]) -> list[int]:
    """The weights a score uses: a version made before weights (all 0) weighs its items evenly."""
    return weights if any(weights) else even_weights(len(weights))


@dataclass(frozen=True)
class Score:
    points: int  # earned, rounded to whole points
    out_of: int  # the weights of every item, rated or not
    rated: int
    items: int

    @property
    def complete(self) -> bool:
        return self.rated == self.items


def checklist_score(lines: Iterable[tuple[int, Rating]], scale: Mapping[Rating, int]) -> Score:
    """A visit's score from its checklist lines, each (weight, rating), on the template's scale.
    An item not yet rated earns nothing, so a score grows as the visit goes on."""
    lines = list(lines)
    weights = effective_weights([w for w, _r in lines])
    top = max(scale.values(), default=0)
    earned = 0.0
    rated = 0
    for weight, (_w, rating) in zip(weights, lines, strict=True):
        if rating is Rating.NOT_ASSESSED:
            continue
        rated += 1
        if top > 0:
            earned += weight * max(0, scale.get(rating, 0)) / top
    return Score(points=round(earned), out_of=sum(weights), rated=rated, items=len(lines))


def check_publishable(weights: list[int], codes: list[str]) -> None:
    """Refuse, in words, a draft that cannot be published yet."""
    if not codes:
        raise DomainError("template.no_items")
    if any(not c.strip() for c in codes):
        raise DomainError("template.item_code_required")
    seen: set[str] = set()
    for c in codes:
        if c.strip() in seen:
            raise DomainError("template.duplicate_item_code", code=c.strip())
        seen.add(c.strip())
    if any(w < 0 for w in weights):
        raise DomainError("template.negative_weight")
    if sum(weights) != FULL_WEIGHT:
        raise DomainError("template.weights_not_full", total=sum(weights), full=FULL_WEIGHT)
