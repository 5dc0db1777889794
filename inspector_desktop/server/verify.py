"""Is a printed feedback sheet genuine? Form id + digest → genuine, unknown or altered.

Genuine means: the caller may see the form, it is signed, the digest printed on
the sheet is the one the server holds, and the device signature over that
digest checks out against a registered, unrevoked key of the same inspector.
A form outside the caller's scope is "unknown", exactly like one that does not exist.

The rule lives in ``judge`` alone: the authenticated ``POST /verify`` and the
public page a school reaches from the sheet's QR code (verify_page.py) both ask it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

# The sheet's own signature scheme (Ed25519 over the digest's hex text), in one place.
from inspector_desktop.signing.seal import signature_valid
from inspector_desktop.server import scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.sync.protocol import VerifyRequest, VerifyResponse, VerifyResult


@dataclass(frozen=True)
class SignedForm:
    id: str
    visit_id: str
    created_by: str
    fields: dict[str, Any]


def verify(engine: sa.Engine, me: Me, req: VerifyRequest) -> VerifyResponse:
    with engine.connect() as conn:
        return judge(conn, signed_form(conn, req.form_id, scope.visible(me)), req.digest)


def signed_form(conn: sa.Connection, form_id: str, visible: sa.ColumnElement[bool]) -> SignedForm | None:
    """The live, signed form with this id among the records ``visible`` lets through."""
    r = t.record
    row = conn.execute(
        sa.select(r.c.fields, r.c.visit_id, r.c.created_by).where(
            r.c.id == form_id, r.c.entity == "feedback_form", r.c.deleted.is_(False), visible
        )
    ).first()
    fields = json.loads(row.fields) if row else {}
    if row is None or fields.get("status") not in ("signed", "issued") or not fields.get("digest"):
        return None
    return SignedForm(form_id, row.visit_id or "", row.created_by, fields)


def judge(conn: sa.Connection, form: SignedForm | None, digest: str) -> VerifyResponse:
    if form is None:
        return VerifyResponse(result=VerifyResult.UNKNOWN, reason="form.unknown")
    fields = form.fields
    answer = dict(form_number=fields.get("number") or "", signed_at=fields.get("signed_at") or "")
    if fields["digest"] != digest:
        return VerifyResponse(result=VerifyResult.ALTERED, reason="digest.mismatch", **answer)
    key = conn.execute(sa.select(t.device_key).where(t.device_key.c.key_id == (fields.get("device_key_id") or ""))).first()
    r = t.record
    on_team = key is not None and (
        key.account_id == form.created_by
        or conn.execute(
            sa.select(r.c.id).where(
                r.c.entity == "visit_team_member", r.c.visit_id == form.visit_id, r.c.subject_id == key.account_id, r.c.deleted.is_(False)
            )
        ).first()
        is not None
    )
    if key is None:
        return VerifyResponse(result=VerifyResult.ALTERED, reason="key.unknown", **answer)
    if not on_team:  # a real key, but of someone who had no part in this visit
        return VerifyResponse(result=VerifyResult.ALTERED, reason="key.not_on_team", **answer)
    if key.revoked_at is not None:
        return VerifyResponse(result=VerifyResult.ALTERED, reason="key.revoked", **answer)
    if not signature_valid(key.public_key, digest, fields.get("device_signature") or ""):
        return VerifyResponse(result=VerifyResult.ALTERED, reason="signature.invalid", **answer)
    return VerifyResponse(result=VerifyResult.GENUINE, **answer)
