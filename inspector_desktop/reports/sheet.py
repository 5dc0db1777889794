"""The printed feedback sheet (督导意见书): A4, zh_CN or en, built from the sealed content.

The sheet is drawn from the canonical content that was digested, not from the
live rows, so what is printed is what was signed. The content itself travels
inside the PDF as an attached file, with the digest, device key and signature
in the document information, so that a sheet can be checked with nothing but
the file (reports/verify.py). The end of the sheet (signatures, check box, 落款)
is drawn by reports/sheet_closing.py.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from inspector_desktop.domain.forms import check_language
from inspector_desktop.reports import labels
from inspector_desktop.reports.fonts import register_cjk_font
from inspector_desktop.reports.keep import KeepTail
from inspector_desktop.reports.layout import (
    GRID, MARGIN_X, OFFICIAL_RED, RULE, SHADE, cols, fmt_date, fmt_time, para, styles,
)
from inspector_desktop.reports.sheet_closing import closing, issue_date, qr_payload
from inspector_desktop.signing.content import SheetSource
from inspector_desktop.signing.seal import Seal

__all__ = ["CONTENT_FILE", "build_sheet", "file_checksum", "file_checksum_span", "qr_payload", "render",
           "visible_fields"]

CONTENT_FILE = "feedback-form.json"
# Document-information keys that carry the seal, for offline verification.
INFO_KEYS = ("FormId", "FormNumber", "Digest", "DeviceKeyId", "DeviceSignature", "PublicKey")
# A checksum of the finished file, written into a placeholder in the file itself: it
# catches any changed byte (fonts and images included), where the digest covers the content.
FILE_CHECKSUM_KEY = b"/InspectorFileChecksum ("
FILE_CHECKSUM_BLANK = b"0" * 64


def axes_text(language: str, visit: dict[str, Any]) -> str:
    return " · ".join(labels.label(language, visit[k]) for k in ("scope", "stage", "planning", "notice"))


def checklist_text(language: str, visit: dict[str, Any]) -> str | None:
    """The checklist version the visit was rated on; forms sealed before versions were named have none."""
    c = visit.get("checklist")
    return labels.text(language, "checklist_version", title=c["title"], version=str(c["version"])) if c else None


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
    if (checklist := checklist_text(lang, visit)) is not None:
        out.insert(4, ("checklist", t("checklist") + checklist))  # printed just before the summary
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
    if content.get("issuer"):  # sealed before the 落款 existed: nothing of it was signed
        out.append(("issuing office and date", content["issuer"] + issue_date(content)))
    return [(what, text) for what, text in out if text.strip()]


# ---------------------------------------------------------------- sections

# The sheet is set tighter than letters: a form of five findings, its requirements,
# the signatures and the 落款 fit on one A4 page. Margins keep clear of the header and
# footer bands (the outer 20 mm) that verification reads apart.
MARGIN_Y = 21 * mm
TIGHT = [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]


@functools.cache
def _styles(lang: str) -> dict[str, ParagraphStyle]:
    base = styles(lang)
    tight = {
        "title": ParagraphStyle("sheet-title", base["title"], fontSize=20, leading=24, spaceAfter=0),
        "number": ParagraphStyle("sheet-number", base["number"], leading=13),
        "body": ParagraphStyle("sheet-body", base["body"], leading=14),
        "heading": ParagraphStyle("sheet-heading", base["heading"], fontSize=11.5, leading=15, spaceBefore=5,
                                  spaceAfter=2.5),
        "cell": ParagraphStyle("sheet-cell", base["cell"], leading=11.5),
        "head": ParagraphStyle("sheet-head", base["head"], leading=11.5),
        "head_l": ParagraphStyle("sheet-head-l", base["cell"], leading=11),
        "small": ParagraphStyle("sheet-small", base["small"], fontSize=7.5, leading=9.5),
        "small_c": ParagraphStyle("sheet-small-c", base["small"], fontSize=7.5, leading=9.5, alignment=1),
        "mono": ParagraphStyle("sheet-mono", base["mono"], fontSize=7.5, leading=9.5),
    }
    return {**base, **tight}


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([*GRID, *TIGHT, ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return grid


def _header_block(c: dict[str, Any], st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    title = labels.text(lang, "addendum_title" if c["addendum_of"] else "title")
    out: list[Flowable] = [para(title, st["title"]), para(labels.text(lang, "number", number=c["number"]), st["number"]),
                           HRFlowable(width="100%", thickness=1.6, color=OFFICIAL_RED, spaceBefore=1, spaceAfter=5)]
    if c["addendum_of"]:
        out += [para(labels.text(lang, "addendum_of", number=c["addendum_of"]["number"]), st["body"]), Spacer(1, 3)]
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
    if (checklist := checklist_text(lang, v)) is not None:
        rows.append([lab("checklist"), para(checklist, st["cell"]), "", ""])
    # English labels are longer: wide enough that each stays on one line.
    box = Table(rows, colWidths=cols(26, 59, 26, 59) if lang == "zh_CN" else cols(33, 50, 39, 48))
    style = [*GRID, *TIGHT, ("SPAN", (1, 1), (3, 1)), ("BACKGROUND", (0, 0), (0, -1), SHADE),
             ("BACKGROUND", (2, 0), (2, 0), SHADE), ("BACKGROUND", (2, 2), (2, 2), SHADE)]
    style += [("SPAN", (1, n), (3, n)) for n in range(3, len(rows))]  # purpose, checklist: one cell each
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
    widths = cols(11, 32, 12, 63, 51) if lang == "zh_CN" else cols(10, 34, 18, 59, 49)
    out: list[Flowable] = [KeepTail([para(labels.text(lang, "findings"), st["heading"])], rows,
                                    lambda part: _table(part, widths))]
    if c["no_issues_statement"].strip():
        out.append(para(c["no_issues_statement"], st["body"]))
    return out


def _ending(c: dict[str, Any], pngs: dict[str, bytes], sealed: Seal | None, verify_url: str | None,
            st: dict[str, ParagraphStyle], lang: str) -> list[Flowable]:
    """The requirements, any further remarks, then the signatures and the 落款. The
    signatures certify the requirements: they stay on a page with at least the last one."""
    heading = para(labels.text(lang, "requirements"), st["heading"])
    remarks: list[Flowable] = []
    if c["free_text"].strip():
        remarks = [para(labels.text(lang, "free_text"), st["heading"]), para(c["free_text"], st["body"])]
    end = closing(c, pngs, sealed, verify_url, st, lang)
    if not c["requirements"]:
        return [KeepTogether([heading, para(labels.text(lang, "no_requirements"), st["body"]), *remarks, *end])]
    head = [para(labels.text(lang, k), st["head"]) for k in
            ("col_no", "col_requirement", "col_deadline", "col_responsible", "col_copied")]
    rows = [head] + [
        [para(str(r["ordinal"]), st["head"]), para(r["text"], st["cell"]), para(fmt_date(lang, r["deadline"]), st["head"]),
         para(r["responsible_party"], st["cell"]), para(r["copied_to"], st["cell"])]
        for r in c["requirements"]
    ]
    widths = cols(12, 64, 30, 30, 34)
    note = [Spacer(1, 2), para(labels.text(lang, "requirements_note"), st["small"])]
    return [KeepTail([heading], rows, lambda part: _table(part, widths), [*note, *remarks], end)]


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
                public_key: str | None = None, verify_url: str | None = None) -> bytes:
    """The sheet's PDF bytes. ``sealed`` is None for a draft preview, which says so on every page.
    ``verify_url`` is the office's verify page, which the QR code then points to."""
    lang = check_language(content["language"])
    st = _styles(lang)
    story: list[Flowable] = [*_header_block(content, st, lang)]
    story += [para(labels.text(lang, "summary"), st["heading"]), para(content["summary"], st["body"])]
    story += _findings_block(content, st, lang)
    story += _ending(content, pngs, sealed, verify_url, st, lang)

    def finish(canvas: Canvas) -> None:
        if sealed is None:
            return
        info = dict(zip(INFO_KEYS, (content["form_id"], content["number"], sealed.digest, sealed.device_key_id,
                                    sealed.device_signature, public_key or ""), strict=True))
        info["FileChecksum"] = FILE_CHECKSUM_BLANK.decode("ascii")
        _attach(canvas, CONTENT_FILE, sealed.canonical.encode("utf-8"), info)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_Y,
        bottomMargin=MARGIN_Y, title=f"{labels.text(lang, 'title')} {content['number']}",
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


def render(source: SheetSource, verify_url: str | None = None) -> bytes:
    """The sheet of a stored form: the sealed content exactly as stored. ``verify_url``:
    the office's verify page (the workspace's office.verify_url), if it has one."""
    return build_sheet(source.content, dict(source.pngs), source.seal, source.public_key, verify_url)
