"""A printed sheet's form id + digest: genuine, altered or unknown, checked against
the device key the inspector's laptop registered at sync time."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from inspector_desktop.server import admin
from tests.server.conftest import Office, new_id, visit_fields


def _register_key(inspector) -> tuple[Ed25519PrivateKey, str]:  # type: ignore[no-untyped-def]
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_id = hashlib.sha256(raw).hexdigest()
    fields = dict(inspector_id=inspector.id, key_id=key_id, public_key=base64.b64encode(raw).decode(), label="laptop")
    answer = inspector.write("device_key", new_id(), fields)
    assert answer["status"] == "applied", answer
    return private, key_id


def _signed_form(inspector, school: str, private: Ed25519PrivateKey, key_id: str, content: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    vid, form = new_id(), new_id()
    assert inspector.write("visit", vid, visit_fields(school))["status"] == "applied"
    assert inspector.write("feedback_form", form, dict(visit_id=vid, number=f"{inspector.username}-2026-{new_id()[:4]}"))["status"] == "applied"
    digest = hashlib.sha256(content.encode()).hexdigest()
    signature = base64.b64encode(private.sign(digest.encode("ascii"))).decode()
    sign = dict(status="signed", digest=digest, device_key_id=key_id, device_signature=signature, canonical_content=content, signed_at="2026-11-22T10:00:00")
    answer = inspector.write("feedback_form", form, sign, "update", 0)
    assert answer["status"] == "applied", answer
    return form, digest


def test_genuine_altered_unknown_and_revoked(office: Office, engine):
    a = office.inspector()
    school = office.assign(a, office.school())
    private, key_id = _register_key(a)
    form, digest = _signed_form(a, school, private, key_id, "整改要求：疏通消防通道")

    def check(form_id: str, d: str) -> tuple[str, str]:
        r = a.http.post("/verify", json=dict(form_id=form_id, digest=d))
        assert r.status_code == 200, r.text
        return r.json()["result"], r.json()["reason"]

    assert check(form, digest) == ("genuine", "")
    assert check(form, hashlib.sha256(b"edited after printing").hexdigest()) == ("altered", "digest.mismatch")
    assert check(new_id(), digest) == ("unknown", "form.unknown")
    # A signature by a key that is not the one named fails even with the right digest.
    other, other_id = _register_key(a)
    forged, forged_digest = _signed_form(a, school, other, key_id, "另一张")
    assert check(forged, forged_digest) == ("altered", "signature.invalid")
    # A genuine key of an inspector who was not on the visit does not make a sheet genuine.
    outsider = office.inspector()
    outsider_key, outsider_id = _register_key(outsider)
    borrowed, borrowed_digest = _signed_form(a, school, outsider_key, outsider_id, "借用他人密钥")
    assert check(borrowed, borrowed_digest) == ("altered", "key.not_on_team")
    admin.revoke_device_key(engine, key_id)
    assert check(form, digest) == ("altered", "key.revoked")
    pulled = [r for r in a.pull_all().values() if r["entity"] == "device_key" and r["fields"]["key_id"] == key_id]
    assert pulled[0]["fields"]["revoked_at"]  # the laptop learns of the revocation by pull


def test_device_keys_are_checked_and_belong_to_their_inspector(office: Office):
    a, b = office.inspector(), office.inspector()
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    good = dict(inspector_id=a.id, key_id=hashlib.sha256(raw).hexdigest(), public_key=base64.b64encode(raw).decode())
    assert b.write("device_key", new_id(), good)["code"] == "record.forbidden"
    assert a.write("device_key", new_id(), dict(good, key_id="0" * 64))["code"] == "device_key.bad_key"
    kid = new_id()
    assert a.write("device_key", kid, good)["status"] == "applied"
    assert a.write("device_key", new_id(), good)["code"] == "device_key.taken"
    assert a.write("device_key", kid, dict(public_key=base64.b64encode(b"x" * 32).decode()), "update", 0)["code"] == "device_key.immutable"
