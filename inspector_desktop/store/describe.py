"""What a record is, in words, and which of its changes a person sees.

The History tab, the Sync page's queue and its conflicts all show records an
inspector made; none of them may show an id, a foreign key or a hash. This
module gives them a neutral description (no language yet): the record's kind,
its name as parts (school, visit, finding, checklist line, file…), and its
changed fields decoded to Python values, limited to the fields
``wording.records`` lists. ui/record_text.py turns that into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.store.codec import decode
from inspector_desktop.store.discretion import is_confidential
from inspector_desktop.store.models import (
    MODEL_BY_TABLE,
    Attachment,
    ChecklistTemplate,
    DeviceKey,
    Escalation,
    FeedbackForm,
    Finding,
    Indicator,
    IndicatorResult,
    Inspector,
    RandomPick,
    Rectification,
    RegionRules,
    ReInspection,
    Requirement,
    School,
    SchoolAssignment,
    SchoolResponse,
    Signature,
    TrainingRecord,
    Visit,
    VisitTeamMember,
)
from inspector_desktop.wording.records import shown_fields


@dataclass(frozen=True)
class NamePart:
    """One step of a record's name. ``role`` says how to word it:
    school, visit, hidden_visit, finding, line, file, form, requirement, person,
    signer, response, step, reinspection, training, pick, text."""

    role: str
    value: Any = None  # a date, a number or an enum, by role
    text: str = ""
    text_en: str = ""  # where the record carries both languages (checklist lines)


@dataclass(frozen=True)
class RecordName:
    kind: str  # the record kind (table name), worded by the UI
    parts: tuple[NamePart, ...] = ()

    @property
    def hidden(self) -> bool:
        """On a visit discreet mode hides: its changes are not to be shown either."""
        return any(p.role == "hidden_visit" for p in self.parts)


class FieldChange(NamedTuple):
    field: str  # the key, for the label; never shown itself
    old: Any
    new: Any


def shown_changes(entity: str, changes: Mapping[str, Any], new_only: bool = False) -> tuple[FieldChange, ...]:
    """The changes a person sees, in the catalogue's order, values decoded from the wire.

    ``changes`` maps field → [old, new] (the audit trail) or, with ``new_only``,
    field → new (the outbox)."""
    model = MODEL_BY_TABLE.get(entity)
    out = []
    for key in shown_fields(entity):
        if key not in changes:
            continue
        old, new = (None, changes[key]) if new_only else tuple(changes[key])
        out.append(FieldChange(key, wire_value(model, key, old), wire_value(model, key, new)))
    return tuple(out)


def wire_value(model: Any, key: str, value: Any) -> Any:
    """A wire-encoded value as the column holds it (an enum, a date); as sent when it does not fit."""
    if model is None or value is None:
        return value
    try:
        return decode(model.__table__.c[key], value)
    except (KeyError, ValueError, TypeError):
        return value


# ---------------------------------------------------------------- names


class Namer:
    """Names records within one session, reading each parent once."""

    def __init__(self, s: Session, today: dt.date | None = None, revealed: bool = False) -> None:
        self.s, self.today, self.revealed = s, today or dt.date.today(), revealed
        self._findings: dict[str, list[str]] = {}

    def names(self, refs: Iterable[tuple[str, str]]) -> dict[str, RecordName]:
        return {rid: self.name(entity, rid) for entity, rid in refs}

    def name(self, entity: str, rid: str) -> RecordName:
        model = MODEL_BY_TABLE.get(entity)
        record = self.s.get(model, rid) if model is not None else None
        return RecordName(entity, self._parts(record) if record is not None else ())

    def pulled(self, entity: str, rid: str, fields: Mapping[str, Any]) -> RecordName:
        """A record the server sent that this laptop could not store (the Sync page's
        records set aside): named as held here when it is, else from what the pulled
        fields say, with the records it points at that this laptop has."""
        held = self.name(entity, rid)
        model = MODEL_BY_TABLE.get(entity)
        if held.parts or model is None:
            return held
        columns = model.__table__.c  # type: ignore[attr-defined]
        values = {k: wire_value(model, k, v) for k, v in fields.items() if k in columns and k != "id"}
        try:
            parts = self._parts(model(id=rid, **values))  # never added to the session: only read
        except Exception:  # noqa: BLE001 - a value this laptop cannot hold is why it waits
            parts = ()
        if not parts:  # nothing to name it by: the first fields a person is shown
            parts = tuple(NamePart("text", text=str(values[k])) for k in shown_fields(entity)
                          if values.get(k) not in (None, ""))[:2]
        return RecordName(entity, parts)

    def _parts(self, r: Any) -> tuple[NamePart, ...]:  # noqa: C901 - one case per kind of record
        if r is None:
            return ()
        get = self.s.get
        if isinstance(r, School):
            return (NamePart("school", text=r.name),)
        if isinstance(r, Inspector):
            return (NamePart("person", text=r.name),)
        if isinstance(r, Visit):
            if not self.revealed and is_confidential(r.notice, r.status, r.planned_on, self.today):
                return (NamePart("hidden_visit"),)
            return (*self._parts(get(School, r.school_id)), NamePart("visit", r.planned_on))
        if isinstance(r, Finding):
            n = self._finding_no(r)  # 0 for a finding this laptop does not hold: named by its problem alone
            finding = NamePart("finding", n, r.problem) if n else NamePart("text", text=r.problem or "")
            return (*self._parts(get(Visit, r.visit_id)), finding)
        if isinstance(r, IndicatorResult):
            return (*self._parts(get(Visit, r.visit_id)), *self._parts(get(Indicator, r.indicator_id)))
        if isinstance(r, Indicator):
            return (NamePart("line", text=f"{r.code} {r.title_zh}".strip(), text_en=f"{r.code} {r.title_en}".strip()),)
        if isinstance(r, ChecklistTemplate):
            return (NamePart("text", text=r.title_zh, text_en=r.title_en),)
        if isinstance(r, VisitTeamMember):
            return (*self._parts(get(Visit, r.visit_id)), *self._parts(get(Inspector, r.inspector_id)))
        if isinstance(r, Attachment):
            owner = (get(Finding, r.finding_id) if r.finding_id else get(IndicatorResult, r.indicator_result_id)
                     if r.indicator_result_id else get(Rectification, r.rectification_id)
                     if r.rectification_id else get(Visit, r.visit_id) if r.visit_id else None)
            return (*self._parts(owner), NamePart("file", text=r.filename))
        if isinstance(r, FeedbackForm):
            return (*self._parts(get(Visit, r.visit_id)), NamePart("form", text=r.number))
        if isinstance(r, Requirement):
            return (*self._parts(get(FeedbackForm, r.form_id)), NamePart("requirement", r.ordinal, r.text))
        if isinstance(r, Signature):
            return (*self._parts(get(FeedbackForm, r.form_id)), NamePart("signer", r.role, r.signer_name))
        if isinstance(r, SchoolResponse):
            return (*self._parts(get(FeedbackForm, r.form_id)), NamePart("response", r.kind))
        if isinstance(r, Rectification):
            return self._parts(get(Requirement, r.requirement_id)) or self._parts(get(School, r.school_id))
        if isinstance(r, ReInspection):
            return (*self._parts(get(Rectification, r.rectification_id)), NamePart("reinspection", r.inspected_on))
        if isinstance(r, Escalation):
            owner = get(Rectification, r.rectification_id) if r.rectification_id else get(School, r.school_id)
            return (*self._parts(owner), NamePart("step", r.kind))
        if isinstance(r, SchoolAssignment):
            return (*self._parts(get(Inspector, r.inspector_id)), *self._parts(get(School, r.school_id)))
        if isinstance(r, TrainingRecord):
            return (NamePart("training", r.attended_on, r.title),)
        if isinstance(r, RandomPick):
            return (NamePart("pick", r.made_on, r.purpose),)
        if isinstance(r, DeviceKey):
            return (*self._parts(get(Inspector, r.inspector_id)), NamePart("text", text=r.label))
        if isinstance(r, RegionRules):
            return (NamePart("text", text=r.region),)
        return ()

    def _finding_no(self, f: Finding) -> int:
        """A finding's number on its visit, counted as the Findings tab lists them."""
        order = self._findings.get(f.visit_id)
        if order is None:
            order = list(self.s.scalars(
                sa.select(Finding.id).where(Finding.visit_id == f.visit_id, Finding.deleted.is_(False))
                .order_by(Finding.created_at, Finding.id)))
            self._findings[f.visit_id] = order
        return order.index(f.id) + 1 if f.id in order else 0
