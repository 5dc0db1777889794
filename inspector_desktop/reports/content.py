"""What a sealed feedback form says: the content dictionary, built from plain values.

One builder serves signing (store.forms, from rows), re-checking a stored form,
and the demo data (from the dicts it bulk-inserts), so every path digests the
very same structure. Times are stored naive UTC and written here in the zone
the form was signed in, offset included, so the digest never depends on the
machine that re-checks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from inspector_desktop.domain import SignatureRole
from inspector_desktop.reports import seal

CONTENT_FORMAT = 1
SIGNATURE_ORDER = (SignatureRole.INSPECTOR, SignatureRole.SCHOOL_REPRESENTATIVE)


def iso_in(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    # Stored naive UTC; printed in the zone the form was signed in, offset included.
    return None if moment is None else moment.replace(tzinfo=dt.UTC).astimezone(tz).isoformat(timespec="seconds")


def tz_from_offset(offset: str) -> dt.timezone:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset.lstrip("+-").split(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def offset_of(tz: dt.tzinfo) -> str:
    delta = dt.datetime.now(tz).utcoffset() or dt.timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def form_content(
    form: dict[str, Any],
    visit: dict[str, Any],
    school: dict[str, Any],
    inspector: dict[str, Any],
    findings: Sequence[dict[str, Any]],
    requirements: Sequence[dict[str, Any]],
    signatures: Sequence[dict[str, Any]],
    tz: dt.tzinfo,
    signed_at: dt.datetime | None,
    device_key_id: str | None,
    addendum_of: dict[str, str] | None,
) -> dict[str, Any]:
    """The content a form is sealed over, from plain column values (rows or dicts)."""
    order = {r: i for i, r in enumerate(SIGNATURE_ORDER)}
    return {
        "format": CONTENT_FORMAT,
        "form_id": form["id"],
        "number": form["number"],
        "language": form["language"],
        "timezone": offset_of(tz),
        "addendum_of": addendum_of,
        "school": {k: school[k] for k in ("code", "name", "competent_department")},
        "visit": {
            "id": visit["id"],
            "scope": str(visit["scope"]), "stage": str(visit["stage"]),
            "planning": str(visit["planning"]), "notice": str(visit["notice"]),
            "planned_on": visit["planned_on"].isoformat(),
            "started_at": iso_in(visit["started_at"], tz),
            "completed_at": iso_in(visit["completed_at"], tz),
            "purpose": visit["purpose"],
        },
        "inspector": {"code": inspector["code"], "name": inspector["name"]},
        "summary": form["summary"],
        "no_issues_statement": form["no_issues_statement"],
        "free_text": form["free_text"],
        "findings": [
            {k: str(f[k]) for k in ("id", "category", "severity", "problem", "evidence", "diagnosis", "recommendation")}
            for f in findings
        ],
        "requirements": [
            {
                "ordinal": r["ordinal"], "text": r["text"], "deadline": r["deadline"].isoformat(),
                "responsible_party": r["responsible_party"], "copied_to": r["copied_to"],
                "finding_id": r["finding_id"],
            }
            for r in sorted(requirements, key=lambda r: r["ordinal"])
        ],
        "signatures": [
            {
                "role": str(s["role"]), "signer_name": s["signer_name"], "signer_title": s["signer_title"],
                "signed_at": iso_in(s["signed_at"], tz),
                "strokes_sha256": seal.strokes_digest(s["strokes"]),
                "png_sha256": seal.sha256_hex(s["png"] or b""),
            }
            for s in sorted(signatures, key=lambda s: order[SignatureRole(s["role"])])
        ],
        "signed_at": iso_in(signed_at, tz),
        "device_key_id": device_key_id,
    }


# ---------------------------------------------------------------- demo data


class DemoSealer:
    """Seals demo forms exactly as sign_form does, with device keys derived from the seed.

    Only the public halves are kept (in DeviceKey): nobody can sign new forms
    with a demo key, yet every demo sheet verifies.
    """

    TZ = dt.timezone(dt.timedelta(hours=8))  # the demo schools are in Nanchang

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._keys: dict[str, seal.Ed25519PrivateKey] = {}
        self._ink: dict[str, tuple[list[Any], bytes]] = {}

    def _key(self, code: str) -> seal.Ed25519PrivateKey:
        if code not in self._keys:
            secret = hashlib.sha256(f"demo-device-key:{self.seed}:{code}".encode()).digest()
            self._keys[code] = seal.Ed25519PrivateKey.from_private_bytes(secret)
        return self._keys[code]

    def device_key_row(self, inspector_id: str, code: str) -> dict[str, Any]:
        import base64
        import uuid

        raw = seal.raw_public_key(self._key(code))
        row_id = uuid.UUID(bytes=hashlib.sha256(raw).digest()[:16], version=4)
        return dict(id=str(row_id), inspector_id=inspector_id, key_id=seal.key_id(raw),
                    public_key=base64.b64encode(raw).decode("ascii"), label="demo device", revoked_at=None)

    def ink(self, name: str) -> tuple[list[Any], bytes]:
        """A signer's strokes and PNG: one per person, as real signatures look alike."""
        if name not in self._ink:
            from inspector_desktop.reports.strokes import made_up_strokes, strokes_png

            strokes = made_up_strokes(name, self.seed)
            self._ink[name] = (strokes, strokes_png(strokes))
        return self._ink[name]

    def seal(self, form: dict[str, Any], visit: dict[str, Any], school: dict[str, Any], inspector: dict[str, Any],
             findings: Sequence[dict[str, Any]], requirements: Sequence[dict[str, Any]],
             signatures: Sequence[dict[str, Any]], signed_at: dt.datetime) -> dict[str, str]:
        private = self._key(inspector["code"])
        kid = seal.key_id(seal.raw_public_key(private))
        content = form_content(form, visit, school, inspector, findings, requirements, signatures, self.TZ,
                               signed_at, kid, None)
        sealed = seal.seal(content, private)
        return dict(canonical_content=sealed.canonical, digest=sealed.digest, device_key_id=sealed.device_key_id,
                    device_signature=sealed.device_signature)
