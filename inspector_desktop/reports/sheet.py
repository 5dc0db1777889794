"""The printed feedback sheet (督导意见书): A4, zh_CN or en, built from the sealed content.

The sheet is drawn from the canonical content that was digested, not from the
live rows, so what is printed is what was signed. The content itself travels
inside the PDF as an attached file, with the digest, device key and signature
in the document information, so that ``inspector-desktop verify`` can check a
sheet with nothing but the file.
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Callable
from typing import Any

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports import labels
from inspector_desktop.reports.fonts import FONT_NAME, register_cjk_font
from inspector_desktop.reports.layout import (
    GRID, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, OFFICIAL_RED, RULE, SHADE, cols, fmt_date, fmt_time, para, styles, table,
)
from inspector_desktop.signing.content import SheetSource
from inspector_desktop.signing.seal import Seal

CONTENT_FILE = "feedback-form.json"
# Document-information keys that carry the seal, for offline verification.
INFO_KEYS = ("FormId", "FormNumber", "Digest", "DeviceKeyId", "DeviceSignature", "PublicKey")
# A checksum of the finished file, written into a placeholder in the file itself: it
# catches any changed byte (fonts and images included), where the digest covers the content.
FILE_CHECKSUM_KEY = b"/InspectorFileChecksum ("
FILE_CHECKSUM_BLANK = b"0" * 64


def axes_text(language: str, visit: dict[str, Any]) -> str:
    return " · ".join(labels.label(language, visit[k]) for k in ("scope", "stage", "planning", "notice"))


def visible_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    """(what, text) the printed sheet must show, in the order it is drawn.

    Table rows are whole rows, cell after cell, so that a value cannot be
    matched against the same words printed in another row.
    """
    lang = content["language"]
    t = lambda entry, **kw: labels.text(lang, entry, **kw)  # noqa: E731
    school, visit = content["school"], content["visit"]
    out = [("number", t("number", number=content["number"])),
           ("school", t("school") + school["name"] + t("department") + school["competent_department"]),
           ("type of inspection", t("kind") + axes_text(lang, visit)),
           ("date and inspector", t("visit_date") + fmt_date(lang, visit["planned_on"]) + t("inspector")
            + content["inspector"]["name"]),
           ("summary", content["summary"])]
    for n, f in enumerate(content["findings"], start=1):
        out.append((f"finding {n}", f"{n}{labels.label(lang, f['category'])}{labels.label(lang, f['severity'])}"
                                    f"{f['problem']}{f['diagnosis']}"))
    out.append(("no-issues statement", content["no_issues_statement"]))
    for r in content["requirements"]:
        out.append((f"requirement {r['ordinal']}", f"{r['ordinal']}{r['text']}{fmt_date(lang, r['deadline'])}"
                                                   f"{r['responsible_party']}{r['copied_to']}"))
    out.append(("further remarks", content["free_text"]))
    for g in content["signatures"]:
        out.append((f"{g['role']} signature", labels.label(lang, g["role"])
                    + t("signer", name=g["signer_name"], title=g["signer_title"] or "—")
                    + t("signed_at", time=fmt_time(lang, g["signed_at"]))))
    return [(what, text) for what, text in out if text.strip()]


# ---------------------------------------------------------------- sections


def _header_block(c: dict[str, Any], st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    title = labels.text(lang, "addendum_title" if c["addendum_of"] else "title")
    out: list[Flowable] = [para(title, st["title"]), para(labels.text(lang, "number", number=c["number"]), st["number"]),
                           HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=2, spaceAfter=6)]
    if c["addendum_of"]:
        out += [para(labels.text(lang, "addendum_of", number=c["addendum_of"]["number"]), st["body"]), Spacer(1, 4)]
    v = c["visit"]
    lab = lambda key: para(labels.text(lang, key), st["head"])  # noqa: E731
    rows = [
        [lab("school"), para(c["school"]["name"], st["cell"]), lab("department"), para(c["school"]["competent_department"], st["cell"])],
        [lab("kind"), para(axes_text(lang, v), st["cell"]), "", ""],
        [lab("visit_date"), para(fmt_date(lang, v["planned_on"]), st["cell"]), lab("inspector"),
         para(c["inspector"]["name"], st["cell"])],
    ]
    if v["purpose"]:
        rows.append([lab("purpose"), para(v["purpose"], st["cell"]), "", ""])
    box = Table(rows, colWidths=cols(26, 59, 26, 59))
    style = [*GRID, ("SPAN", (1, 1), (3, 1)), ("BACKGROUND", (0, 0), (0, -1), SHADE),
             ("BACKGROUND", (2, 0), (2, 0), SHADE), ("BACKGROUND", (2, 2), (2, 2), SHADE)]
    if v["purpose"]:
        style.append(("SPAN", (1, 3), (3, 3)))
    box.setStyle(TableStyle(style))
    return [*out, box]


def _findings_block(c: dict[str, Any], st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    if not c["findings"]:
        return [para(labels.text(lang, "no_findings"), st["heading"]), para(c["no_issues_statement"], st["body"])]
    head = [para(labels.text(lang, k), st["head"]) for k in
            ("col_no", "col_category", "col_severity", "col_problem", "col_diagnosis")]
    rows = [head] + [
        [para(str(n), st["head"]), para(labels.label(lang, f["category"]), st["cell"]),
         para(labels.label(lang, f["severity"]), st["head"]), para(f["problem"], st["cell"]), para(f["diagnosis"], st["cell"])]
        for n, f in enumerate(c["findings"], start=1)
    ]
    return [para(labels.text(lang, "findings"), st["heading"]),
            table(rows, cols(11, 32, 12, 63, 51) if lang == "zh_CN"
                   else cols(10, 34, 18, 59, 49), header=True)]


def _requirements_block(c: dict[str, Any], st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    out: list[Flowable] = [para(labels.text(lang, "requirements"), st["heading"])]
    if not c["requirements"]:
        return [*out, para(labels.text(lang, "no_requirements"), st["body"])]
    head = [para(labels.text(lang, k), st["head"]) for k in
            ("col_no", "col_requirement", "col_deadline", "col_responsible", "col_copied")]
    rows = [head] + [
        [para(str(r["ordinal"]), st["head"]), para(r["text"], st["cell"]), para(fmt_date(lang, r["deadline"]), st["head"]),
         para(r["responsible_party"], st["cell"]), para(r["copied_to"], st["cell"])]
        for r in c["requirements"]
    ]
    return [*out, table(rows, cols(12, 64, 30, 30, 34), header=True), Spacer(1, 3),
            para(labels.text(lang, "requirements_note"), st["small"])]


def _signature_image(png: bytes) -> Flowable | None:
    if not png:
        return None
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    scale = min(60 * mm / w, 18 * mm / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)


def _signatures_block(c: dict[str, Any], pngs: dict[str, bytes], st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    cells = []
    for role in ("inspector", "school_representative"):
        sig = next((g for g in c["signatures"] if g["role"] == role), None)
        cell: list[Flowable] = [para(labels.label(lang, role), st["head"])]
        if sig is not None:
            image = _signature_image(pngs.get(role, b""))
            cell += [image or Spacer(1, 18 * mm),
                     para(labels.text(lang, "signer", name=sig["signer_name"], title=sig["signer_title"] or "—"), st["head"]),
                     para(labels.text(lang, "signed_at", time=fmt_time(lang, sig["signed_at"])), st["small"])]
        else:
            cell.append(Spacer(1, 30 * mm))
        cells.append(cell)
    box = Table([cells], colWidths=cols(1, 1))
    box.setStyle(TableStyle([*GRID, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [KeepTogether([para(labels.text(lang, "signatures"), st["heading"]), box])]


def qr_payload(form_id: str, digest: str) -> str:
    return f"inspector-desktop:feedback-form:{form_id}:sha256:{digest}"


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


def _seal_block(c: dict[str, Any], sealed: Seal | None, st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    if sealed is None:
        return [Spacer(1, 6), para(labels.text(lang, "draft"), st["draft"])]
    lines = [para(labels.text(lang, "digest", digest=""), st["small"]), para(sealed.digest, st["mono"]),
             para(labels.text(lang, "device_key", key=sealed.device_key_id[:16]), st["small"]),
             para(labels.text(lang, "verify_hint"), st["small"])]
    box = Table([[DigestQr(qr_payload(c["form_id"], sealed.digest), width=26 * mm, height=26 * mm, qrLevel="M"), lines]], colWidths=cols(30, 140))
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BOX", (0, 0), (-1, -1), 0.6, RULE)]))
    return [KeepTogether([para(labels.text(lang, "seal"), st["heading"]), box])]


# ---------------------------------------------------------------- page furniture and the attached content


class _SealInfo(PDFInfo):
    """Document information with the seal's fields added, for verification without a workspace."""

    def __init__(self, extra: dict[str, str]) -> None:
        super().__init__()
        self.extra = extra

    def format(self, document: Any) -> bytes:
        info = PDFDictionary({
            "Title": PDFString(self.title), "Author": PDFString(self.author), "Subject": PDFString(self.subject),
            "Creator": PDFString(self.creator), "Producer": PDFString(self.producer),
            "Keywords": PDFString(self.keywords), "Trapped": PDFName(self.trapped),
            **{f"Inspector{k}": PDFString(v) for k, v in self.extra.items()},
        })
        return info.format(document)


def _attach(canvas: Canvas, name: str, data: bytes, info: dict[str, str]) -> None:
    doc = canvas._doc
    # Uncompressed on purpose: the signed JSON stays readable in any text viewer.
    stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": PDFName("application#2Fjson"),
                                      "Params": PDFDictionary({"Size": len(data)})}), content=data, filters=[])
    spec = PDFDictionary({"Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
                          "Desc": PDFString("canonical content of the signed feedback form"),
                          "EF": PDFDictionary({"F": doc.Reference(stream)})})
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name),
                                                                                          doc.Reference(spec)])})})
    old = doc.info
    doc.info = _SealInfo(info)
    doc.info.title, doc.info.author, doc.info.subject = old.title, old.author, old.subject
    doc.info.creator, doc.info.producer, doc.info.keywords = old.creator, old.producer, old.keywords


def _canvas_class(stamp: Callable[[Canvas, int, int], None], finish: Callable[[Canvas], None]) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "page x of y"."""

    class SheetCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for n, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                stamp(self, n, total)
                Canvas.showPage(self)
            finish(self)
            Canvas.save(self)

    return SheetCanvas


def _stamp(c: dict[str, Any], sealed: Seal | None, lang: str) -> Callable[[Canvas, int, int], None]:
    font = register_cjk_font()
    width = A4[0]

    def stamp(canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.setFont(font, 8)
        top = A4[1] - 14 * mm
        canvas.drawString(MARGIN_X, top, labels.text(lang, "title"))
        canvas.drawRightString(width - MARGIN_X, top, labels.text(lang, "number", number=c["number"]))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)
        canvas.line(MARGIN_X, 17 * mm, width - MARGIN_X, 17 * mm)
        canvas.setFont(font, 9)
        canvas.drawCentredString(width / 2, 12 * mm, labels.text(lang, "page", page=str(page), pages=str(pages)))
        canvas.setFont(font, 6.5)
        tail = f"SHA-256 {sealed.digest}" if sealed else labels.text(lang, "draft")
        canvas.drawCentredString(width / 2, 8 * mm, tail)
        canvas.restoreState()

    return stamp


def build_sheet(content: dict[str, Any], pngs: dict[str, bytes], sealed: Seal | None,
                public_key: str | None = None) -> bytes:
    """The sheet's PDF bytes. ``sealed`` is None for a draft preview, which says so on every page."""
    lang = check_language(content["language"])
    st = styles(lang)
    story: list[Flowable] = [*_header_block(content, st, lang)]
    story += [para(labels.text(lang, "summary"), st["heading"]), para(content["summary"], st["body"])]
    story += _findings_block(content, st, lang)
    if content["findings"] and content["no_issues_statement"].strip():
        story.append(para(content["no_issues_statement"], st["body"]))
    story += _requirements_block(content, st, lang)
    if content["free_text"].strip():
        story += [para(labels.text(lang, "free_text"), st["heading"]), para(content["free_text"], st["body"])]
    story += _signatures_block(content, pngs, st, lang)
    story += _seal_block(content, sealed, st, lang)

    def finish(canvas: Canvas) -> None:
        if sealed is None:
            return
        info = dict(zip(INFO_KEYS, (content["form_id"], content["number"], sealed.digest, sealed.device_key_id,
                                    sealed.device_signature, public_key or ""), strict=True))
        info["FileChecksum"] = FILE_CHECKSUM_BLANK.decode("ascii")
        _attach(canvas, CONTENT_FILE, sealed.canonical.encode("utf-8"), info)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{labels.text(lang, 'title')} {content['number']}",
        author=content["inspector"]["name"], subject=content["school"]["name"], creator="Inspector Desktop",
        invariant=1,  # the same sealed form always prints to the same bytes
        initialFontName=register_cjk_font(),  # else each page names Helvetica, never used nor embedded
    )
    doc.build(story, canvasmaker=_canvas_class(_stamp(content, sealed, lang), finish))
    return _stamp_checksum(out.getvalue()) if sealed else out.getvalue()


def file_checksum_span(data: bytes) -> tuple[int, int] | None:
    start = data.find(FILE_CHECKSUM_KEY)
    if start < 0:
        return None
    start += len(FILE_CHECKSUM_KEY)
    return start, start + len(FILE_CHECKSUM_BLANK)


def file_checksum(data: bytes) -> str | None:
    """The checksum the file should carry: SHA-256 of the file with its checksum blanked."""
    span = file_checksum_span(data)
    if span is None:
        return None
    return hashlib.sha256(data[: span[0]] + FILE_CHECKSUM_BLANK + data[span[1]:]).hexdigest()


def _stamp_checksum(data: bytes) -> bytes:
    span = file_checksum_span(data)
    assert span is not None and data[span[0]:span[1]] == FILE_CHECKSUM_BLANK
    return data[: span[0]] + hashlib.sha256(data).hexdigest().encode("ascii") + data[span[1]:]


def render(source: SheetSource) -> bytes:
    """The sheet of a stored form: the sealed content exactly as stored."""
    return build_sheet(source.content, dict(source.pngs), source.seal, source.public_key)
