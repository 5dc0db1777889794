"""The accountability chain's parameters, read from versioned rule files.

Days allowed for rectification, reply days for an objection, the pace of the
escalation ladder and the routine-visit cadence differ between provinces and
change with policy. They live in ``resources/rules/<id>.v<version>.json`` so a
province can ship its own file without a code change. A file may ``extend``
another and override only what differs; nested objects merge key by key.

A bad file is refused with the file and the field named: a rule that silently
fell back to a default would put wrong deadlines on signed paper.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_desktop.checklists import NAMESPACE
from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.escalation import LADDER, EscalationKind
from inspector_desktop.domain.findings import Severity
from inspector_desktop.domain.rectification import DayCount, deadline_after

FORMAT = "inspector-desktop/rules"
DEFAULT_RULES = "default.v1"
NAME = re.compile(r"^(?P<id>[a-z][a-z0-9_-]*)\.v(?P<version>[1-9][0-9]*)$")
MAX_DAYS = 366

# field -> expected shape; a dict means a nested object with these fields.
SCHEMA: dict[str, Any] = {
    "format": str,
    "id": str,
    "version": int,
    "extends": str,
    "title_zh": str,
    "title_en": str,
    "days": {"count": DayCount, "roll_weekend": bool},
    "rectification_days": {s.value: int for s in Severity},
    "reinspection": {"partly_rectified_days": int, "not_rectified_days": int},
    "objection_reply_days": int,
    "escalation": {"days_to_next_step": int, "skippable": list},
    "routine_visits": {"every_months": int, "due_soon_days": int},
    "deadline_warning_days": int,
}
OPTIONAL = {"extends"}


class RulesError(DomainError):
    """A rule file is missing or wrong; ``file`` and ``field`` say where."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        super().__init__("rules.invalid", file=file, field=field, problem=problem)
        self.file, self.field, self.problem = file, field, problem

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"rule file {where}: {self.problem}"


@dataclass(frozen=True)
class RuleSet:
    key: str  # "default.v1": what a record stores to say which rules it was made under
    title_zh: str
    title_en: str
    day_count: DayCount
    roll_weekend: bool
    rectification_days: Mapping[Severity, int]
    partly_rectified_days: int
    not_rectified_days: int
    objection_reply_days: int
    days_to_next_step: int
    skippable: frozenset[EscalationKind]
    routine_every_months: int
    routine_due_soon_days: int
    deadline_warning_days: int

    def deadline(self, start: dt.date, days: int) -> dt.date:
        return deadline_after(start, days, self.day_count, self.roll_weekend)

    def rectification_deadline(self, issued_on: dt.date, severity: Severity) -> dt.date:
        return self.deadline(issued_on, self.rectification_days[severity])

    def reply_deadline(self, received_on: dt.date) -> dt.date:
        return self.deadline(received_on, self.objection_reply_days)


def rules_dir() -> Path:
    from inspector_desktop.paths import resources_dir

    return resources_dir() / "rules"


def region_rules_id(region: str) -> str:
    """The id of the record naming a region's rule file: the same on every laptop and
    on the server, so the office's write and a lead's are one record however many
    places write it first."""
    return str(uuid.uuid5(NAMESPACE, f"region_rules:{region}"))


def available_rules(folder: Path | None = None) -> list[str]:
    folder = folder or rules_dir()
    return sorted(p.stem for p in folder.glob("*.json") if NAME.match(p.stem))


def load_rules(name: str = DEFAULT_RULES, folder: Path | None = None) -> RuleSet:
    """Load ``<name>.json`` (e.g. "jiangxi.v1") with everything it extends."""
    folder = folder or rules_dir()
    merged, origin = _load_chain(name, folder, seen=())
    return _build(merged, origin)


# ---------------------------------------------------------------- reading


def _load_chain(name: str, folder: Path, seen: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, str]]:
    """The merged fields, and for each dotted field the file it came from."""
    file = f"{name}.json"
    if name in seen:
        raise RulesError(file, "extends", f"circular: {' -> '.join((*seen, name))}")
    match = NAME.match(name)
    if not match:
        raise RulesError(file, "", "the file name must be <id>.v<version>.json, e.g. default.v1.json")
    path = folder / file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(file, "", f"no such rule file in {folder}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RulesError(file, "", f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise RulesError(file, "", "must hold a JSON object")
    _check_shape(data, SCHEMA, file, prefix="")
    if data.get("format") not in (None, FORMAT):
        raise RulesError(file, "format", f"must be {FORMAT!r}")
    if data.get("id") != match["id"] or data.get("version") != int(match["version"]):
        raise RulesError(file, "id", f"id and version must match the file name ({match['id']!r}, {match['version']})")

    parent = data.get("extends")
    base, origin = _load_chain(parent, folder, (*seen, name)) if parent else ({}, {})
    own = {k: v for k, v in data.items() if k != "extends"}
    for field in _leaves(own):
        origin[field] = file
    return _merge(base, own), origin


def _check_shape(data: dict[str, Any], schema: dict[str, Any], file: str, prefix: str) -> None:
    for key, value in data.items():
        field = f"{prefix}{key}"
        if key not in schema:
            raise RulesError(file, field, f"unknown field (known: {', '.join(schema)})")
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise RulesError(file, field, "must be an object")
            _check_shape(value, expected, file, prefix=f"{field}.")
        elif expected is int:
            # bool is an int in Python; "true" days is a typo, not a number.
            if not isinstance(value, int) or isinstance(value, bool):
                raise RulesError(file, field, f"must be a whole number, not {value!r}")
            if not 0 <= value <= MAX_DAYS:
                raise RulesError(file, field, f"must be between 0 and {MAX_DAYS}, not {value}")
        elif expected is DayCount:
            if value not in {d.value for d in DayCount}:
                raise RulesError(file, field, f"must be one of {[d.value for d in DayCount]}, not {value!r}")
        elif expected is list:
            allowed = {k.value for k in LADDER}
            if not isinstance(value, list) or not all(v in allowed for v in value):
                raise RulesError(file, field, f"must be a list drawn from {[k.value for k in LADDER]}")
        elif not isinstance(value, expected):
            raise RulesError(file, field, f"must be a {expected.__name__}, not {value!r}")


def _leaves(data: dict[str, Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += _leaves(value, f"{prefix}{key}.")
        else:
            out.append(f"{prefix}{key}")
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


# ---------------------------------------------------------------- building


def _build(data: dict[str, Any], origin: dict[str, str]) -> RuleSet:
    top = f"{data['id']}.v{data['version']}.json"
    required = [f for f in _leaves({k: v for k, v in SCHEMA.items()}) if f.split(".")[0] not in OPTIONAL]
    have = set(_leaves(data))
    for field in required:
        if field not in have:
            raise RulesError(top, field, "missing (and not inherited through 'extends')")

    skippable = frozenset(EscalationKind(k) for k in data["escalation"]["skippable"])
    if EscalationKind.ACCOUNTABILITY in skippable:
        raise RulesError(origin.get("escalation.skippable", top), "escalation.skippable",
                         "accountability is the top of the ladder and cannot be skipped")
    every = data["routine_visits"]["every_months"]
    if not 1 <= every <= 12:
        raise RulesError(origin.get("routine_visits.every_months", top), "routine_visits.every_months",
                         f"must be between 1 and 12, not {every}")
    return RuleSet(
        key=f"{data['id']}.v{data['version']}",
        title_zh=data["title_zh"],
        title_en=data["title_en"],
        day_count=DayCount(data["days"]["count"]),
        roll_weekend=data["days"]["roll_weekend"],
        rectification_days={s: data["rectification_days"][s.value] for s in Severity},
        partly_rectified_days=data["reinspection"]["partly_rectified_days"],
        not_rectified_days=data["reinspection"]["not_rectified_days"],
        objection_reply_days=data["objection_reply_days"],
        days_to_next_step=data["escalation"]["days_to_next_step"],
        skippable=skippable,
        routine_every_months=every,
        routine_due_soon_days=data["routine_visits"]["due_soon_days"],
        deadline_warning_days=data["deadline_warning_days"],
    )
