"""Discreet mode's rule: which visits are hidden from the screen.

"Four no, two direct": the school must not learn of an unannounced visit before
it starts. Queries, not widgets, apply this rule, so no view can leak a hidden
visit's school or date by mistake. ("Hidden" here; "sealed" is a signed form's
cryptographic seal, a different thing.)
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain import Notice, VisitStatus
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Visit


def is_confidential(notice: Notice | str, status: VisitStatus | str, planned_on: dt.date | str, today: dt.date) -> bool:
    """An unannounced visit that has not happened yet: hidden unless revealed.

    Today's planned visit counts: until it starts, the school must not learn of it.
    """
    day = planned_on if isinstance(planned_on, str) else planned_on.isoformat()
    return (
        Notice(notice) is Notice.UNANNOUNCED
        and VisitStatus(status) is VisitStatus.PLANNED
        and day >= today.isoformat()
    )


def confidential_visit(today: dt.date) -> sa.ColumnElement[bool]:
    """``is_confidential`` as a query condition, for counts and lookups done in SQL."""
    return sa.and_(Visit.notice == Notice.UNANNOUNCED, Visit.status == VisitStatus.PLANNED, Visit.planned_on >= today)


def shown_visit(today: dt.date, revealed: bool) -> sa.ColumnElement[bool]:
    """The visits a count may include now: all when revealed, else all but the hidden ones.

    A count is a clue too: one more visit at a school, or a school marked booked,
    tells whoever looks at the screen where the next unannounced visit goes.
    """
    return sa.true() if revealed else sa.not_(confidential_visit(today))


def confidential_count(ws: Workspace, today: dt.date) -> int:
    """How many unannounced plans discreet mode keeps off the screen (or would, when shown)."""
    with ws.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(Visit)
                        .where(Visit.deleted.is_(False), confidential_visit(today))) or 0
