"""Records and their changes in the inspector's words (store/describe.py says what, here how).

Used by the visit's History tab and the Sync page's queue and conflicts: a record
is named by its school, visit and finding ("育才小学 · 2026年11月22日 督导 ·
发现2：食堂…"), a change by its field's label and old → new value; ids and the
fields wording/records.py leaves out never reach the screen.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication

from inspector_desktop.store.describe import FieldChange, NamePart, RecordName
from inspector_desktop.ui.i18n import chain_label, format_date, format_datetime, label, record_kind
from inspector_desktop.ui.widgets import is_chinese
from inspector_desktop.wording.labels import CHAIN_LABELS
from inspector_desktop.wording.records import CONTEXT, shown_fields

SEPARATOR = " · "


def field_label(entity: str, field: str) -> str:
    source = shown_fields(entity).get(field)
    return QCoreApplication.translate(CONTEXT, source) if source else ""


def elide(text: str, width: int = 40) -> str:
    text = " ".join(text.split())  # one line: a table cell shows no line breaks
    return text if len(text) <= width else text[: width - 1] + "…"


def value_text(value: Any, width: int = 40) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Enum):
        return chain_label(value) if value in CHAIN_LABELS else label(value)
    if isinstance(value, bool):
        return QCoreApplication.translate("RecordText", "yes") if value else \
            QCoreApplication.translate("RecordText", "no")
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list | dict):
        return "…"
    return elide(str(value), width)


def part_text(p: NamePart) -> str:  # noqa: C901 - one wording per kind of name part
    zh = is_chinese()
    if p.role == "visit":
        return QCoreApplication.translate("RecordText", "{date} inspection").format(date=format_date(p.value))
    if p.role == "hidden_visit":
        return QCoreApplication.translate("RecordText", "Hidden unannounced visit")
    if p.role == "finding":
        return QCoreApplication.translate("RecordText", "Finding {n}: {problem}").format(
            n=p.value, problem=elide(p.text, 24))
    if p.role == "line":
        line = p.text if zh or not p.text_en else p.text_en
        return QCoreApplication.translate("RecordText", "Checklist line {line}").format(line=elide(line, 30))
    if p.role == "file":
        return QCoreApplication.translate("RecordText", "File {name}").format(name=elide(p.text, 30))
    if p.role == "form":
        return QCoreApplication.translate("RecordText", "Feedback form {number}").format(number=p.text)
    if p.role == "requirement":
        return QCoreApplication.translate("RecordText", "Requirement {n}").format(n=p.value)
    if p.role == "signer":
        return QCoreApplication.translate("RecordText", "{role}'s signature").format(role=label(p.value))
    if p.role in ("response", "step"):
        return value_text(p.value)
    if p.role == "reinspection":
        return QCoreApplication.translate("RecordText", "Re-inspection on {date}").format(date=format_date(p.value))
    if p.role == "training":
        return f"{format_date(p.value)} {elide(p.text, 30)}"
    if p.role == "pick":
        return QCoreApplication.translate("RecordText", "Random pick on {date}").format(date=format_date(p.value))
    if p.role == "text":
        return elide(p.text if zh or not p.text_en else p.text_en, 30)
    return elide(p.text, 30)  # school, person


def name_text(name: RecordName, skip: int = 0) -> str:
    """The record named by its parts; ``skip`` drops leading parts the screen already shows
    (the visit page names its own school and date). A record this laptop no longer
    holds is named by its kind alone."""
    parts = [part_text(p) for p in name.parts[skip:]]
    return SEPARATOR.join(parts) if parts else record_kind(name.kind)


def kind_and_name(name: RecordName) -> str:
    """The record's kind, then its name: "Finding · 育才小学 · 2026年11月22日 督导 · 发现2：食堂…"."""
    named = name_text(name)
    kind = record_kind(name.kind)
    return named if named == kind else f"{kind}{SEPARATOR}{named}"


def change_text(entity: str, change: FieldChange, with_old: bool = True) -> str:
    """"Problem: old → new", or "Problem: new" for a value set for the first time."""
    new = value_text(change.new)
    if with_old and change.old not in (None, ""):
        new = f"{value_text(change.old)} → {new}"
    return QCoreApplication.translate("RecordText", "{field}: {value}").format(
        field=field_label(entity, change.field), value=new)


def changes_text(entity: str, changes: tuple[FieldChange, ...], action: str) -> str:
    """A record's changes in one line; an added record lists only what was filled in."""
    if action == "delete":
        return ""
    shown = [c for c in changes if action != "insert" or c.new not in (None, "", False)]
    return QCoreApplication.translate("RecordText", "; ").join(change_text(entity, c) for c in shown)


def action_text(action: str) -> str:
    words = {"insert": QCoreApplication.translate("RecordText", "added"),
             "update": QCoreApplication.translate("RecordText", "changed"),
             "delete": QCoreApplication.translate("RecordText", "removed")}
    return words.get(action, action)


def with_action(record: str, action: str) -> str:
    """A record and what happened to it: "Finding 2: … — changed"."""
    return QCoreApplication.translate("RecordText", "{record} — {action}").format(record=record, action=action_text(action))


def action_with_changes(action: str, changes: str) -> str:
    """What happened and to which fields: "changed: Problem: old → new"."""
    if not changes:
        return action_text(action)
    return QCoreApplication.translate("RecordText", "{action}: {changes}").format(action=action_text(action), changes=changes)
