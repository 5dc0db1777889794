"""A tiny state-machine helper shared by every lifecycle in the domain."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from inspector_desktop.domain.errors import DomainError

S = TypeVar("S", bound=StrEnum)


class Lifecycle(Mapping[S, frozenset[S]]):
    """Allowed transitions of one kind of record; ``check`` raises on a bad move."""

    def __init__(self, name: str, moves: dict[S, set[S]]) -> None:
        self.name = name
        self._moves = {k: frozenset(v) for k, v in moves.items()}

    def __getitem__(self, state: S) -> frozenset[S]:
        return self._moves.get(state, frozenset())

    def __iter__(self):
        return iter(self._moves)

    def __len__(self) -> int:
        return len(self._moves)

    def allowed(self, current: S, target: S) -> bool:
        return target in self[current]

    def check(self, current: S, target: S) -> S:
        if not self.allowed(current, target):
            raise DomainError(
                f"{self.name}.bad_transition", current=str(current), target=str(target)
            )
        return target

    def is_final(self, state: S) -> bool:
        return not self[state]
