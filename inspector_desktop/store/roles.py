"""The roles of the account signed in on this laptop, as the server gave them.

The server decides what each role may do and refuses the rest; this copy only
decides what the window offers and what the laptop writes, so that an office
decision is never half-recorded on one side and refused on the other. It is
one workspace setting (not a secret), replaced at every sign-in
(sync/account.py), named only here.

A workspace never signed in is an inspector working alone: the office's
decisions (约谈, 通报, 问责, 激励 and 双随机 draws) are not recorded on it,
because the office would refuse them at the first sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspector_desktop.domain import DomainError
from inspector_desktop.store.bookkeeping import Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from inspector_desktop.store.db import Workspace

ROLES = "account.roles"  # the Setting row's key: a JSON list of role names
INSPECTOR, LEAD, ADMIN = "inspector", "lead", "admin"


@dataclass(frozen=True)
class Roles:
    names: frozenset[str]
    signed_in: bool  # False: never signed in, an inspector working alone

    @property
    def is_lead(self) -> bool:
        return LEAD in self.names

    @property
    def is_inspector(self) -> bool:
        return INSPECTOR in self.names


WORKING_ALONE = Roles(frozenset({INSPECTOR}), signed_in=False)


def roles(ws: Workspace) -> Roles:
    """A snapshot of the signed-in account's roles (as of its last sign-in)."""
    raw = ws.setting(ROLES)
    if raw is None:
        return WORKING_ALONE
    try:
        names = json.loads(raw)
    except ValueError:
        return WORKING_ALONE  # an unreadable value grants nothing beyond working alone
    return Roles(frozenset(str(n) for n in names if isinstance(n, str)), signed_in=True)


def remember(s: Session, names: Iterable[str]) -> None:
    """Keep the roles the server just gave, in the caller's write transaction."""
    s.merge(Setting(key=ROLES, value=json.dumps(sorted({str(n) for n in names}))))


def set_roles(ws: Workspace, names: Iterable[str]) -> None:
    with ws.write(remote=True) as s:  # a setting: nothing to audit or send
        remember(s, names)


def require_lead(ws: Workspace, code: str) -> None:
    """Refuse an office decision on a laptop whose account is not a lead's."""
    if not roles(ws).is_lead:
        raise DomainError(code)
