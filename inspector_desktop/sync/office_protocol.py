"""The office's people and schools on the wire: what a lead's laptop sends and the
server answers (server/office.py, sync/office.py). Pydantic only: both sides import it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pydantic



class LoadShown(pydantic.BaseModel):
    """The 1:5 load (domain/duties.py): schools held, how many large, percent of one inspector."""

    schools: int
    large_schools: int
    percent: int
    over: bool
    shares: int = 0  # fifths of one inspector: "6/5"


class InspectorRow(pydantic.BaseModel):
    id: str
    username: str
    name: str
    code: str
    disabled: bool
    school_ids: list[str]
    load: LoadShown


class SchoolRow(pydantic.BaseModel):
    id: str
    code: str
    name: str
    district: str
    school_type: str = ""
    is_large: bool = False
    inspector_ids: list[str]


class People(pydantic.BaseModel):
    region: str
    inspectors: list[InspectorRow]
    schools: list[SchoolRow]


class NewInspector(pydantic.BaseModel):
    username: str = pydantic.Field(min_length=1, max_length=100)
    name: str = pydantic.Field(min_length=1, max_length=100)
    code: str = pydantic.Field(min_length=1, max_length=32)
    # Set by the lead and told to the inspector in person; the server keeps only its hash.
    password: str = pydantic.Field(min_length=1, max_length=200)


class Disabled(pydantic.BaseModel):
    disabled: bool


class Assignment(pydantic.BaseModel):
    inspector_id: str
    school_ids: list[str] = pydantic.Field(min_length=1, max_length=2000)
    on: dt.date  # the day it takes effect, on the lead's calendar


class ImportProblem(pydantic.BaseModel):
    """One bad cell: its row and column, and a message key with its parameters."""

    row: int | None = None
    column: str = ""
    key: str
    params: dict[str, Any] = {}


class Imported(pydantic.BaseModel):
    count: int
