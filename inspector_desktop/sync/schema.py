"""The synced tables as both sides must agree on them: one schema, read by the
server at its door and by the laptop when it applies a pulled page.

Each field says what a value may be (kind, bounds, what it points at), and each
table names its natural keys. The server stores only what every laptop can
store (invariant 1, *loadable*), and keeps one record per natural key
(invariant 2). A test checks this schema against the laptop's SQLAlchemy
models, so a column added on one side and not the other fails loudly.

Values are the wire's JSON values (``store.codec.encode``): enums by value,
dates as ISO text, bytes as base64.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from inspector_desktop import domain as d
from inspector_desktop.domain.templates import FULL_WEIGHT, TemplateStatus

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")

LONG_TEXT = 200_000  # characters in a free-text field: pages of notes, never a book
JSON_DEPTH = 16  # strokes are three deep; the laptop's parsers stop well above this
JSON_BYTES = 4 * 1024 * 1024
BYTES_MAX = 2 * 1024 * 1024  # a signature image
INT64 = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2200


class Invalid(ValueError):
    """A value no laptop could store; ``code`` is stable, ``field`` names where."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(f"{code}: {field}" if field else code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Field:
    kind: str  # text | enum | int | bool | date | datetime | json | bytes | ref | sha256
    nullable: bool = False
    has_default: bool = False  # an insert may leave it out
    default: Any = None  # what an insert that left it untouched carries
    max_len: int = LONG_TEXT  # text: characters; bytes: decoded bytes
    choices: frozenset[str] = frozenset()
    ref: str | None = None  # the entity a reference points at
    low: int = -INT64
    high: int = INT64


@dataclass(frozen=True)
class Table:
    name: str
    fields: dict[str, Field]
    # Natural keys merged into one record: a second insert with the same key
    # becomes the same record, with a field-level conflict where values differ.
    merge_keys: tuple[tuple[str, ...], ...] = ()
    # Natural keys that must stay unique but never merge (two forms with one
    # number are two different forms): a second one is refused.
    unique_keys: tuple[tuple[str, ...], ...] = ()

    @property
    def natural_keys(self) -> tuple[tuple[str, ...], ...]:
        return self.merge_keys + self.unique_keys

    def refs(self) -> dict[str, str]:
        return {name: f.ref for name, f in self.fields.items() if f.ref}


def text(n: int = LONG_TEXT, default: bool | str = False) -> Field:
    """``default`` True means the empty text; a string is that text."""
    value = default if isinstance(default, str) else "" if default else None
    return Field("text", max_len=n, has_default=value is not None, default=value)


def enum(e: type[Enum], default: Enum | None = None, nullable: bool = False) -> Field:
    return Field("enum", choices=frozenset(str(m.value) for m in e), has_default=default is not None, nullable=nullable,
                 default=None if default is None else str(default.value))


def ref(target: str, nullable: bool = False) -> Field:
    return Field("ref", ref=target, nullable=nullable)


def number(low: int = -INT64, high: int = INT64) -> Field:
    return Field("int", low=low, high=high)


def flag(default: bool = False) -> Field:
    return Field("bool", has_default=True, default=default)


def date(nullable: bool = False) -> Field:
    return Field("date", nullable=nullable)


def moment(nullable: bool = True, default: bool = False) -> Field:
    return Field("datetime", nullable=nullable, has_default=default)


def data() -> Field:
    return Field("json", has_default=True)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("inspector", dict(code=text(32), name=text(100), region=text(100, True), phone=text(40, True),
                                is_lead=flag(), active=flag(True)), merge_keys=(("code",),)),
        Table("school", dict(code=text(32), name=text(200), competent_department=text(200), district=text(100, True),
                             address=text(300, True), school_type=text(40, True), is_large=flag()),
              merge_keys=(("code",),)),
        Table("school_assignment", dict(inspector_id=ref("inspector"), school_id=ref("school"), since=date(),
                                        until=date(nullable=True))),
        # A published version never changes (server/admission.py): a change is the next version.
        Table("checklist_template", dict(code=text(64), version=number(0, 10**6), title_zh=text(200), title_en=text(200),
                                         status=enum(TemplateStatus, default=TemplateStatus.PUBLISHED),
                                         published_at=moment(), published_by=text(100, True), scale=data()),
              merge_keys=(("code", "version"),)),
        Table("indicator", dict(template_id=ref("checklist_template"), ordinal=number(0, 10**6), code=text(64),
                                category=enum(d.Category), title_zh=text(200), title_en=text(200),
                                guidance_zh=text(default=True), guidance_en=text(default=True),
                                weight=Field("int", has_default=True, default=0, low=0, high=FULL_WEIGHT))),
        Table("visit", dict(school_id=ref("school"), template_id=ref("checklist_template", nullable=True),
                            scope=enum(d.Scope), stage=enum(d.Stage), planning=enum(d.Planning), notice=enum(d.Notice),
                            status=enum(d.VisitStatus, default=d.VisitStatus.PLANNED), planned_on=date(), started_at=moment(),
                            completed_at=moment(), purpose=text(default=True), notes=text(default=True),
                            reinspection_of_form_id=ref("feedback_form", nullable=True))),
        Table("visit_team_member", dict(visit_id=ref("visit"), inspector_id=ref("inspector"),
                                        role=enum(d.TeamRole, default=d.TeamRole.MEMBER))),
        Table("indicator_result", dict(visit_id=ref("visit"), indicator_id=ref("indicator"),
                                       rating=enum(d.Rating, default=d.Rating.NOT_ASSESSED), observation=text(default=True)),
              merge_keys=(("visit_id", "indicator_id"),)),
        Table("finding", dict(visit_id=ref("visit"), indicator_id=ref("indicator", nullable=True), category=enum(d.Category),
                              severity=enum(d.Severity), problem=text(), evidence=text(default=True),
                              diagnosis=text(default=True), recommendation=text(default=True))),
        Table("attachment", dict(sha256=Field("sha256"), filename=text(255), mime_type=text(100, "application/octet-stream"),
                                 size=number(0, 2**40), visit_id=ref("visit", True), finding_id=ref("finding", True),
                                 indicator_result_id=ref("indicator_result", True),
                                 rectification_id=ref("rectification", True), caption=text(default=True))),
        Table("feedback_form", dict(visit_id=ref("visit"), number=text(40), status=enum(d.FormStatus, default=d.FormStatus.DRAFT),
                                    language=text(10, "zh_CN"), summary=text(default=True),
                                    no_issues_statement=text(default=True), free_text=text(default=True),
                                    addendum_of_id=ref("feedback_form", True), signed_at=moment(), issued_at=moment(),
                                    canonical_content=Field("text", nullable=True), digest=Field("text", nullable=True, max_len=64),
                                    device_key_id=Field("text", nullable=True, max_len=64),
                                    device_signature=Field("text", nullable=True, max_len=200)),
              unique_keys=(("number",),)),
        Table("requirement", dict(form_id=ref("feedback_form"), finding_id=ref("finding", True), ordinal=number(0, 10**6),
                                  text=text(), deadline=date(), responsible_party=text(200), copied_to=text(200, True))),
        Table("signature", dict(form_id=ref("feedback_form"), role=enum(d.SignatureRole), signer_name=text(100),
                                signer_title=text(100, True), strokes=data(), png=Field("bytes", nullable=True, max_len=BYTES_MAX),
                                signed_at=moment(nullable=False, default=True)),
              merge_keys=(("form_id", "role"),)),
        Table("rectification", dict(requirement_id=ref("requirement"), school_id=ref("school"),
                                    competent_department=text(200, True),
                                    status=enum(d.RectificationStatus, default=d.RectificationStatus.OPEN), deadline=date(),
                                    reported_on=date(True), report_text=text(default=True), verified_on=date(True))),
        Table("reinspection", dict(visit_id=ref("visit"), rectification_id=ref("rectification"), verdict=enum(d.Verdict),
                                   notes=text(default=True), inspected_on=date())),
        Table("escalation", dict(rectification_id=ref("rectification", True), school_id=ref("school"),
                                 kind=enum(d.EscalationKind), reason=text(), decided_on=date(), decided_by=text(100),
                                 evidence=text(default=True), held_at=moment(), place=text(200, True),
                                 participants=text(default=True), notified_to=text(default=True))),
        Table("school_response", dict(form_id=ref("feedback_form"), kind=enum(d.ResponseKind), text=text(default=True),
                                      received_on=date(), reply_deadline=date(True), reply_text=text(default=True),
                                      replied_on=date(True))),
        Table("random_pick", dict(made_on=date(), made_by=text(100), purpose=text(default=True), seed=text(64),
                                  rule=data(), candidates=data(), picked=data())),
        Table("device_key", dict(inspector_id=ref("inspector"), key_id=text(64), public_key=text(100),
                                 label=text(100, True), revoked_at=moment()),
              unique_keys=(("key_id",),)),
        Table("training_record", dict(inspector_id=ref("inspector"), attended_on=date(), minutes=number(0, 100_000),
                                      title=text(200), provider=text(200, True))),
        # One per region: the rule file its laptops follow (server/admission.py checks the key).
        Table("region_rules", dict(region=text(100), rules=text(40), decided_on=date(), decided_by=text(100, True)),
              merge_keys=(("region",),)),
    )
}
# ``deleted`` is on every synced record: a tombstone, never a row removed.
DELETED = Field("bool", has_default=True)


def referrers(target: str) -> list[tuple[str, str]]:
    """(table, field) pairs that point at ``target``: what to re-link when a record
    turns out to be another copy's record under a natural key."""
    return [(t.name, name) for t in TABLES.values() for name, f in t.fields.items() if f.ref == target]


# ---------------------------------------------------------------- checking values


def check_fields(entity: str, fields: dict[str, Any], inserting: bool) -> dict[str, Any]:
    """Every value loadable by every laptop, or ``Invalid`` naming the first that is not.
    Returns the values re-encoded, so equal values compare equal whatever their spelling."""
    table = TABLES.get(entity)
    if table is None:
        raise Invalid("record.unknown_entity")
    checks = checkers(entity)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        check = checks.get(name)
        if check is None:
            raise Invalid("record.unknown_field", name)
        out[name] = check(value)
    if inserting:
        for name, spec in table.fields.items():
            if not spec.nullable and not spec.has_default and out.get(name) is None:
                raise Invalid("record.missing_field", name)
    return out


Check = Callable[[Any], Any]
_CHECKERS: dict[str, dict[str, Check]] = {}


def checkers(entity: str) -> dict[str, Check]:
    """Per field of ``entity`` (and ``deleted``), ``check_value`` with the field's
    kind decided once: a first sync checks every field of a hundred thousand
    records, and a good value of the commonest kinds then costs one call. Any
    other value goes to ``check_value``, which names what is wrong with it."""
    if entity not in _CHECKERS:
        table = TABLES[entity]
        _CHECKERS[entity] = {name: _checker(spec, name) for name, spec in [*table.fields.items(), ("deleted", DELETED)]}
    return _CHECKERS[entity]


def _checker(spec: Field, name: str) -> Check:
    if spec.kind == "text":
        limit = spec.max_len

        def text(value: Any) -> Any:
            # ASCII text holds no lone surrogate; other text is scanned once for both.
            if type(value) is str and len(value) <= limit and (
                    "\x00" not in value if value.isascii() else _BAD_TEXT.search(value) is None):
                return value
            return check_value(spec, value, name)
        return text
    if spec.kind == "enum":
        choices = spec.choices

        def choice(value: Any) -> Any:
            if type(value) is str and value in choices:
                return value
            return check_value(spec, value, name)
        return choice
    if spec.kind == "ref":
        match = UUID_RE.fullmatch

        def reference(value: Any) -> Any:
            if type(value) is str and match(value):
                return value.lower()
            return check_value(spec, value, name)
        return reference
    return lambda value: check_value(spec, value, name)


# NUL, or half of a surrogate pair: neither can be stored as UTF-8 text.
_BAD_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def check_value(spec: Field, value: Any, name: str = "") -> Any:
    if value is None:
        if spec.nullable:
            return None
        raise Invalid("record.missing_field", name)
    kind = spec.kind
    if kind == "text":
        return _text(value, spec.max_len, name)
    if kind == "enum":
        if isinstance(value, str) and value in spec.choices:
            return value
        raise Invalid("record.bad_choice", name)
    if kind == "ref":
        if isinstance(value, str) and UUID_RE.fullmatch(value):
            return value.lower()
        raise Invalid("record.bad_reference", name)
    if kind == "sha256":
        if isinstance(value, str) and SHA256_RE.fullmatch(value):
            return value
        raise Invalid("record.bad_value", name)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("record.bad_value", name)
        if not spec.low <= value <= spec.high:
            raise Invalid("record.out_of_range", name)
        return value
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise Invalid("record.bad_value", name)
    if kind == "date":
        return _date(value, name)
    if kind == "datetime":
        return _moment(value, name)
    if kind == "bytes":
        if not isinstance(value, str) or len(value) > (spec.max_len * 4) // 3 + 4:
            raise Invalid("record.too_large", name)
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise Invalid("record.bad_value", name) from None
        return value
    if kind == "json":
        _json(value, name, 0)
        if len(json.dumps(value, ensure_ascii=False)) > JSON_BYTES:
            raise Invalid("record.too_large", name)
        return value
    raise Invalid("record.bad_value", name)


def _text(value: Any, limit: int, name: str) -> str:
    if not isinstance(value, str):
        raise Invalid("record.bad_value", name)
    if len(value) > limit:
        raise Invalid("record.too_large", name)
    if "\x00" in value:
        raise Invalid("record.bad_text", name)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no database can store it as UTF-8
        raise Invalid("record.bad_text", name) from None
    return value


def _date(value: Any, name: str) -> str:
    try:
        parsed = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise Invalid("record.bad_value", name)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise Invalid("record.out_of_range", name)
    return parsed.isoformat()


def _moment(value: Any, name: str) -> str:
    try:
        parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        parsed = None
    # Laptops keep naive UTC; an offset would be read back as a different moment.
    if parsed is None or parsed.tzinfo is not None:
        raise Invalid("record.bad_value", name)
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise Invalid("record.out_of_range", name)
    return parsed.isoformat()


def _json(value: Any, name: str, depth: int) -> None:
    if depth > JSON_DEPTH:
        raise Invalid("record.too_deep", name)
    if isinstance(value, dict):
        for k, v in value.items():
            _text(k, 1000, name)
            _json(v, name, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _json(v, name, depth + 1)
    elif isinstance(value, str):
        _text(value, LONG_TEXT, name)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int):
        if not -INT64 <= value <= INT64:
            raise Invalid("record.out_of_range", name)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid("record.out_of_range", name)
    else:
        raise Invalid("record.bad_value", name)


def natural_key(entity: str, fields: dict[str, Any], key: tuple[str, ...]) -> str | None:
    """The key's values as one text, or None while any part is unset."""
    values = [fields.get(name) for name in key]
    if any(v is None or v == "" for v in values):
        return None
    return json.dumps([entity, *values], ensure_ascii=False, separators=(",", ":"))
