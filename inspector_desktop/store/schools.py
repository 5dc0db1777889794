"""Schools: the list with its counts, and one school's dossier."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from inspector_desktop.domain import Category, RectificationStatus, Severity
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.discretion import shown_visit
from inspector_desktop.store.models import Finding, Rectification, School, Visit
from inspector_desktop.store.objections import ResponseRow, school_responses
from inspector_desktop.store.rectifications import RectificationRow, rectification_rows
from inspector_desktop.store.visit_list import VisitRow, visit_rows


@dataclass(frozen=True)
class SchoolRow:
    id: str
    code: str
    name: str
    competent_department: str
    district: str
    school_type: str
    is_large: bool
    visits: int
    open_rectifications: int


def school_rows(ws: Workspace, today: dt.date, revealed: bool = False) -> tuple[SchoolRow, ...]:
    """Every school with its counts; a hidden plan is not counted unless revealed."""
    with ws.read() as s:
        visits = dict(s.execute(
            sa.select(Visit.school_id, sa.func.count())
            .where(Visit.deleted.is_(False), shown_visit(today, revealed)).group_by(Visit.school_id)).all())
        open_counts: dict[str, int] = defaultdict(int)
        for sid, _status, _deadline in s.execute(
            sa.select(Rectification.school_id, Rectification.status, Rectification.deadline).where(
                Rectification.deleted.is_(False),
                Rectification.status.notin_([RectificationStatus.VERIFIED]),
            )
        ):
            open_counts[sid] += 1
        return tuple(
            SchoolRow(sc.id, sc.code, sc.name, sc.competent_department, sc.district, sc.school_type, sc.is_large,
                      visits.get(sc.id, 0), open_counts.get(sc.id, 0))
            for sc in s.scalars(sa.select(School).where(School.deleted.is_(False)).order_by(School.code))
        )


# ---------------------------------------------------------------- the dossier


@dataclass(frozen=True)
class DossierFinding:
    visit_id: str
    day: dt.date
    category: Category
    severity: Severity
    problem: str
    repeated: bool  # the same kind of problem was found here in another year


@dataclass(frozen=True)
class SchoolDossier:
    school: SchoolRow
    visits: tuple[VisitRow, ...]
    findings: tuple[DossierFinding, ...]
    open_rectifications: tuple[RectificationRow, ...]
    repeated_categories: frozenset[Category] = field(default_factory=frozenset)
    responses: tuple[ResponseRow, ...] = ()


def school_dossier(ws: Workspace, school_id: str, today: dt.date, revealed: bool = False, limit: int = 200) -> SchoolDossier:
    school = next(r for r in school_rows(ws, today, revealed) if r.id == school_id)
    rowid = sa.literal_column("visit.rowid")
    with ws.read() as s:
        keys = s.scalars(
            sa.select(rowid).select_from(Visit.__table__)
            .where(Visit.school_id == school_id, Visit.deleted.is_(False))
            .order_by(Visit.planned_on.desc()).limit(limit)
        ).all()
        found = s.execute(
            sa.select(Finding, Visit.planned_on)
            .join(Visit, Visit.id == Finding.visit_id)
            .where(Visit.school_id == school_id, Finding.deleted.is_(False), Visit.deleted.is_(False))
            .order_by(Visit.planned_on.desc())
            .limit(limit * 5)
        ).all()
        # Counted over the school's whole history, not just the rows shown.
        year = sa.func.strftime("%Y", Visit.planned_on)
        repeated = {
            (cat, ind)
            for cat, ind in s.execute(
                sa.select(Finding.category, Finding.indicator_id)
                .join(Visit, Visit.id == Finding.visit_id)
                .where(Visit.school_id == school_id, Finding.deleted.is_(False), Visit.deleted.is_(False))
                .group_by(Finding.category, Finding.indicator_id)
                .having(sa.func.count(sa.distinct(year)) > 1)
            )
        }
        findings = tuple(
            DossierFinding(f.visit_id, day, f.category, f.severity, f.problem, (f.category, f.indicator_id) in repeated)
            for f, day in found
        )
    # The dossier names the school, so a hidden visit is left out rather than shown hidden.
    rows = visit_rows(ws, keys, today, revealed)
    visible = tuple(rows[k] for k in keys if k in rows and not rows[k].hidden)
    return SchoolDossier(
        school=school,
        visits=visible,
        findings=findings,
        open_rectifications=tuple(r for r in rectification_rows(ws, today, school_id) if r.status is not RectificationStatus.VERIFIED),
        repeated_categories=frozenset(k[0] for k in repeated),
        responses=school_responses(ws, school_id, today),
    )
