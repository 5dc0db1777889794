"""Discreet mode's rule: which visits are hidden from the screen.

"Four no, two direct": the school must not learn of an unannounced visit before
it starts. Queries, not widgets, apply this rule, so no view can leak a hidden
visit's school or date by mistake. ("Hidden" here; "sealed" is a signed form's
cryptographic seal, a different thing.)
"""

from __future__ import annotations

import datetime as dt

from inspector_desktop.domain import Notice, VisitStatus


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
