"""双随机: a draw of schools (and inspectors) from a stored seed, the visit plans
it makes, the list of past draws, and the audit that re-runs one.

The draw itself is in ``domain/random_pick.py``. A draw is stored and its visits
planned in one transaction: a draw that was not stored could be re-drawn until
liked, and plans without their draw could not be checked. Everything the draw
depended on (seed, candidates, counts, who could not inspect which school) is
stored with it, so anyone holding the record can re-run it and compare.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError, Notice, Planning, Scope, Stage, TeamRole, VisitStatus, random_pick
from inspector_desktop.store.checks import live, required
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.edits import add_visit
from inspector_desktop.store.models import Inspector, RandomPick, School, SchoolAssignment, Visit
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.store.roles import require_lead

PICK_ALGORITHM = "random.Random(seed).sample/sorted-candidates/v1"


@dataclass(frozen=True)
class VisitPlan:
    """How the drawn schools are to be visited."""

    planned_on: dt.date
    notice: Notice = Notice.UNANNOUNCED  # 双随机 checks are usually unannounced (暗访)
    scope: Scope = Scope.SPECIAL
    stage: Stage = Stage.PROCESS
    template_id: str | None = None


@dataclass(frozen=True)
class PickRecord:
    id: str
    seed: str
    made_on: dt.date
    made_by: str
    school_ids: tuple[str, ...]
    inspectors: Mapping[str, tuple[str, ...]]
    visits: Mapping[str, str]  # picked school -> the visit planned for it


def run_random_pick(
    ws: Workspace,
    made_on: dt.date,
    made_by: str,
    school_count: int,
    purpose: str = "",
    school_ids: Sequence[str] | None = None,
    inspector_ids: Sequence[str] = (),
    inspectors_per_school: int = 0,
    avoid_own_schools: bool = True,
    seed: str | None = None,
    actor_id: str | None = None,
    plan: VisitPlan | None = None,
) -> PickRecord:
    """Draw, store the draw and plan a visit to each picked school, in one step.

    Drawn inspectors make the team (the first drawn leads). A draw of schools only
    sends each school's responsible inspectors (责任督学), or, for a school with
    none, the lead who draws.
    """
    require_lead(ws, "random_pick.lead_only")
    made_by = required(made_by, "random_pick.made_by_required")
    seed = seed or random_pick.new_seed()
    plan = plan or VisitPlan(planned_on=made_on)
    drawer = actor_id or current_inspector_id(ws)
    with ws.write(actor_id=actor_id) as s:
        pool = sorted(set(school_ids if school_ids is not None else
                          s.scalars(sa.select(School.id).where(School.deleted.is_(False)))))
        responsible = _responsible(s, made_on)
        conflicts = responsible if inspectors_per_school and avoid_own_schools else {}
        rule = {
            "algorithm": PICK_ALGORITHM,
            "school_count": school_count,
            "inspectors_per_school": inspectors_per_school,
            "inspector_candidates": sorted(set(inspector_ids)),
            "conflicts": {k: sorted(v) for k, v in sorted(conflicts.items())},
            # Kept with the draw so the record says how the plans were made.
            "visits": {"planned_on": plan.planned_on.isoformat(), "notice": plan.notice.value,
                       "scope": plan.scope.value, "stage": plan.stage.value},
        }
        result = _draw(seed, pool, rule)
        visits = {}
        for sid in result.school_ids:
            team = _team(sid, result.inspectors.get(sid, ()), responsible.get(sid, ()), drawer)
            visits[sid] = add_visit(s, sid, plan.planned_on, plan.scope, plan.stage, Planning.RANDOM, plan.notice,
                                    plan.template_id, team, purpose)
        row = RandomPick(made_on=made_on, made_by=made_by, purpose=purpose, seed=seed, rule=rule,
                         candidates=pool, picked=_picked_json(result, visits))
        s.add(row)
        s.flush()
        return PickRecord(row.id, seed, made_on, made_by, result.school_ids, result.inspectors, visits)


def _responsible(s: Session, day: dt.date) -> dict[str, list[str]]:
    """Each school's responsible inspectors on ``day``, by inspector code."""
    out: dict[str, list[str]] = {}
    for school, inspector in s.execute(
        sa.select(SchoolAssignment.school_id, SchoolAssignment.inspector_id)
        .join(Inspector, Inspector.id == SchoolAssignment.inspector_id)
        .where(SchoolAssignment.deleted.is_(False), SchoolAssignment.since <= day,
               sa.or_(SchoolAssignment.until.is_(None), SchoolAssignment.until >= day))
        .order_by(Inspector.code)):
        if inspector not in out.setdefault(school, []):
            out[school].append(inspector)
    return out


def _team(school_id: str, drawn: Sequence[str], responsible: Sequence[str], drawer: str | None) -> list[tuple[str, TeamRole]]:
    people = list(drawn) or list(responsible) or ([drawer] if drawer else [])
    if not people:
        raise DomainError("random_pick.no_team", school=school_id)
    return [(i, TeamRole.LEADER if n == 0 else TeamRole.MEMBER) for n, i in enumerate(people)]


def _draw(seed: str, candidates: list[str], rule: Mapping[str, Any]) -> random_pick.Draw:
    return random_pick.draw(
        seed, candidates, rule["school_count"], rule["inspector_candidates"], rule["inspectors_per_school"],
        {k: frozenset(v) for k, v in rule["conflicts"].items()},
    )


def _picked_json(result: random_pick.Draw, visits: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"school_id": sid, "inspector_ids": list(result.inspectors.get(sid, ())), "visit_id": visits.get(sid)}
            for sid in result.school_ids]


def _drawn_part(picked: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    # What the seed decides; the visits planned afterwards are not part of the draw.
    return [(p.get("school_id"), list(p.get("inspector_ids") or ())) for p in picked]


# ---------------------------------------------------------------- audit


def audit_draw(seed: str, candidates: Sequence[str], rule: Mapping[str, Any], picked: Sequence[Mapping[str, Any]]) -> bool:
    """Re-run a draw from its inputs: True if it gives the stored schools and inspectors.
    Needs nothing but the record, so anyone holding it can check it."""
    try:
        again = _draw(seed, list(candidates), rule)
    except (DomainError, KeyError, TypeError, ValueError):
        return False  # inputs that cannot even be drawn from cannot have given this result
    return _drawn_part(_picked_json(again, {})) == _drawn_part(picked)


def audit_random_pick(ws: Workspace, pick_id: str) -> bool:
    """Re-run a stored draw from its seed and candidates: True if it gives the stored result."""
    with ws.read() as s:
        row = live(s, RandomPick, pick_id)
        seed, candidates, rule, picked = row.seed, list(row.candidates), dict(row.rule), list(row.picked)
    return audit_draw(seed, candidates, rule, picked)


# ---------------------------------------------------------------- past draws


@dataclass(frozen=True)
class DrawRow:
    id: str
    made_on: dt.date
    made_by: str
    purpose: str
    seed: str
    schools: int
    visits: int  # visit plans the draw made (0 for a draw stored before draws made plans)


@dataclass(frozen=True)
class PickedSchool:
    school_id: str
    school_name: str
    inspectors: tuple[str, ...]  # names, in the order drawn
    visit_id: str | None
    planned_on: dt.date | None
    notice: Notice | None
    status: VisitStatus | None


@dataclass(frozen=True)
class DrawDetail:
    row: DrawRow
    candidates: tuple[str, ...]  # school names, in the order drawn from
    inspector_candidates: tuple[str, ...]  # names
    inspectors_per_school: int
    picks: tuple[PickedSchool, ...]


def _row(r: RandomPick) -> DrawRow:
    picked = list(r.picked or ())
    return DrawRow(r.id, r.made_on, r.made_by, r.purpose, r.seed, len(picked),
                   sum(1 for p in picked if isinstance(p, dict) and p.get("visit_id")))


def past_draws(ws: Workspace) -> tuple[DrawRow, ...]:
    """Every stored draw, newest first."""
    with ws.read() as s:
        return tuple(_row(r) for r in s.scalars(
            sa.select(RandomPick).where(RandomPick.deleted.is_(False))
            .order_by(RandomPick.made_on.desc(), RandomPick.created_at.desc())))


def draw_detail(ws: Workspace, pick_id: str) -> DrawDetail:
    """One draw as a lead opens it: inputs, picks and the visits planned from them."""
    with ws.read() as s:
        r = live(s, RandomPick, pick_id)
        picked = [p for p in r.picked or () if isinstance(p, dict)]
        staff = list(r.rule.get("inspector_candidates") or ())
        schools = dict(s.execute(sa.select(School.id, School.name).where(
            School.id.in_(set(r.candidates) | {p.get("school_id") for p in picked}))).all())
        names = dict(s.execute(sa.select(Inspector.id, Inspector.name).where(
            Inspector.id.in_(set(staff) | {i for p in picked for i in p.get("inspector_ids") or ()}))).all())
        visits = {v.id: v for v in s.scalars(sa.select(Visit).where(
            Visit.id.in_([p["visit_id"] for p in picked if p.get("visit_id")])))}
        picks = []
        for p in picked:
            v = visits.get(p.get("visit_id") or "")
            picks.append(PickedSchool(
                p.get("school_id", ""), schools.get(p.get("school_id"), p.get("school_id", "")),
                tuple(names.get(i, i) for i in p.get("inspector_ids") or ()),
                v.id if v else None, v.planned_on if v else None, v.notice if v else None, v.status if v else None))
        return DrawDetail(_row(r), tuple(schools.get(c, c) for c in r.candidates),
                          tuple(names.get(i, i) for i in staff), int(r.rule.get("inspectors_per_school") or 0),
                          tuple(picks))
