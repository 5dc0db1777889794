"""Who may see and write which record: the one place that says so.

Each synced entity gets its place from its parents: a visit from its school, a
finding from its visit, a requirement from its form, and so on. The place is
stored with the record (``tables.record`` scope columns), and ``visible()`` turns
the caller into a WHERE clause, so scope is enforced inside every query instead
of by filtering rows after they were read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain import Notice
from inspector_desktop.server import tables as t
from inspector_desktop.server.auth import Me

GLOBAL = "global"  # reference data every content reader sees: colleagues, checklists
SCHOOL = "school"  # a school and everything done there
PERSONAL = "personal"  # about one inspector: their keys and training
LEAD = "lead"  # leads only: random-inspection draws name schools before the visit

CONTENT = "content"  # any inspector or lead may write
LEADS = "lead"  # only leads write it
SUBJECT = "subject"  # only the inspector it is about
SUBJECT_OR_LEAD = "subject_or_lead"


@dataclass(frozen=True)
class Rule:
    kind: str
    parents: tuple[str, ...] = ()  # fields naming a parent record; the first set one counts
    subject: str | None = None  # field naming the inspector the record is about
    writers: str = CONTENT


_VISIT = ("visit_id",)
_FORM = ("form_id",)
RULES: dict[str, Rule] = {
    "inspector": Rule(GLOBAL, subject="id", writers=SUBJECT_OR_LEAD),
    "school": Rule(SCHOOL, writers=LEADS),
    "school_assignment": Rule(SCHOOL, ("school_id",), subject="inspector_id", writers=LEADS),
    "checklist_template": Rule(GLOBAL),
    "indicator": Rule(GLOBAL),
    "visit": Rule(SCHOOL, ("school_id",)),
    "visit_team_member": Rule(SCHOOL, _VISIT, subject="inspector_id"),
    "indicator_result": Rule(SCHOOL, _VISIT),
    "finding": Rule(SCHOOL, _VISIT),
    "attachment": Rule(SCHOOL, ("visit_id", "finding_id", "indicator_result_id", "rectification_id")),
    "feedback_form": Rule(SCHOOL, _VISIT),
    "requirement": Rule(SCHOOL, _FORM),
    "signature": Rule(SCHOOL, _FORM),
    "school_response": Rule(SCHOOL, _FORM),
    "rectification": Rule(SCHOOL, ("requirement_id", "school_id")),
    "reinspection": Rule(SCHOOL, _VISIT),
    "escalation": Rule(SCHOOL, ("rectification_id", "school_id"), writers=LEADS),
    "random_pick": Rule(LEAD, writers=LEADS),
    "device_key": Rule(PERSONAL, subject="inspector_id", writers=SUBJECT),
    "training_record": Rule(PERSONAL, subject="inspector_id", writers=SUBJECT_OR_LEAD),
    # Everyone's, like the rule files themselves: each laptop follows its own region's.
    # Only a lead of that region may set it (admission.py checks the region and the key).
    "region_rules": Rule(GLOBAL, writers=LEADS),
}


@dataclass(frozen=True)
class Place:
    scope: str
    school_id: str | None = None
    visit_id: str | None = None
    subject_id: str | None = None
    region: str = ""
    unannounced: bool = False

    def columns(self) -> dict[str, Any]:
        return dict(
            scope=self.scope,
            school_id=self.school_id,
            visit_id=self.visit_id,
            subject_id=self.subject_id,
            region=self.region,
            unannounced=self.unannounced,
        )


class ParentUnknown(Exception):
    """The parent is missing or outside the writer's scope (one answer for both)."""


def place_of(conn: sa.Connection, entity: str, record_id: str, fields: dict[str, Any], parent_visible: sa.ColumnElement[bool] | None,
             writer_region: str = "") -> Place:
    """Where a record with these (merged) fields belongs. ``parent_visible`` limits
    which parents the writer may hang a record on; None for the server itself."""
    def parent(parent_id: str) -> Any:
        query = sa.select(t.record).where(t.record.c.id == parent_id)
        if parent_visible is not None:
            query = query.where(parent_visible)
        return conn.execute(query).first()

    def region_of(account_id: str | None) -> str:
        return conn.execute(sa.select(t.account.c.region).where(t.account.c.id == account_id)).scalar() or ""

    return place_from(entity, record_id, fields, writer_region, parent, region_of)


def place_from(entity: str, record_id: str, fields: dict[str, Any], writer_region: str,
               parent: Callable[[str], Any], region_of: Callable[[str | None], str]) -> Place:
    """``place_of`` over lookups: ``parent`` gives the parent record the writer may
    hang this one on (None when unknown or unseen), ``region_of`` an account's region.
    A leads-only record (a random draw) belongs to the region of the lead who made it."""
    rule = RULES[entity]
    subject = (record_id if rule.subject == "id" else fields.get(rule.subject)) if rule.subject else None
    if rule.kind == LEAD:
        return Place(LEAD, subject_id=subject, region=writer_region)
    if rule.kind == GLOBAL:
        return Place(rule.kind, subject_id=subject, region=str(fields.get("region") or "") if entity == "inspector" else "")
    if rule.kind == PERSONAL:
        return Place(PERSONAL, subject_id=subject, region=region_of(subject))
    if entity == "school":
        return Place(SCHOOL, school_id=record_id, region=str(fields.get("district") or ""))
    parent_id = next((fields[f] for f in rule.parents if fields.get(f)), None)
    if parent_id is None:
        raise ParentUnknown()
    above = parent(parent_id)
    if above is None or above.scope != SCHOOL:
        raise ParentUnknown()
    place = Place(
        SCHOOL,
        school_id=above.school_id,
        visit_id=above.visit_id,
        subject_id=subject,
        region=above.region,
        unannounced=above.unannounced,
    )
    if entity == "visit":
        place = replace(place, visit_id=record_id, unannounced=fields.get("notice") == Notice.UNANNOUNCED.value)
    return place


def may_write(me: Me, entity: str, place: Place) -> bool:
    writers = RULES[entity].writers
    if writers == LEADS:
        return me.is_lead
    if writers == SUBJECT:
        return place.subject_id == me.id
    if writers == SUBJECT_OR_LEAD:
        return me.is_lead or place.subject_id == me.id
    return me.reads_content


def visible(me: Me, r: sa.Table = t.record) -> sa.ColumnElement[bool]:
    """The caller's scope as a WHERE clause over ``r`` (the record table or an alias)."""
    return _visible(me.id, me.region, me.is_inspector, me.is_lead, me.is_admin, r)


# Built once per account and kept (expressions are immutable): it is the same on
# every request, and building it cost a push or pull more than some of its queries.
@functools.lru_cache(maxsize=1024)
def _visible(account_id: str, region: str, is_inspector: bool, is_lead: bool, is_admin: bool, r: sa.Table) -> sa.ColumnElement[bool]:
    clauses: list[sa.ColumnElement[bool]] = []
    if is_lead:
        # A lead with no region is a provincial lead and sees the whole province.
        # Reference data (colleagues of any region who sit on a team here) is
        # everyone's, so the records of the region never point at something unseen.
        clauses.append(sa.true() if not region else sa.or_(r.c.region == region, r.c.scope == GLOBAL))
    if is_inspector:
        mine = t.record.alias("mine")
        assigned = sa.select(mine.c.school_id).where(
            mine.c.entity == "school_assignment", mine.c.subject_id == account_id, mine.c.deleted.is_(False)
        )
        on_team = sa.select(mine.c.visit_id).where(
            mine.c.entity == "visit_team_member", mine.c.subject_id == account_id, mine.c.deleted.is_(False)
        )
        team_schools = sa.select(mine.c.school_id).where(
            mine.c.entity == "visit_team_member", mine.c.subject_id == account_id, mine.c.deleted.is_(False)
        )
        drafted = sa.select(mine.c.id).where(mine.c.entity == "visit", mine.c.created_by == account_id)
        drafted_schools = sa.select(mine.c.school_id).where(mine.c.entity == "visit", mine.c.created_by == account_id)
        clauses += [
            r.c.scope == GLOBAL,
            # The school of every visit the inspector sees, even one they are not
            # responsible for: a visit must never arrive without its school.
            sa.and_(r.c.entity == "school", r.c.school_id.in_(team_schools.union(drafted_schools))),
            sa.and_(r.c.scope == PERSONAL, r.c.subject_id == account_id),
            sa.and_(r.c.scope == SCHOOL, r.c.visit_id.in_(on_team)),
            # Unannounced plans stay off the school's other inspectors' screens.
            sa.and_(r.c.scope == SCHOOL, r.c.unannounced.is_(False), r.c.school_id.in_(assigned)),
            # Whoever drafts a visit plan sees it and its records, as its team does: the
            # team rows are pushed one by one, each read back by the drafter, who may
            # name a team without being on it (or before their own row arrives).
            sa.and_(r.c.scope == SCHOOL, r.c.visit_id.in_(drafted)),
        ]
    elif is_admin and not is_lead:
        clauses.append(r.c.scope == GLOBAL)  # user management, not inspection content
    return sa.or_(*clauses) if clauses else sa.false()
