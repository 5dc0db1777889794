"""Notice letters (督导通知书): what an announced visit's letter tells the school beforehand."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain import DomainError, Notice, notice_letter_allowed
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Inspector, School, Visit, VisitTeamMember


def notice_letter_facts(ws: Workspace, visit_id: str) -> dict[str, Any]:
    """What an announced visit's notice letter says; unannounced visits refuse here already."""
    with ws.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted:
            raise DomainError("visit.not_found", visit_id=visit_id)
        if not notice_letter_allowed(Notice(visit.notice)):
            raise DomainError("notice.unannounced_visit", visit_id=visit_id)
        school = s.get(School, visit.school_id)
        assert school is not None
        names = s.scalars(
            sa.select(Inspector.name).join(VisitTeamMember, VisitTeamMember.inspector_id == Inspector.id)
            .where(VisitTeamMember.visit_id == visit_id, VisitTeamMember.deleted.is_(False))
            .order_by(VisitTeamMember.role.desc(), Inspector.code)
        ).all()
        return {
            "visit_id": visit.id, "notice": str(visit.notice), "scope": str(visit.scope),
            "planned_on": visit.planned_on.isoformat(), "purpose": visit.purpose,
            "school": school.name, "competent_department": school.competent_department, "inspectors": list(names),
        }
