"""The list of feedback forms, newest visit first, with discreet mode applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from inspector_desktop.domain import FormStatus
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.discretion import is_confidential
from inspector_desktop.store.models import FeedbackForm, School, Visit


@dataclass(frozen=True)
class FormRow:
    id: str
    visit_id: str
    number: str
    status: FormStatus
    school_name: str  # "" while the visit is hidden
    visit_day: dt.date | None  # None while the visit is hidden
    signed_at: dt.datetime | None


def form_rows(ws: Workspace, today: dt.date) -> tuple[FormRow, ...]:
    with ws.read() as s:
        out = []
        for f, name, v in s.execute(
            sa.select(FeedbackForm, School.name, Visit)
            .join(Visit, Visit.id == FeedbackForm.visit_id)
            .join(School, School.id == Visit.school_id)
            .where(FeedbackForm.deleted.is_(False))
            .order_by(Visit.planned_on.desc(), FeedbackForm.number.desc())
        ):
            hidden = is_confidential(v.notice, v.status, v.planned_on, today)
            out.append(FormRow(f.id, v.id, f.number, f.status, "" if hidden else name, None if hidden else v.planned_on, f.signed_at))
        return tuple(out)
