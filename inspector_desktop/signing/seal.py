"""The seal on a signed feedback form: canonical content, its SHA-256, an Ed25519 signature.

Every copy of a signed form (the laptop, the server, the printed sheet) must give
the same digest, so the content is serialised one way only: sorted keys, UTF-8,
no insignificant whitespace, and no floats at all (their text form differs
between languages and versions; stroke coordinates are integers before hashing).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class SealError(Exception):
    pass


def _refuse_floats(value: Any, where: str = "content") -> None:
    if isinstance(value, float):
        raise SealError(f"{where}: floats are not allowed in signed content")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise SealError(f"{where}: keys must be text")
            _refuse_floats(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _refuse_floats(v, f"{where}[{i}]")


def canonical_json(content: dict[str, Any]) -> str:
    _refuse_floats(content)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def strokes_digest(strokes: list[Any]) -> str:
    """Hash of a handwritten signature's strokes, in whole units (0.1 px, 1/1000 pressure, ms)."""
    whole = [
        [[round(float(p[0]) * 10), round(float(p[1]) * 10), round(float(p[2]) * 1000), int(p[3])] for p in stroke]
        for stroke in strokes
    ]
    return sha256_hex(canonical_json({"strokes": whole}))


# ---------------------------------------------------------------- device keys


def raw_public_key(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()


def public_key_text(private: Ed25519PrivateKey) -> str:
    """The public half as a DeviceKey row keeps it: raw bytes in base64."""
    return base64.b64encode(raw_public_key(private)).decode("ascii")


def private_to_text(private: Ed25519PrivateKey) -> str:
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode("ascii")


def private_from_text(text: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise SealError(f"the stored device key is damaged: {exc}") from exc


def sign_digest(private: Ed25519PrivateKey, digest: str) -> str:
    return base64.b64encode(private.sign(digest.encode("ascii"))).decode("ascii")


def signature_valid(public_b64: str, digest: str, signature_b64: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True), digest.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Seal:
    """What signing adds to a form; the digest is over ``canonical`` exactly."""

    canonical: str
    digest: str
    device_key_id: str
    device_signature: str


def seal(content: dict[str, Any], private: Ed25519PrivateKey) -> Seal:
    canonical = canonical_json(content)
    digest = sha256_hex(canonical)
    return Seal(canonical, digest, key_id(raw_public_key(private)), sign_digest(private, digest))


def seal_problems(content_json: str, sealed: Seal, public_key: str | None) -> list[str]:
    """Why a stored seal does not hold over its content; empty when digest and signature match."""
    problems = []
    if sha256_hex(content_json) != sealed.digest:
        problems.append("the stored content does not hash to the stored digest")
    if public_key is None:
        problems.append("the device key is not known in this workspace")
    elif not signature_valid(public_key, sealed.digest, sealed.device_signature):
        problems.append("the device signature does not match the digest")
    return problems
