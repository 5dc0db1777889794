"""Is a printed feedback sheet genuine? Form id + digest → genuine, unknown or altered.

Genuine means: the caller may see the form, it is signed, the digest printed on
the sheet is the one the server holds, and the device signature over that
digest checks out against a registered, unrevoked key of the same inspector.
A form outside the caller's scope is "unknown", exactly like one that does not exist.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

# The sheet's own signature scheme (Ed25519 over the digest's hex text), in one place.
from inspector_desktop.signing.seal import signature_valid
from inspector_desktop.server import scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.sync.protocol import VerifyRequest, VerifyResponse, VerifyResult


def verify(engine: sa.Engine, me: Me, req: VerifyRequest) -> VerifyResponse:
    with engine.connect() as conn:
        form = conn.execute(
            sa.select(t.record.c.fields, t.record.c.visit_id, t.record.c.created_by).where(
                t.record.c.id == req.form_id, t.record.c.entity == "feedback_form", t.record.c.deleted.is_(False), scope.visible(me)
            )
        ).first()
        fields = json.loads(form.fields) if form else {}
        if form is None or fields.get("status") not in ("signed", "issued") or not fields.get("digest"):
            return VerifyResponse(result=VerifyResult.UNKNOWN, reason="form.unknown")
        answer = dict(form_number=fields.get("number") or "", signed_at=fields.get("signed_at") or "")
        if fields["digest"] != req.digest:
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
    if not signature_valid(key.public_key, req.digest, fields.get("device_signature") or ""):
        return VerifyResponse(result=VerifyResult.ALTERED, reason="signature.invalid", **answer)
    return VerifyResponse(result=VerifyResult.GENUINE, **answer)
