"""Notice letters (督导通知书): what an announced visit's letter tells the school beforehand.

A letter announces a visit that is still to come. It is refused here, for the
window and the command alike, for an unannounced visit (the school must not be
warned), a cancelled one, a completed one, and one planned before today; each
refusal has its own code, so the inspector reads why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, Notice, TeamRole, VisitStatus, notice_letter_allowed
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Inspector, School, Visit, VisitTeamMember
from inspector_desktop.store.office import issuing_office


def check_notice_allowed(visit: Visit, today: dt.date) -> None:
    """Raise the reason a visit gets no notice letter, if it has one."""
    if not notice_letter_allowed(Notice(visit.notice)):
        raise DomainError("notice.unannounced_visit", visit_id=visit.id)
    if visit.status is VisitStatus.CANCELLED:
        raise DomainError("notice.cancelled_visit", visit_id=visit.id)
    if visit.status is VisitStatus.COMPLETED:
        raise DomainError("notice.completed_visit", visit_id=visit.id)
    if visit.planned_on < today:
        raise DomainError("notice.past_visit", visit_id=visit.id, planned_on=visit.planned_on.isoformat())


def letter_number(s: Session, visit: Visit, school_code: str) -> str:
    """The school's code and the visit's day, e.g. "QSH-001-20261211"; a second announced
    visit to the school that day adds "-2". Derived, so every laptop prints the same number
    for the same visit, and stable while the visit keeps its day. Cancelled visits keep their
    place; unannounced ones are not counted, so a number never hints at a hidden visit."""
    same_day = s.scalars(sa.select(Visit.id).where(
        Visit.school_id == visit.school_id, Visit.planned_on == visit.planned_on,
        Visit.notice == Notice.ANNOUNCED).order_by(Visit.id)).all()
    base = f"{school_code}-{visit.planned_on:%Y%m%d}"
    place = same_day.index(visit.id) + 1 if visit.id in same_day else 1
    return base if place == 1 else f"{base}-{place}"


def notice_letter_facts(ws: Workspace, visit_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """What an announced, still-to-come visit's notice letter says; refuses any other visit."""
    today = today or dt.date.today()
    with ws.read() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.deleted:
            raise DomainError("visit.not_found", visit_id=visit_id)
        check_notice_allowed(visit, today)
        school = s.get(School, visit.school_id)
        assert school is not None
        team = s.execute(
            sa.select(Inspector.id, Inspector.name, Inspector.phone, VisitTeamMember.role)
            .join(VisitTeamMember, VisitTeamMember.inspector_id == Inspector.id)
            .where(VisitTeamMember.visit_id == visit_id, VisitTeamMember.deleted.is_(False))
            .order_by(Inspector.code)
        ).all()
        team = sorted(team, key=lambda m: m.role is not TeamRole.LEADER)  # the leader signs first
        number = letter_number(s, visit, school.code)
    leader = next((m for m in team if m.role is TeamRole.LEADER), None)
    office = issuing_office(ws, leader.id if leader else None)
    return {
        "visit_id": visit.id, "notice": str(visit.notice), "scope": str(visit.scope),
        "planned_on": visit.planned_on.isoformat(), "purpose": visit.purpose,
        "school": school.name, "competent_department": school.competent_department,
        "inspectors": [m.name for m in team], "number": number,
        "office": office.name, "office_region": office.region,
        # The school calls the team leader when the profile holds a phone, else the office.
        "contact": leader.name if leader and leader.phone.strip() else "",
        "contact_phone": leader.phone.strip() if leader else "",
    }
