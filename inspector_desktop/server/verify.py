"""Is a printed feedback sheet genuine? Form id + digest → genuine, unknown or altered.

Genuine means: the caller may see the form, it is signed, the digest printed on
the sheet is the one the server holds, and the device signature over that
digest checks out against a registered, unrevoked key of the same inspector.
A form outside the caller's scope is "unknown", exactly like one that does not exist.
"""

from __future__ import annotations

import base64
import binascii
import json

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from inspector_desktop.server import scope, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.sync.protocol import VerifyRequest, VerifyResponse, VerifyResult


def signature_bytes(text: str) -> bytes:
    """The sheet stores the signature as base64 or hex; accept both."""
    if len(text) == 128:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    return base64.b64decode(text, validate=True)


def verify(engine: sa.Engine, me: Me, req: VerifyRequest) -> VerifyResponse:
    with engine.connect() as conn:
        form = conn.execute(
            sa.select(t.record.c.fields).where(
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
    if key is None:
        return VerifyResponse(result=VerifyResult.ALTERED, reason="key.unknown", **answer)
    if key.revoked_at is not None:
        return VerifyResponse(result=VerifyResult.ALTERED, reason="key.revoked", **answer)
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key))
        public.verify(signature_bytes(fields.get("device_signature") or ""), req.digest.encode("ascii"))
    except (InvalidSignature, ValueError, binascii.Error):
        return VerifyResponse(result=VerifyResult.ALTERED, reason="signature.invalid", **answer)
    return VerifyResponse(result=VerifyResult.GENUINE, **answer)
