"""A lead's laptop asks the server for the region's laptops and reports one lost
(server/devices.py decides who may, and does it). Calls go through the
workspace's signed-in session, as the office's other calls do."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync import protocol as p


@dataclass(frozen=True)
class Laptop:
    """One laptop of the region, with its times as datetimes (UTC) for the window."""

    device_id: str
    username: str
    display_name: str
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    revoked_at: dt.datetime | None
    revoked_by: str
    erased_at: dt.datetime | None
    lost_changes: int | None
    this_device: bool


def _at(text: str) -> dt.datetime | None:
    if not text:
        return None
    at = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


def _laptop(d: p.Device) -> Laptop:
    return Laptop(d.device_id, d.username, d.display_name, _at(d.first_seen), _at(d.last_seen), _at(d.revoked_at),
                  d.revoked_by, _at(d.erased_at), d.lost_changes, d.this_device)


def region_laptops(ws: Workspace) -> list[Laptop]:
    from inspector_desktop.sync.account import engine_for

    engine = engine_for(ws)
    try:
        answer = engine.t.request("GET", "/devices")
    finally:
        engine.t.close()
    return [_laptop(p.Device.model_validate(d)) for d in json.loads(answer.body)]


def report_lost(ws: Workspace, device_id: str) -> Laptop:
    from inspector_desktop.sync.account import engine_for

    engine = engine_for(ws)
    try:
        return _laptop(engine.t.call("POST", f"/devices/{device_id}/revoke", p.Device))
    finally:
        engine.t.close()
