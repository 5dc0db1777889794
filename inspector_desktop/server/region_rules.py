"""The rule file each region's laptops follow, as the office administrator sets it."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain.rules import available_rules, region_rules_id
from inspector_desktop.server import tables as t
from inspector_desktop.server.admin import AdminError, _write
from inspector_desktop.sync import schema


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
