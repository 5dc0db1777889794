"""Fixtures for feedback forms: a real (in-memory) keyring backend and signed forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import pytest
import sqlalchemy as sa


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A working keyring backend that keeps secrets in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def stroke(x0: float, y0: float, n: int = 12, pressure: float = 0.5) -> list[list[Any]]:
    return [[x0 + i * 4.25, y0 + (i % 4) * 3.5, pressure, i * 16] for i in range(n)]




def sign_both(ws: Any, form_id: str) -> None:
    from inspector_desktop.domain import SignatureRole
    from inspector_desktop.signing.strokes import strokes_png
    from inspector_desktop.store import forms

    mine, theirs = [stroke(10, 20)], [stroke(5, 5), stroke(40, 8, 6, 0.8)]
    forms.put_signature(ws, form_id, SignatureRole.INSPECTOR, "李明华", "责任督学", mine, strokes_png(mine))
    forms.put_signature(ws, form_id, SignatureRole.SCHOOL_REPRESENTATIVE, "张校长", "校长", theirs,
                        strokes_png(theirs))


def visit_with_findings(ws: Any, minimum: int = 1) -> str:
    """A completed demo visit with at least ``minimum`` findings and no form yet... or any."""
    from inspector_desktop.store.models import Finding, Visit

    with ws.read() as s:
        counts = sa.select(Finding.visit_id, sa.func.count().label("n")).group_by(Finding.visit_id).subquery()
        vid = s.scalar(
            sa.select(Visit.id).join(counts, counts.c.visit_id == Visit.id)
            .where(counts.c.n >= minimum, Visit.status == "completed").order_by(counts.c.n.desc(), Visit.id)
        )
    assert vid is not None
    return vid


@pytest.fixture
def signed_form(demo_workspace, memory_keyring) -> str:
    from inspector_desktop.signing import device_key
    from inspector_desktop.store import forms

    form_id = forms.draft_form(demo_workspace, visit_with_findings(demo_workspace), today=dt.date(2026, 11, 22))
    sign_both(demo_workspace, form_id)
    forms.sign_form(demo_workspace, form_id, device_key.private_key)
    return form_id
