"""The school's response to a signed form (异议): acknowledgement or objection, and the reply.

An objection is owed a reply by a deadline from the active rule file; the rules
of what may follow what are in ``domain/chain.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import ResponseKind
from inspector_desktop.domain import chain
from inspector_desktop.store.checks import live
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import FeedbackForm, SchoolResponse, Visit
from inspector_desktop.store.rules import active_rules


def record_response(
    ws: Workspace,
    form_id: str,
    kind: ResponseKind,
    text: str,
    received_on: dt.date,
    actor_id: str | None = None,
) -> str:
    rules = active_rules(ws)
    with ws.write(actor_id=actor_id) as s:
        form = live(s, FeedbackForm, form_id)
        earlier = list(s.scalars(sa.select(SchoolResponse.kind).where(
            SchoolResponse.form_id == form_id, SchoolResponse.deleted.is_(False),
            # An answered objection is settled; the school may then acknowledge or object anew.
            sa.or_(SchoolResponse.kind == ResponseKind.ACKNOWLEDGEMENT, SchoolResponse.replied_on.is_(None)))))
        chain.check_response(form.status, kind, text, earlier)
        row = SchoolResponse(form_id=form_id, kind=kind, text=text.strip(), received_on=received_on,
                             reply_deadline=chain.reply_deadline(kind, received_on, rules))
        s.add(row)
        s.flush()
        return row.id


def reply_to_objection(
    ws: Workspace, response_id: str, text: str, replied_on: dt.date, actor_id: str | None = None
) -> None:
    with ws.write(actor_id=actor_id) as s:
        row = live(s, SchoolResponse, response_id)
        chain.check_reply(row.kind, row.replied_on, text)
        row.reply_text = text.strip()
        row.replied_on = replied_on


# ---------------------------------------------------------------- one school's responses


@dataclass(frozen=True)
class ResponseRow:
    """The school's answer to one of its forms, with the reply owed to an objection."""

    id: str
    form_number: str
    kind: ResponseKind
    text: str
    received_on: dt.date
    reply_deadline: dt.date | None
    reply_text: str
    replied_on: dt.date | None
    overdue: bool  # an objection past its reply deadline with no reply yet


def school_responses(ws: Workspace, school_id: str, today: dt.date) -> tuple[ResponseRow, ...]:
    with ws.read() as s:
        return tuple(
            ResponseRow(r.id, number, r.kind, r.text, r.received_on, r.reply_deadline, r.reply_text, r.replied_on,
                        r.kind is ResponseKind.OBJECTION and r.replied_on is None
                        and r.reply_deadline is not None and r.reply_deadline < today)
            for r, number in s.execute(
                sa.select(SchoolResponse, FeedbackForm.number)
                .join(FeedbackForm, FeedbackForm.id == SchoolResponse.form_id)
                .join(Visit, Visit.id == FeedbackForm.visit_id)
                .where(Visit.school_id == school_id, SchoolResponse.deleted.is_(False))
                .order_by(SchoolResponse.received_on.desc())
            )
        )
