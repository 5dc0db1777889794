"""What the push path refuses beyond a field's type and the writer's scope:
references that need a look at other tables, and facts scope depends on.

``refusal`` answers with a stable code (which the laptop translates), or None.
It sees the record as it will be stored (``current``, merged) and the fields this
mutation sent (``incoming``), so an edit that does not touch a checked field is
never refused for a record stored before the check existed.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain.rules import available_rules
from inspector_desktop.server import blobs, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.sync import schema


def refusal(conn: sa.Connection, me: Me | None, entity: str, incoming: dict[str, Any], current: dict[str, Any],
            inserting: bool, deleting: bool) -> str | None:
    if entity == "region_rules" and (refused := _region_rules(conn, me, incoming, current, inserting)) is not None:
        return refused
    if entity in TEMPLATE_ENTITIES and me is not None and (refused := _template(conn, me, entity, incoming, current,
                                                                                inserting)) is not None:
        return refused
    if deleting:
        return None
    if entity == "attachment" and me is not None and "sha256" in incoming:
        # A hash is not a key: naming a blob is allowed only to whoever could read it already.
        if not blobs.may_reference(conn, me, current.get("sha256")):
            return "attachment.blob_unknown"
    if entity == "school" and (inserting or "district" in incoming):
        # The district is the school's region; a school with none would be in no
        # lead's region (or, to a clause that treats "" as "everywhere", in all of them).
        if not str(current.get("district") or "").strip():
            return "school.no_region"
    if entity == "rectification" and me is not None and not me.is_lead and escalates(incoming, current):
        # The escalation record itself is the lead's (scope.RULES); the status change
        # that goes with it travels as its own mutation and must be refused with it,
        # or the rectification would read "escalated" with no step behind it.
        return "rectification.escalation_lead_only"
    return None


def escalates(incoming: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether a change to a rectification is one only an escalation step makes:
    moving it to escalated, or moving the deadline of an item already escalated
    (each step gives the school a new one; a report or verdict leaves it, and
    nothing else may follow escalated but the school's report)."""
    if incoming.get("status") == "escalated":
        return True
    return "status" not in incoming and "deadline" in incoming and current.get("status") == "escalated"


def _region_rules(conn: sa.Connection, me: Me | None, incoming: dict[str, Any], current: dict[str, Any],
                  inserting: bool) -> str | None:
    """A region's rule file: set by a lead of that region (a lead without one
    oversees the province), for a region that stays the one it was made for, to
    a rule file the laptops ship (an unknown key would stop every laptop of the
    region from computing a deadline)."""
    region = str(current.get("region") or "").strip()
    if not region:
        return "region_rules.no_region"
    if me is not None and me.region and region != me.region:
        return "record.forbidden"
    if not inserting:
        # The stored record still holds its region's key until this write lands:
        # no holder for the merged region means the write moves it to another one.
        key = schema.natural_key("region_rules", {"region": region}, ("region",))
        if conn.execute(sa.select(t.record.c.id).where(t.record.c.natural_key == key)).first() is None:
            return "region_rules.region_fixed"
    if (inserting or "rules" in incoming) and current.get("rules") not in available_rules():
        return "region_rules.unknown_rules"
    return None


TEMPLATE_ENTITIES = ("checklist_template", "indicator")


def _template(conn: sa.Connection, me: Me, entity: str, incoming: dict[str, Any], current: dict[str, Any],
              inserting: bool) -> str | None:
    """Checklist templates reach every laptop of the province, so only a lead
    drafts, publishes or changes one; and a published version never changes
    again (visits were rated on it): a change is the next version, drafted anew.
    The console's shipped templates (no account) pass."""
    if not me.is_lead:
        return "template.lead_only"
    if entity == "checklist_template":
        if inserting:
            return None
        if "code" in incoming or "version" in incoming:
            return "template.version_fixed"  # a version is known by its code and number everywhere
        return "template.published" if _published(conn, current) else None
    # An item: of a published version, as it stands and wherever the change would move it.
    for template_id in {current.get("template_id"), incoming.get("template_id")} - {None}:
        row = conn.execute(sa.select(t.record.c.fields).where(t.record.c.id == template_id)).first()
        if row is not None and _published_fields(json.loads(row.fields)):
            return "template.published"
    return None


def _published(conn: sa.Connection, current: dict[str, Any]) -> bool:
    """Whether the stored version (found by its code and number, which a change may
    not touch) is published; the record in ``current`` already carries this change."""
    key = schema.natural_key("checklist_template", current, ("code", "version"))
    row = conn.execute(sa.select(t.record.c.fields).where(t.record.c.natural_key == key)).first()
    return row is not None and _published_fields(json.loads(row.fields))


def _published_fields(fields: dict[str, Any]) -> bool:
    # Versions stored before drafts existed carry no status: they were shipped, so published.
    return fields.get("status", "published") == "published"
