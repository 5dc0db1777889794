"""The public page a school reaches by scanning a feedback sheet's QR code.

``GET /v/{form_id}?d={digest}`` needs no account: a school has none. It answers
with the same rule as the inspectors' ``POST /verify`` (verify.judge) and shows
no more than the sheet itself prints: its number, the school, the visit date and
the digest. Those come back only when ``d`` equals the sealed digest: holding the
digest (256 bits) is holding the sheet, so nothing is told to someone who merely
guesses ids, and ids are random UUIDs, so an unknown id tells nothing either.
Nothing is written, no other record is read than the form, its visit, its school
and the signing key: a request costs a few indexed reads and one signature check,
cheap enough to need no throttle of its own.

The page is self-contained (no script, no external resource), every value is
escaped, and a strict Content-Security-Policy admits only its own inline style.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from inspector_desktop.server import tables as t, verify
from inspector_desktop.sync.protocol import SHA256_PATTERN, UUID_PATTERN, VerifyResponse, VerifyResult


@dataclass(frozen=True)
class Printed:
    """What the sheet itself prints, read from the content that was sealed."""

    number: str
    school: str
    visit_date: str


STYLE = """
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:0;padding:1rem;font-size:1.15rem;line-height:1.55;color:#1b1b1b;background:#f6f6f4}
main{max-width:36rem;margin:0 auto}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
.verdict{border-radius:.6rem;padding:1rem;margin-bottom:1rem;border:2px solid}
.verdict p{margin:.3rem 0}
.verdict .big{font-size:1.6rem;font-weight:700}
.genuine{background:#e8f5e9;border-color:#2e7d32;color:#1b5e20}
.altered{background:#fdecea;border-color:#c62828;color:#8e1b1b}
.unknown{background:#fff8e1;border-color:#b26a00;color:#6d4100}
dl{background:#fff;border-radius:.6rem;padding:.6rem 1rem;margin:0 0 1rem}
dt{font-size:.9rem;color:#555;margin-top:.5rem}
dd{margin:0 0 .3rem;font-weight:600}
.digest{font-family:ui-monospace,monospace;font-size:1rem;word-break:break-all;font-weight:400}
.en{color:#555;font-size:.95rem}
footer{font-size:.9rem;color:#555}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
HEADERS = {
    # Nothing but this page's own style: no script, image, font, frame or form.
    "Content-Security-Policy": f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The address carries the digest: no other site learns it from a link on the page.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

# Each message in Chinese first, with its English beside it.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("督导意见书核验", "Feedback form check"),
    "genuine": ("真实有效", "Genuine"),
    "genuine_text": ("督导部门存有与本督导意见书内容一致的已签署督导意见书。",
                     "The office holds a signed feedback form with exactly this content."),
    "altered": ("内容不符", "Not matching"),
    "altered_text": ("督导部门没有与此内容一致的已签署督导意见书，该督导意见书可能已被改动，请与督导部门联系。",
                     "The office holds no signed form with this content — the sheet may have been altered; contact the office."),
    "unconfirmed_text": ("督导部门无法确认本督导意见书的签名（签名密钥已被注销或签名无效），请与督导部门联系。",
                         "The office cannot confirm this sheet's signature (the signing key was revoked or the "
                         "signature does not check out); contact the office."),
    "unknown": ("无此督导意见书", "Unknown form"),
    "unknown_text": ("督导部门没有以此编码登记的已签署督导意见书。请核对扫描的二维码，或与督导部门联系。",
                     "The office has no signed feedback form under this code. Check the QR code you scanned, or contact the office."),
    "number": ("编号", "No."),
    "school": ("被督导单位", "Supervised unit"),
    "visit_date": ("督导日期", "Date of visit"),
    "digest": ("内容摘要（SHA-256）", "Content digest (SHA-256)"),
    "compare": ("请核对以上信息与纸质督导意见书上印刷的内容是否一致。",
                "Check that the details above are the ones printed on the paper sheet."),
    "issued_by": ("核验单位：{office}", "Checked by: {office}"),
}


def page(engine: sa.Engine, form_id: str, digest: str, office_name: str, accept_language: str = "") -> tuple[int, str]:
    """The page's HTTP status and HTML for this address."""
    well_formed = re.fullmatch(UUID_PATTERN, form_id) is not None
    digest = digest.strip().lower() if re.fullmatch(SHA256_PATTERN, digest.strip().lower()) else ""
    printed = None
    with engine.connect() as conn:
        form = verify.signed_form(conn, form_id, sa.true()) if well_formed else None
        verdict = verify.judge(conn, form, digest)
        if form is not None and verdict.reason != "digest.mismatch":
            printed = _printed(conn, form)
    english_first = accept_language.strip().lower().startswith("en")
    return (404 if verdict.result == VerifyResult.UNKNOWN else 200), render(verdict, printed, digest, office_name, english_first)


def _printed(conn: sa.Connection, form: verify.SignedForm) -> Printed:
    """From the sealed content, which is what the sheet prints; a form sealed in
    another shape falls back to its visit and school as the server holds them."""
    try:
        sealed = json.loads(form.fields.get("canonical_content") or "")
    except ValueError:
        sealed = None
    if isinstance(sealed, dict) and isinstance(sealed.get("school"), dict) and isinstance(sealed.get("visit"), dict):
        return Printed(str(sealed.get("number") or ""), str(sealed["school"].get("name") or ""), str(sealed["visit"].get("planned_on") or ""))
    visit = _fields(conn, "visit", form.visit_id)
    school = _fields(conn, "school", str(visit.get("school_id") or ""))
    return Printed(str(form.fields.get("number") or ""), str(school.get("name") or ""), str(visit.get("planned_on") or ""))


def _fields(conn: sa.Connection, entity: str, record_id: str) -> dict[str, Any]:
    r = t.record
    raw = conn.execute(sa.select(r.c.fields).where(r.c.id == record_id, r.c.entity == entity)).scalar()
    return json.loads(raw) if raw else {}


def _both(key: str, english_first: bool, **values: str) -> str:
    zh, en = (html.escape(w.format(**values)) for w in WORDS[key])
    first, second = (en, zh) if english_first else (zh, en)
    return f'{first}<br><span class="en">{second}</span>'


def render(verdict: VerifyResponse, printed: Printed | None, digest: str, office_name: str, english_first: bool = False) -> str:
    def words(key: str, **values: str) -> str:
        return _both(key, english_first, **values)

    if verdict.result == VerifyResult.GENUINE:
        kind, head, text = "genuine", words("genuine"), words("genuine_text")
    elif verdict.result == VerifyResult.UNKNOWN:
        kind, head, text = "unknown", words("unknown"), words("unknown_text")
    else:
        kind, head = "altered", words("altered")
        text = words("altered_text" if verdict.reason == "digest.mismatch" else "unconfirmed_text")
    facts = []
    if printed is not None:
        facts += [(words("number"), html.escape(printed.number)), (words("school"), html.escape(printed.school)),
                  (words("visit_date"), html.escape(printed.visit_date))]
    if digest:
        facts.append((words("digest"), f'<span class="digest">{html.escape(digest)}</span>'))
    listed = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    details = f"<dl>{listed}</dl><p>{words('compare')}</p>" if printed is not None else (f"<dl>{listed}</dl>" if listed else "")
    office = f"<footer>{words('issued_by', office=office_name)}</footer>" if office_name else ""
    sign = {"genuine": "✔", "altered": "✘", "unknown": "?"}[kind]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{html.escape(WORDS['title'][0])} · {html.escape(WORDS['title'][1])}</title>"
        f"<style>{STYLE}</style></head><body><main>"
        f"<h1>{words('title')}</h1>"
        f'<section class="verdict {kind}" id="verdict" data-result="{kind}">'
        f'<p class="big">{sign} {head}</p><p>{text}</p></section>'
        f"{details}{office}</main></body></html>\n"
    )
