"""What a sealed feedback form says: the content dictionary, built from plain values.

One builder serves signing (store.forms, from rows), re-checking a stored form,
and the demo data (signing.demo, from the dicts it bulk-inserts), so every path
digests the very same structure. Times are stored naive UTC and written here in
the zone the form was signed in, offset included, so the digest never depends on
the machine that re-checks it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from inspector_desktop.domain import Scope, SignatureRole
from inspector_desktop.signing import seal

CONTENT_FORMAT = 1
SIGNATURE_ORDER = (SignatureRole.INSPECTOR, SignatureRole.SCHOOL_REPRESENTATIVE)
# Fields of the content that belong to the form itself: stored rows must still agree
# with them. School names or visit notes may legitimately change after signing.
FORM_OWNED = ("number", "summary", "no_issues_statement", "free_text", "requirements", "signatures",
              "language", "signed_at", "device_key_id", "addendum_of")
# How a new draft's summary names the kind of visit. Once drafted the summary is the
# form's own text, edited and signed as such, so it does not follow the sheet's labels.
_SCOPE_WORDS = {
    "zh_CN": {Scope.COMPREHENSIVE: "综合督导", Scope.SPECIAL: "专项督导"},
    "en": {Scope.COMPREHENSIVE: "comprehensive", Scope.SPECIAL: "special (thematic)"},
}
# An education bureau's region: 青山湖区教育体育局 -> 青山湖区.
_BUREAU = re.compile("(教育局|教育体育局|教育和体育局|教体局)$")


@dataclass(frozen=True)
class SheetSource:
    """Everything a sheet is printed from; ``seal`` is None for an unsigned draft."""

    content_json: str
    pngs: tuple[tuple[str, bytes], ...]  # (signature role, PNG)
    seal: seal.Seal | None
    public_key: str | None

    @property
    def content(self) -> dict[str, Any]:
        return json.loads(self.content_json)


def iso_in(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    # Stored naive UTC; printed in the zone the form was signed in, offset included.
    return None if moment is None else moment.replace(tzinfo=dt.UTC).astimezone(tz).isoformat(timespec="seconds")


def tz_from_offset(offset: str) -> dt.timezone:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = offset.lstrip("+-").split(":")
    return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))


def local_zone() -> dt.tzinfo:
    """The zone a form signed (or previewed) on this machine is written in."""
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def offset_of(tz: dt.tzinfo) -> str:
    delta = dt.datetime.now(tz).utcoffset() or dt.timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def default_issuer(language: str, region: str, department: str) -> str:
    """Who issues a sheet when the office has not named itself: the inspection office of
    the inspector's region, else of the school's competent department's region."""
    where = region.strip() or _BUREAU.sub("", department.strip())
    if language == "zh_CN":
        return f"{where}教育督导室"
    return f"Education Inspection Office, {where}" if where else "Education Inspection Office"


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
    issuer: str | None = None,
    checklist: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The content a form is sealed over, from plain column values (rows or dicts).

    ``issuer`` is the office that issues the sheet (its 落款 and seal): the office's own
    name when the workspace has it, else the inspection office of the inspector's region.
    Sheets sealed before it existed have no such field. ``checklist`` is the checklist
    version the visit was rated on (code, version, title in the form's language);
    forms sealed before versions were named, or on a visit with none, have none."""
    order = {r: i for i, r in enumerate(SIGNATURE_ORDER)}
    visit_part = {
        "id": visit["id"],
        "scope": str(visit["scope"]), "stage": str(visit["stage"]),
        "planning": str(visit["planning"]), "notice": str(visit["notice"]),
        "planned_on": visit["planned_on"].isoformat(),
        "started_at": iso_in(visit["started_at"], tz),
        "completed_at": iso_in(visit["completed_at"], tz),
        "purpose": visit["purpose"],
    }
    if checklist is not None:
        visit_part["checklist"] = checklist
    return {
        "format": CONTENT_FORMAT,
        "form_id": form["id"],
        "number": form["number"],
        "language": form["language"],
        "timezone": offset_of(tz),
        "addendum_of": addendum_of,
        "school": {k: school[k] for k in ("code", "name", "competent_department")},
        "visit": visit_part,
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
        "issuer": (issuer or "").strip() or default_issuer(
            form["language"], inspector.get("region") or "", school["competent_department"]),
    }


def changed_form_fields(sealed: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """The form's own fields on which content rebuilt from the rows differs from the sealed content."""
    return [key for key in FORM_OWNED if now.get(key) != sealed.get(key)]


def default_summary(language: str, scope: Scope, planned_on: dt.date, inspector_name: str, school_name: str,
                    finding_count: int) -> str:
    """A new draft's opening paragraph, in the form's language, for the inspector to edit."""
    kind = _SCOPE_WORDS[language][scope]
    if language == "en":
        found = f"{finding_count} problem(s) were found." if finding_count else "No problems were found."
        return (f"On {planned_on.isoformat()} inspector {inspector_name} carried out a {kind} "
                f"inspection of {school_name}. {found}")
    found = f"共发现问题{finding_count}项。" if finding_count else "未发现需要整改的问题。"
    return f"{planned_on:%Y年%m月%d日}，督学{inspector_name}对{school_name}开展{kind}。{found}"
