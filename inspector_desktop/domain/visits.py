"""Visit lifecycle: planned → in progress → completed, or cancelled."""

from __future__ import annotations

from enum import StrEnum

from inspector_desktop.domain.lifecycle import Lifecycle


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


VISIT_LIFECYCLE: Lifecycle[VisitStatus] = Lifecycle(
    "visit",
    {
        VisitStatus.PLANNED: {VisitStatus.IN_PROGRESS, VisitStatus.CANCELLED},
        VisitStatus.IN_PROGRESS: {VisitStatus.COMPLETED, VisitStatus.CANCELLED},
    },
)


class TeamRole(StrEnum):
    LEADER = "leader"
    MEMBER = "member"
