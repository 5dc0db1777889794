"""Seals for the demo workspace: device keys derived from the seed, made-up handwriting.

The demo's signed forms must verify like real ones, so they are sealed over the
very content builder that sign_form uses; only where the keys and ink come from
differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_desktop.signing import seal
from inspector_desktop.signing.content import form_content
from inspector_desktop.signing.strokes import made_up_strokes, strokes_png


class DemoSealer:
    """Seals demo forms exactly as sign_form does, with device keys derived from the seed.

    Only the public halves are kept (in DeviceKey): nobody can sign new forms
    with a demo key, yet every demo sheet verifies.
    """

    TZ = dt.timezone(dt.timedelta(hours=8))  # the demo schools are in Nanchang

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._keys: dict[str, Ed25519PrivateKey] = {}
        self._ink: dict[str, tuple[list[Any], bytes]] = {}

    def _key(self, code: str) -> Ed25519PrivateKey:
        if code not in self._keys:
            secret = hashlib.sha256(f"demo-device-key:{self.seed}:{code}".encode()).digest()
            self._keys[code] = Ed25519PrivateKey.from_private_bytes(secret)
        return self._keys[code]

    def device_key_row(self, inspector_id: str, code: str) -> dict[str, Any]:
        private = self._key(code)
        raw = seal.raw_public_key(private)
        row_id = uuid.UUID(bytes=hashlib.sha256(raw).digest()[:16], version=4)
        return dict(id=str(row_id), inspector_id=inspector_id, key_id=seal.key_id(raw),
                    public_key=seal.public_key_text(private), label="demo device", revoked_at=None)

    def ink(self, name: str) -> tuple[list[Any], bytes]:
        """A signer's strokes and PNG: one per person, as real signatures look alike."""
        if name not in self._ink:
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
