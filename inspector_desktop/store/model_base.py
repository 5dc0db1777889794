"""What every synced record shares: the declarative base, the columns the sync
engine owns, and the helpers that make ids, times and references.

Apart from models.py so that a family of records (checklist_models.py) can live
in its own module; models.py re-exports all of it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    # Stored naive, always UTC: SQLite has no time zones and every copy must agree.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {
        # Enums are stored by value ("unannounced"), which is also what the wire carries.
        enum.Enum: sa.Enum(
            enum.Enum,
            native_enum=False,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        dict[str, Any]: sa.JSON,
        list[Any]: sa.JSON,
    }


class Synced:
    """Columns every synced record carries."""

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    server_version: Mapped[int] = mapped_column(default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Columns the sync engine owns; edits to them are not the inspector's changes.
    SYNC_BOOKKEEPING = frozenset({"server_version", "created_at", "updated_at"})


def fk(target: str, nullable: bool = False, ondelete: str | None = None) -> Any:
    return mapped_column(
        sa.String(36), sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True
    )
