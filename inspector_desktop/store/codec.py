"""Column values to and from JSON, for the outbox, the audit trail and the wire."""

from __future__ import annotations

import base64
import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa


def encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def decode(column: sa.Column, value: Any) -> Any:
    """Turn a JSON value back into what ``column`` holds; raises ValueError on junk."""
    if value is None:
        return None
    ctype = column.type
    if isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
        return ctype.enum_class(value)
    if isinstance(ctype, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(ctype, sa.Date):
        return dt.date.fromisoformat(value)
    if isinstance(ctype, sa.LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(ctype, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"{column.name}: expected a boolean")
        return value
    if isinstance(ctype, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{column.name}: expected an integer")
        return value
    if isinstance(ctype, sa.String | sa.Text) and not isinstance(value, str):
        raise ValueError(f"{column.name}: expected text")
    return value
