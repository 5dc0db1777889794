"""Lookups and input checks shared by the chain's writes.

Each raises the DomainError the UI words, so a refusal reads the same whichever
write made it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError


def required(value: str, code: str) -> str:
    if not value or not value.strip():
        raise DomainError(code)
    return value.strip()


def live(s: Session, model: type, record_id: str) -> Any:
    """The row with this id, refused if it is missing or deleted."""
    row = s.get(model, record_id)
    if row is None or row.deleted:
        raise DomainError("record.not_found", entity=model.__tablename__, id=record_id)
    return row
