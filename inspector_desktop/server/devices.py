"""Laptops the office reports lost.

A device is one laptop's workspace (its client id, bound to one account at its
first sign-in). A lead (in the app, for the devices of their region) or the
administrator (``inspector-server revoke-device``) reports it lost: in one
transaction it is marked revoked and every token it holds dies. Its next
contact (sign-in, token refresh or any signed-in request) is answered
``auth.device_revoked`` and the laptop erases its workspace; that answer
records how many changes it says it had not sent, which is what the lead is
told was lost. The inspector's other laptops keep working.

The device's signing key stays valid: the sheets it signed before are still
genuine. ``revoke-key`` withdraws it when the office no longer trusts them.
"""

# No ``from __future__ import annotations``: FastAPI reads the routes' annotations,
# which name this module's locals.

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

import sqlalchemy as sa

from inspector_desktop.server import tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.server.db import writing
from inspector_desktop.server.errors import ApiError, not_found
from inspector_desktop.server.security import iso, utcnow
from inspector_desktop.sync import protocol as p
from inspector_desktop.wording.cli import CommandError

KEY_ID = re.compile(r"^[0-9a-f]{64}$")
DEVICE_ID = re.compile(p.UUID_PATTERN)


class DeviceError(CommandError):
    """The command changed nothing: a sentence of wording/cli.py says why (exit 2)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, 2, **params)


@dataclass(frozen=True)
class Revocation:
    device: p.Device
    tokens: int  # tokens killed now
    already: bool  # it had been reported lost before: nothing changed


def _when(value: dt.datetime | None) -> str:
    return iso(value) if value is not None else ""


def _device(row: sa.Row, caller: Me | None = None) -> p.Device:
    return p.Device(
        device_id=row.client_id, username=row.username, display_name=row.display_name,
        first_seen=_when(row.created_at), last_seen=_when(row.last_seen_at), revoked_at=_when(row.revoked_at),
        revoked_by=row.revoked_by or "", erased_at=_when(row.erased_at), lost_changes=row.lost_changes,
        this_device=caller is not None and caller.client_id == row.client_id,
    )


def _devices() -> sa.Select[Any]:
    c, a = t.client, t.account
    return (sa.select(c, a.c.username, a.c.display_name, a.c.region)
            .join(a, a.c.id == c.c.account_id)
            .order_by(a.c.username, c.c.created_at))


def list_devices(engine: sa.Engine, region: str | None = None, caller: Me | None = None) -> list[p.Device]:
    """Every device, or a region's (the region of its account)."""
    query = _devices() if region is None else _devices().where(t.account.c.region == region)
    with engine.connect() as conn:
        return [_device(row, caller) for row in conn.execute(query)]


def _find(conn: sa.Connection, which: str) -> sa.Row:
    """A device named by its id, by its signing key's id, or by its user (who
    must then have exactly one device not yet reported lost)."""
    which = which.strip()
    if DEVICE_ID.match(which):
        row = conn.execute(_devices().where(t.client.c.client_id == which.lower())).first()
        if row is None:
            raise DeviceError("server_no_such_device", device=which)
        return row
    if KEY_ID.match(which):
        # The laptop that registered the key is the one whose change inserted its record.
        record_id = conn.execute(sa.select(t.record.c.id).where(
            t.record.c.entity == "device_key", t.record.c.fields.contains(f'"key_id": "{which}"'))).scalar()
        client_id = record_id and conn.execute(
            sa.select(t.record_change.c.client_id).where(t.record_change.c.record_id == record_id)
            .order_by(t.record_change.c.version).limit(1)).scalar()
        row = client_id and conn.execute(_devices().where(t.client.c.client_id == client_id)).first()
        if not row:
            raise DeviceError("server_no_such_device", device=which)
        return row
    account = conn.execute(sa.select(t.account.c.id).where(t.account.c.username == which.lower())).scalar()
    if account is None:
        raise DeviceError("server_no_such_device", device=which)
    rows = conn.execute(_devices().where(t.client.c.account_id == account, t.client.c.revoked_at.is_(None))).all()
    if not rows:
        raise DeviceError("server_user_no_devices", username=which)
    if len(rows) > 1:
        listed = ", ".join(f"{r.client_id} ({_when(r.last_seen_at or r.created_at)[:10]})" for r in rows)
        raise DeviceError("server_user_many_devices", username=which, count=len(rows), devices=listed)
    return rows[0]


def revoke_device(engine: sa.Engine, which: str, by: str = "office") -> Revocation:
    """Report a device lost and kill its tokens, all or none; a device reported
    before is left as it is and its state returned (the count of lost changes,
    once the laptop has erased itself)."""
    with writing(engine) as conn:
        row = _find(conn, which)
        if row.revoked_at is not None:
            return Revocation(_device(row), 0, already=True)
        now = utcnow()
        marked = conn.execute(sa.update(t.client).where(t.client.c.client_id == row.client_id, t.client.c.revoked_at.is_(None))
                              .values(revoked_at=now, revoked_by=by)).rowcount
        if not marked:  # reported by someone else in the meantime
            row = conn.execute(_devices().where(t.client.c.client_id == row.client_id)).one()
            return Revocation(_device(row), 0, already=True)
        tokens = conn.execute(sa.update(t.token).where(t.token.c.client_id == row.client_id, t.token.c.revoked_at.is_(None))
                              .values(revoked_at=now)).rowcount
        row = conn.execute(_devices().where(t.client.c.client_id == row.client_id)).one()
    return Revocation(_device(row), tokens, already=False)


# ---------------------------------------------------------------- the API a lead's laptop uses


def _lead(caller: Me) -> Me:
    if not caller.is_lead:
        raise ApiError(403, "device.lead_only", "Only a lead inspector reports a laptop lost.")
    return caller


def region_devices(engine: sa.Engine, caller: Me) -> list[p.Device]:
    """The devices of the lead's region (a lead without one oversees them all)."""
    return list_devices(engine, _lead(caller).region or None, caller)


def revoke_for_lead(engine: sa.Engine, caller: Me, device_id: str) -> p.Device:
    _lead(caller)
    if device_id == caller.client_id:
        raise ApiError(409, "device.own", "This is the laptop you are using; report it lost from another one.")
    with engine.connect() as conn:
        region = conn.execute(sa.select(t.account.c.region).join(t.client, t.client.c.account_id == t.account.c.id)
                              .where(t.client.c.client_id == device_id)).scalar()
    if region is None or (caller.region and region != caller.region):
        raise not_found("device")  # another region's laptops are not this lead's to see
    return revoke_device(engine, device_id, by=caller.username).device


def add_routes(app: Any, engine: sa.Engine, caller_type: Any) -> None:
    """GET /devices and POST /devices/{id}/revoke, for leads."""
    from fastapi import Path as PathParam

    DeviceId = Annotated[str, PathParam(pattern=p.UUID_PATTERN)]

    @app.get("/devices", response_model=list[p.Device], tags=["office"])
    def devices(caller: caller_type) -> list[p.Device]:  # type: ignore[valid-type]
        return region_devices(engine, caller)

    @app.post("/devices/{device_id}/revoke", response_model=p.Device, tags=["office"])
    def revoke(device_id: DeviceId, caller: caller_type) -> p.Device:  # type: ignore[valid-type]
        return revoke_for_lead(engine, caller, device_id)
