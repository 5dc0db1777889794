"""What a signed feedback form certifies: the findings it was sealed over, and when
and where it was signed.

A finding named in a signed form's sealed content is part of what the school
signed for; changing it, deleting it or changing its evidence would make the
visit say something else than the sheet. Such edits are refused (the session
guard in store/changes.py calls ``refuse_certified_edits``); a correction is an
addendum to the form. Findings recorded after signing are not certified and stay
editable, so an addendum can answer them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, FormStatus
from inspector_desktop.signing import content
from inspector_desktop.store.models import Attachment, FeedbackForm, Finding, Signature

if TYPE_CHECKING:  # store.db installs the session guard that imports this module
    from inspector_desktop.store.db import Workspace


@dataclass(frozen=True)
class SignedForm:
    """A signed form of a visit, with its time in the zone it was signed in (as on the sheet)."""

    id: str
    number: str
    signed_at: dt.datetime | None  # timezone-aware, in the signing zone
    finding_ids: frozenset[str]


@dataclass(frozen=True)
class CapturedSignature:
    """A signature as captured on the pad and stored with the form."""

    role: str
    signer_name: str
    signer_title: str
    signed_at: dt.datetime  # timezone-aware, in the zone the form was signed in (or this machine's, for a draft)
    png: bytes
    strokes: tuple[tuple[tuple[float, ...], ...], ...]


def _zone(form: FeedbackForm) -> dt.tzinfo:
    """The zone the form was signed in, read from its sealed content; this machine's for a draft."""
    try:
        return content.tz_from_offset(json.loads(form.canonical_content or "")["timezone"])
    except (ValueError, KeyError, TypeError):
        return content.local_zone()


def _local(moment: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC).astimezone(tz)


def _signed_form(s: Session, form: FeedbackForm) -> SignedForm:
    try:
        ids = frozenset(f["id"] for f in json.loads(form.canonical_content or "")["findings"])
    except (ValueError, KeyError, TypeError):
        # A seal that cannot be read certifies what the visit held: refuse rather than guess.
        ids = frozenset(s.scalars(sa.select(Finding.id).where(Finding.visit_id == form.visit_id)))
    return SignedForm(form.id, form.number, _local(form.signed_at, _zone(form)), ids)


def signed_forms(s: Session, visit_id: str) -> tuple[SignedForm, ...]:
    """The visit's signed (or issued) forms, first signed first."""
    rows = s.scalars(
        sa.select(FeedbackForm)
        .where(FeedbackForm.visit_id == visit_id, FeedbackForm.deleted.is_(False),
               FeedbackForm.status != FormStatus.DRAFT)
        .order_by(FeedbackForm.signed_at, FeedbackForm.number)
    )
    return tuple(_signed_form(s, f) for f in rows)


def certifying_form(s: Session, finding_id: str) -> SignedForm | None:
    """The first signed form that certifies this finding, if any."""
    visit_id = s.scalar(sa.select(Finding.visit_id).where(Finding.id == finding_id))
    if visit_id is None:
        return None
    return next((f for f in signed_forms(s, visit_id) if finding_id in f.finding_ids), None)


def ensure_not_certified(s: Session, finding_id: str | None) -> None:
    if finding_id is None:
        return
    form = certifying_form(s, finding_id)
    if form is not None:
        raise DomainError("finding.certified", number=form.number, finding_id=finding_id)


def refuse_certified_edits(session: Session) -> None:
    """Called before every local flush: no change to a certified finding or to its evidence."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Finding) and obj not in session.new and session.is_modified(obj):
            ensure_not_certified(session, obj.id)
        elif isinstance(obj, Attachment) and session.is_modified(obj):
            ensure_not_certified(session, obj.finding_id)


# ---------------------------------------------------------------- for the window


def visit_signed_forms(ws: Workspace, visit_id: str) -> tuple[SignedForm, ...]:
    with ws.read() as s:
        return signed_forms(s, visit_id)


def form_seal(ws: Workspace, form_id: str) -> SignedForm | None:
    """When and where the form was signed and what it certifies; None for a draft."""
    with ws.read() as s:
        form = s.get(FeedbackForm, form_id)
        if form is None or form.deleted or form.status is FormStatus.DRAFT:
            return None
        return _signed_form(s, form)


def captured_signatures(ws: Workspace, form_id: str) -> tuple[CapturedSignature, ...]:
    """The form's stored signatures, their times in the zone the form was signed in."""
    with ws.read() as s:
        form = s.get(FeedbackForm, form_id)
        if form is None or form.deleted:
            raise DomainError("form.not_found", form_id=form_id)
        tz = _zone(form) if form.status is not FormStatus.DRAFT else content.local_zone()
        order = {r: i for i, r in enumerate(content.SIGNATURE_ORDER)}
        rows = sorted(s.scalars(sa.select(Signature).where(Signature.form_id == form_id, Signature.deleted.is_(False))),
                      key=lambda g: order.get(g.role, len(order)))
        return tuple(
            CapturedSignature(str(g.role), g.signer_name, g.signer_title, _local(g.signed_at, tz) or dt.datetime.now(tz),
                              g.png or b"", tuple(tuple(tuple(p) for p in stroke) for stroke in g.strokes or ()))
            for g in rows
        )
