"""The rule file each region's laptops follow, as the office administrator sets it."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from inspector_desktop.checklists import NAMESPACE
from inspector_desktop.domain.rules import available_rules
from inspector_desktop.server import tables as t
from inspector_desktop.server.admin import AdminError, _write
from inspector_desktop.sync import schema


def region_rules_id(region: str) -> str:
    # The id every laptop gives the region's record too (store/rules.py), so the
    # office's write and a lead's are one record.
    return str(uuid.uuid5(NAMESPACE, f"region_rules:{region}"))


def set_region_rules(engine: sa.Engine, region: str, rules: str, decided_on: dt.date, decided_by: str = "") -> None:
    """The rule file a region's laptops follow from their next sync."""
    region = region.strip()
    if not region:
        raise AdminError("server_region_needed")
    known = available_rules()
    if rules not in known:
        raise AdminError("server_no_such_rules", rules=rules, known=", ".join(known))
    key = schema.natural_key("region_rules", {"region": region}, ("region",))
    with engine.connect() as conn:
        held = conn.execute(sa.select(t.record.c.id).where(t.record.c.natural_key == key)).scalar()
    fields = dict(region=region, rules=rules, decided_on=decided_on.isoformat(), decided_by=decided_by)
    _write(engine, "region_rules", held or region_rules_id(region), fields)
