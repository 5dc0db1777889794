"""Checking a printed sheet's PDF offline: is it the sheet that was signed?

Three things must hold: the attached content hashes to the digest printed on the
sheet; the device signature over that digest is valid for the inspector's key;
and the visible text says what the content says. Any failure means "altered",
including a file too damaged to read.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf.errors import PyPdfError

from inspector_desktop.signing import seal
from inspector_desktop.reports.sheet import CONTENT_FILE, file_checksum, file_checksum_span, visible_fields

# Printed whole, or in groups of eight for reading out; whitespace between groups is dropped.
DIGEST_RE = re.compile(r"[0-9a-f]{8}(?:\s*[0-9a-f]{8}){7}")
FURNITURE_MM = 20  # header and footer live in the outer 20 mm of each page
MM = 72 / 25.4


GENUINE, ALTERED, UNKNOWN_SIGNER, NOT_A_SHEET = "genuine", "altered", "unknown_signer", "not_a_sheet"
KEY_KNOWN = "device key known"


@dataclass
class Verdict:
    genuine: bool = False
    form_number: str = ""
    digest: str = ""
    key_source: str = ""
    key_id: str = ""
    is_sheet: bool = False  # it carries the sheet's checksum field or its attached content
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        return ok

    @property
    def reasons(self) -> list[str]:
        return [f"{name}: {detail}" if detail else name for name, ok, detail in self.checks if not ok]

    @property
    def outcome(self) -> str:
        """GENUINE, ALTERED, UNKNOWN_SIGNER or NOT_A_SHEET: what a reader may conclude.

        A file with neither the sheet's checksum field nor its attached content was
        never a feedback sheet, so nothing in it can have been altered; a sheet whose
        only failure is a key the workspace does not know is intact, signed by a
        stranger, which is not tampering either.
        """
        if self.genuine:
            return GENUINE
        if not self.is_sheet:
            return NOT_A_SHEET
        failed = {name for name, ok, _detail in self.checks if not ok}
        return UNKNOWN_SIGNER if failed == {KEY_KNOWN} else ALTERED


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(reader: pypdf.PdfReader) -> tuple[str, list[str]]:
    """The body text of all pages in order, and each page's header and footer apart."""
    body: list[str] = []
    furniture: list[str] = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        outer: list[str] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any, outer: list[str] = outer, height: float = height) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            in_margin = y < FURNITURE_MM * MM or y > height - FURNITURE_MM * MM
            (outer if in_margin else body).append(text)

        page.extract_text(visitor_text=visit)
        furniture.append("".join(outer))
    return "".join(body), furniture


def verify_pdf(data: bytes, key_lookup: Callable[[str], str | None] | None = None) -> Verdict:
    """``key_lookup`` maps a device key id to its public key (a workspace's DeviceKey table);
    without it, the public key embedded in the PDF is used, which proves integrity only."""
    v = Verdict()
    span = file_checksum_span(data)
    v.is_sheet = span is not None
    v.check("file intact", span is not None and data[span[0]:span[1]].decode("latin-1") == file_checksum(data),
            "some bytes of the file were changed after it was made (whole-file checksum)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        attached = reader.attachments.get(CONTENT_FILE) or []
        meta = {k.removeprefix("/Inspector"): str(val) for k, val in (reader.metadata or {}).items()
                if k.startswith("/Inspector")}
        body, furniture = _page_texts(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        v.check("readable PDF", False, str(exc) or type(exc).__name__)
        return v
    v.is_sheet = v.is_sheet or bool(attached)
    if not v.check("attached content", len(attached) == 1, f"{CONTENT_FILE} missing or repeated"):
        return v
    raw = attached[0]
    v.digest = seal.sha256_hex(raw)
    try:
        content = json.loads(raw.decode("utf-8"))
        canonical = seal.canonical_json(content)
    except (ValueError, seal.SealError) as exc:
        v.check("attached content readable", False, str(exc))
        return v
    v.form_number = str(content.get("number", ""))
    v.check("attached content is canonical", canonical.encode("utf-8") == raw, "not in canonical form")

    printed = [_squash(found) for found in DIGEST_RE.findall(body)]
    v.check("digest printed on the sheet", printed == [v.digest],
            f"content hashes to {v.digest}, sheet shows {', '.join(printed) or 'none'}")
    v.check("digest on every page", all(v.digest in page for page in furniture), "a page footer differs")
    v.check("digest in document information", meta.get("Digest") == v.digest, f"found {meta.get('Digest')!r}")

    _check_device_signature(v, content, meta, key_lookup)
    _check_visible_text(v, content, body)
    v.genuine = all(ok for _n, ok, _d in v.checks)
    return v


def _check_device_signature(v: Verdict, content: dict[str, Any], meta: dict[str, str],
                            key_lookup: Callable[[str], str | None] | None) -> None:
    key_id = v.key_id = str(content.get("device_key_id") or "")
    v.check("device key named", bool(key_id) and meta.get("DeviceKeyId") == key_id,
            "the content and the document information name different keys")
    if key_lookup is not None:
        public = key_lookup(key_id)
        v.key_source = "workspace device-key register"
        if not v.check(KEY_KNOWN, public is not None, f"key {key_id[:16]} is not registered in the workspace"):
            # Who signed is unknown here; whether the sheet is intact can still be told.
            public = meta.get("PublicKey", "")
    else:
        public = meta.get("PublicKey", "")
        v.key_source = "public key embedded in the PDF (checks integrity, not who signed)"
    import base64
    import binascii

    try:
        matches = seal.key_id(base64.b64decode(public or "", validate=True)) == key_id
    except binascii.Error:
        matches = False
    v.check("public key matches key id", matches, "the public key does not belong to the named device key")
    v.check("device signature", seal.signature_valid(public or "", v.digest, meta.get("DeviceSignature", "")),
            "the Ed25519 signature does not verify for this digest")


def _check_visible_text(v: Verdict, content: dict[str, Any], body: str) -> None:
    text = _squash(body)
    try:
        fields = visible_fields(content)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        v.check("visible text", False, f"content lacks {exc}")
        return
    missing, at = [], 0
    for what, value in fields:
        # In drawing order: each row must follow the one before it.
        found = text.find(_squash(value), at)
        if found < 0:
            missing.append(what)
        else:
            at = found + len(_squash(value))
    v.check("visible text agrees with the content", not missing, "not shown as signed: " + ", ".join(missing))
