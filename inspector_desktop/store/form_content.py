"""A feedback form's content rebuilt from the stored rows, and the office that issues it.

Signing seals this content; re-checking a signed form rebuilds it to compare the
form's own fields; a draft's preview prints it as it stands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError
from inspector_desktop.signing import content
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import ChecklistTemplate, FeedbackForm, Finding, Inspector, Requirement, School, Signature, Visit

# What the office says of itself at sign-in (kept by the sync account): its name, printed
# as the issuer of every sheet signed from then on, and its verify page, which a
# sheet's QR code points to. Either may be empty.
OFFICE_NAME = "office.name"
OFFICE_VERIFY_URL = "office.verify_url"


def office_name(ws: Workspace) -> str | None:
    return (ws.setting(OFFICE_NAME) or "").strip() or None


def office_verify_url(ws: Workspace) -> str | None:
    """The base address of the office's verify page, or None when it has none."""
    url = (ws.setting(OFFICE_VERIFY_URL) or "").strip().rstrip("/")
    return url if url.startswith(("https://", "http://")) else None


def row(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in sa.inspect(type(obj)).column_attrs}


def live(session: Session, model: Any, *where: Any) -> list[Any]:
    return list(session.scalars(sa.select(model).where(model.deleted.is_(False), *where)))


def form_inspector(s: Session, form: FeedbackForm) -> Inspector:
    # The number starts with the drafting inspector's code (domain.forms.form_number).
    code = form.number.split("-")[0]
    inspector = s.scalar(sa.select(Inspector).where(Inspector.code == code))
    if inspector is None:
        raise DomainError("form.no_inspector", number=form.number)
    return inspector


def content_from_db(
    s: Session, form: FeedbackForm, tz: dt.tzinfo, signed_at: dt.datetime | None, key_id: str | None,
    issuer: str | None = None,
) -> dict[str, Any]:
    visit = s.get(Visit, form.visit_id)
    assert visit is not None
    school = s.get(School, visit.school_id)
    inspector = form_inspector(s, form)
    original = s.get(FeedbackForm, form.addendum_of_id) if form.addendum_of_id else None
    return content.form_content(
        row(form), row(visit), row(school), row(inspector),
        [row(f) for f in live(s, Finding, Finding.visit_id == visit.id)],
        [row(r) for r in live(s, Requirement, Requirement.form_id == form.id)],
        [row(g) for g in live(s, Signature, Signature.form_id == form.id)],
        tz, signed_at, key_id,
        {"id": original.id, "number": original.number} if original else None,
        issuer,
        _checklist(s, visit.template_id, form.language),
    )


def _checklist(s: Session, template_id: str | None, language: str) -> dict[str, Any] | None:
    """The checklist version the visit was rated on, as the sheet names it."""
    t = s.get(ChecklistTemplate, template_id) if template_id else None
    if t is None:
        return None
    return {"code": t.code, "version": t.version, "title": t.title_zh if language == "zh_CN" else t.title_en}
