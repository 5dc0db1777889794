"""What ``verify`` tells a reader about a sheet, in words (reports/verify.py gives the facts).

Four verdicts, each with its exit code: GENUINE 0, ALTERED 1 (the content was
changed), UNKNOWN SIGNER 4 (intact, signed with a device key the workspace does
not know), NOT A FEEDBACK SHEET 5 (not a PDF, or a PDF without a sheet's signed
content). Each check verify makes has a name and, when it fails, a plain reason;
a check this table does not know yet is shown in verify's own English.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from inspector_desktop.wording import QT_TRANSLATE_NOOP, translate
from inspector_desktop.wording.errors import fill

CONTEXT = "Verdicts"

EXIT_CODES = {"genuine": 0, "altered": 1, "unknown_signer": 4, "not_a_sheet": 5}

VERDICTS: dict[str, str] = {
    "genuine": QT_TRANSLATE_NOOP("Verdicts", "{path}: GENUINE — this is the sheet as it was signed."),
    "altered": QT_TRANSLATE_NOOP("Verdicts", "{path}: ALTERED — the sheet is not what was signed."),
    "unknown_signer": QT_TRANSLATE_NOOP(
        "Verdicts", "{path}: UNKNOWN SIGNER — the sheet is intact, but it was signed with a device key "
        "this workspace does not know."),
    "not_a_pdf": QT_TRANSLATE_NOOP("Verdicts", "{path}: NOT A FEEDBACK SHEET — the file is not a PDF."),
    "not_a_sheet": QT_TRANSLATE_NOOP(
        "Verdicts", "{path}: NOT A FEEDBACK SHEET — the PDF carries no signed feedback form content."),
}

DETAILS: dict[str, str] = {
    "form": QT_TRANSLATE_NOOP("Verdicts", "form {number}, content digest {digest}"),
    "key_register": QT_TRANSLATE_NOOP("Verdicts", "device key {key} from: workspace device-key register"),
    "key_embedded": QT_TRANSLATE_NOOP(
        "Verdicts", "device key {key} from: public key embedded in the PDF (proves the sheet intact, "
        "not who signed it; add --data-dir to check the signer)"),
    "key_unknown": QT_TRANSLATE_NOOP(
        "Verdicts", "device key {key}: not in this workspace's register; the sheet was checked "
        "with the public key embedded in it"),
    "ok": QT_TRANSLATE_NOOP("Verdicts", "[ok] {check}"),
    "failed": QT_TRANSLATE_NOOP("Verdicts", "[FAILED] {check}: {reason}"),
}

# verify's check name -> (what is checked, why it failed).
CHECKS: dict[str, tuple[str, str]] = {
    "file intact": (
        QT_TRANSLATE_NOOP("Verdicts", "whole-file checksum"),
        QT_TRANSLATE_NOOP("Verdicts", "some bytes of the file were changed after it was made")),
    "readable PDF": (
        QT_TRANSLATE_NOOP("Verdicts", "readable PDF"),
        QT_TRANSLATE_NOOP("Verdicts", "the file cannot be read as a PDF")),
    "attached content": (
        QT_TRANSLATE_NOOP("Verdicts", "signed content attached"),
        QT_TRANSLATE_NOOP("Verdicts", "the signed content is missing or attached twice")),
    "attached content readable": (
        QT_TRANSLATE_NOOP("Verdicts", "attached content readable"),
        QT_TRANSLATE_NOOP("Verdicts", "the attached content cannot be read")),
    "attached content is canonical": (
        QT_TRANSLATE_NOOP("Verdicts", "attached content in its signed form"),
        QT_TRANSLATE_NOOP("Verdicts", "the attached content was rewritten")),
    "digest printed on the sheet": (
        QT_TRANSLATE_NOOP("Verdicts", "attached content = printed digest"),
        QT_TRANSLATE_NOOP("Verdicts", "the digest printed on the sheet is not the attached content's")),
    "digest on every page": (
        QT_TRANSLATE_NOOP("Verdicts", "digest on every page"),
        QT_TRANSLATE_NOOP("Verdicts", "a page footer shows another digest")),
    "digest in document information": (
        QT_TRANSLATE_NOOP("Verdicts", "digest in the document information"),
        QT_TRANSLATE_NOOP("Verdicts", "the document information holds another digest")),
    "device key named": (
        QT_TRANSLATE_NOOP("Verdicts", "device key named"),
        QT_TRANSLATE_NOOP("Verdicts", "the content and the document information name different keys")),
    "device key known": (
        QT_TRANSLATE_NOOP("Verdicts", "device key registered in this workspace"),
        QT_TRANSLATE_NOOP("Verdicts", "this workspace does not know the key")),
    "public key matches key id": (
        QT_TRANSLATE_NOOP("Verdicts", "public key belongs to the device key"),
        QT_TRANSLATE_NOOP("Verdicts", "the public key does not belong to the named device key")),
    "device signature": (
        QT_TRANSLATE_NOOP("Verdicts", "device signature"),
        QT_TRANSLATE_NOOP("Verdicts", "the signature does not verify for this content")),
    "visible text": (
        QT_TRANSLATE_NOOP("Verdicts", "printed text = signed content"),
        QT_TRANSLATE_NOOP("Verdicts", "the attached content lacks what the sheet prints")),
    "visible text agrees with the content": (
        QT_TRANSLATE_NOOP("Verdicts", "printed text = signed content"),
        QT_TRANSLATE_NOOP("Verdicts", "the printed text does not say what was signed")),
}


# What ``sheet`` says when it writes sheets, and when it refuses one.
SHEETS: dict[str, str] = {
    "refused": QT_TRANSLATE_NOOP(
        "Verdicts", "{number}: not printed, ALTERED — the stored form no longer matches what was signed ({problems})."),
    "summary": QT_TRANSLATE_NOOP("Verdicts", "Sheets written: {written}; refused: {refused}."),
}


def sheet_line(key: str, lang: str | None = None, **params: Any) -> str:
    return _say(SHEETS[key], lang, **params)


def _say(text: str, lang: str | None, **params: Any) -> str:
    return fill(translate(CONTEXT, text, lang), params)


def headline(outcome: str, path: Any, data: bytes, lang: str | None = None) -> str:
    if outcome == "not_a_sheet" and b"%PDF-" not in data[:1024]:
        outcome = "not_a_pdf"
    return _say(VERDICTS[outcome], lang, path=path)


def details(verdict: Any, lang: str | None = None) -> Iterator[str]:
    """The lines under the headline: the form, the key and where it came from, each check."""
    if verdict.outcome == "not_a_sheet":
        return  # there is nothing of a sheet to report on
    if verdict.form_number:
        yield _say(DETAILS["form"], lang, number=verdict.form_number, digest=verdict.digest)
    if verdict.key_id:
        known = next((ok for name, ok, _d in verdict.checks if name == "device key known"), None)
        which = "key_embedded" if known is None else "key_register" if known else "key_unknown"
        yield _say(DETAILS[which], lang, key=verdict.key_id[:16])
    for name, ok, detail in verdict.checks:
        label, why = CHECKS.get(name, (name, ""))
        if ok:
            yield _say(DETAILS["ok"], lang, check=translate(CONTEXT, label, lang))
        else:
            why = translate(CONTEXT, why, lang) if why else detail
            yield _say(DETAILS["failed"], lang, check=translate(CONTEXT, label, lang), reason=why)
