"""The end of the feedback sheet: the signatures, the anti-forgery check and the 落款.

GB/T 9704 closes an official document with the issuing office's name and the date,
right-aligned, under the office's seal; here they sit beside a compact check box
(QR code, content digest, and how a school checks the sheet), all below the two
signatures, as one block that never breaks over a page.
"""

from __future__ import annotations

import io
import itertools
from typing import Any
from urllib.parse import urlsplit

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from inspector_desktop.reports import labels
from inspector_desktop.reports.fonts import FONT_NAME
from inspector_desktop.reports.layout import RULE, OfficeSeal, cols, fmt_issue_date, fmt_time, para
from inspector_desktop.signing.content import default_issuer
from inspector_desktop.signing.seal import Seal

QR_SIZE = 24 * mm


def issuer_of(content: dict[str, Any]) -> str:
    # Sheets sealed before the issuer was part of the content name their school's office.
    return content.get("issuer") or default_issuer(content["language"], "", content["school"]["competent_department"])


def issue_date(content: dict[str, Any]) -> str:
    lang = content["language"]
    return fmt_issue_date(lang, content["signed_at"]) if content.get("signed_at") else labels.text(lang, "no_date")


def grouped(digest: str) -> str:
    # Eight groups of eight: read out over the phone, or typed in, without losing one's place.
    return " ".join(digest[i:i + 8] for i in range(0, len(digest), 8))


def qr_payload(content: dict[str, Any], digest: str, verify_url: str | None) -> str:
    """What the sheet's QR code holds: the office's verify page for this form when it has
    one (``{verify_url}/v/{form_id}?d={digest}``), else words a phone shows as they are."""
    if verify_url:
        return f"{verify_url.rstrip('/')}/v/{content['form_id']}?d={digest}"
    return labels.text(content["language"], "qr_text", number=content["number"], issuer=issuer_of(content),
                       digest=digest)


class DigestQr(QrCode):
    """reportlab's QR flowable, drawn as one filled path with a fixed mask pattern.

    Choosing the "best" of eight masks and drawing each module as its own
    rectangle cost more than the rest of the sheet; any mask scans (ISO/IEC 18004).
    """

    MASK = 2

    def draw(self) -> None:
        if self.qr.version is None:
            self.qr.version = self.qr.calculate_version()
        self.qr.makeImpl(False, self.MASK)
        count = self.qr.getModuleCount()
        unit = self.width / (count + 2 * self.qrBorder)
        runs = []
        for r, row in enumerate(self.qr.modules):
            c = 0
            for dark, run in itertools.groupby(bool(m) for m in row):
                n = len(list(run))
                if dark:
                    runs.append(f"{c} {count - 1 - r} {n} 1 re")
                c += n
        # In module units, so every coordinate is a small integer: one literal fill.
        self.canv.saveState()
        self.canv.translate(self.qrBorder * unit, self.qrBorder * unit)
        self.canv.scale(unit, unit)
        self.canv.addLiteral(" ".join(runs) + " f")
        self.canv.restoreState()


def _signature_image(png: bytes) -> Flowable | None:
    if not png:
        return None
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    scale = min(45 * mm / w, 13 * mm / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)


def _signatures(c: dict[str, Any], pngs: dict[str, bytes], st: dict[str, ParagraphStyle], lang: str,
                width: float) -> Table:
    cells = []
    for role in ("inspector", "school_representative"):
        sig = next((g for g in c["signatures"] if g["role"] == role), None)
        cell: list[Flowable] = [para(labels.label(lang, role), st["small"])]
        if sig is not None:
            cell += [_signature_image(pngs.get(role, b"")) or Spacer(1, 13 * mm),
                     para(labels.text(lang, "signer", name=sig["signer_name"], title=sig["signer_title"] or "—"), st["head"]),
                     para(labels.text(lang, "signed_at", time=fmt_time(lang, sig["signed_at"])), st["small_c"])]
        else:
            cell.append(Spacer(1, 22 * mm))
        cells.append(cell)
    box = Table([cells], colWidths=[width / 2, width / 2])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return box


def _check_box(c: dict[str, Any], sealed: Seal | None, verify_url: str | None, st: dict[str, ParagraphStyle],
               lang: str, width: float) -> Flowable:
    if sealed is None:
        return para(labels.text(lang, "draft"), st["draft"])
    if verify_url:
        hint = labels.text(lang, "verify_scan", site=urlsplit(verify_url).netloc or verify_url)
    else:
        hint = labels.text(lang, "verify_ask", issuer=issuer_of(c), number=c["number"])
    lines = [para(labels.text(lang, "seal"), st["head_l"]),
             para(labels.text(lang, "digest", digest=""), st["small"]), para(grouped(sealed.digest), st["mono"]),
             para(labels.text(lang, "device_key", key=sealed.device_key_id[:16]), st["small"]),
             para(hint, st["small"])]
    qr = DigestQr(qr_payload(c, sealed.digest, verify_url), width=QR_SIZE, height=QR_SIZE, qrLevel="M", qrBorder=2)
    box = Table([[qr, lines]], colWidths=[QR_SIZE + 4, width - QR_SIZE - 4])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("BOX", (0, 0), (-1, -1), 0.6, RULE), ("LEFTPADDING", (0, 0), (0, 0), 2),
                             ("RIGHTPADDING", (0, 0), (0, 0), 2), ("TOPPADDING", (0, 0), (-1, -1), 2),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return box


def closing(c: dict[str, Any], pngs: dict[str, bytes], sealed: Seal | None, verify_url: str | None,
            st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    """The signatures over the check box, and the 落款 beside them on the right: kept
    as one block by the caller."""
    left_w, seal_w = cols(112, 58)
    left = [_signatures(c, pngs, st, lang, left_w - 3 * mm), Spacer(1, 4),
            _check_box(c, sealed, verify_url, st, lang, left_w - 3 * mm)]
    block = Table([[left, OfficeSeal(issuer_of(c), issue_date(c), labels.text(lang, "seal_here"), seal_w)]],
                  colWidths=[left_w, seal_w])
    block.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 5), block]
