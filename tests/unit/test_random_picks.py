"""双随机: a draw is stored with its seed and plans its visits, re-runs from it, is listed, and a
tampered result fails the audit."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import DomainError, Notice, Planning, VisitStatus
from inspector_desktop.store import random_picks, roles
from inspector_desktop.store.models import Inspector, RandomPick, School, Visit
from tests.unit.test_rectifications import build_case


def test_random_pick_is_stored_with_its_seed_and_audits(workspace):
    case = build_case(workspace, school_code="R-000")
    roles.set_roles(workspace, [roles.LEAD])
    with workspace.write() as s:
        extra = [Inspector(code=f"DX9{i}", name=f"督学{i}") for i in range(3)]
        s.add_all(extra)
        s.flush()
        staff = [case.inspector, *[i.id for i in extra]]
        more = [School(code=f"P{i}", name=f"学校{i}", competent_department="局") for i in range(6)]
        s.add_all(more)
        s.flush()
    pick = random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 3, purpose="第四季度随机督导",
                                        inspector_ids=staff, inspectors_per_school=2, actor_id=case.lead)
    assert len(pick.school_ids) == 3 and all(len(t) == 2 for t in pick.inspectors.values())
    if case.school in pick.inspectors:
        assert case.inspector not in pick.inspectors[case.school]
    assert random_picks.audit_random_pick(workspace, pick.id)
    again = random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 3, inspector_ids=staff,
                                         inspectors_per_school=2, seed=pick.seed)
    assert (again.school_ids, again.inspectors) == (pick.school_ids, pick.inspectors)
    # Tampering with the stored result is caught by the audit.
    with workspace.write() as s:
        row = s.get(RandomPick, pick.id)
        row.picked = list(reversed(row.picked))
    assert not random_picks.audit_random_pick(workspace, pick.id)


def _staffed(workspace, n_schools=5):
    """A lead's laptop with inspectors and schools; the first school has a responsible inspector."""
    case = build_case(workspace, school_code="R-100")
    roles.set_roles(workspace, [roles.LEAD])
    with workspace.write() as s:
        extra = [Inspector(code=f"DX8{i}", name=f"督学{i}") for i in range(3)]
        s.add_all(extra)
        more = [School(code=f"Q{i}", name=f"学校{i}", competent_department="局") for i in range(n_schools)]
        s.add_all(more)
        s.flush()
        return case, [case.inspector, *[i.id for i in extra]]


def _visits(workspace, ids):
    with workspace.read() as s:
        rows = s.scalars(sa.select(Visit).where(Visit.id.in_(list(ids)))).all()
        return {v.id: (v.school_id, v.planning, v.notice, v.planned_on, v.status,
                       sorted((m.role.value, m.inspector_id) for m in v.team)) for v in rows}


def test_a_draw_plans_its_visits_with_their_teams_in_the_same_step(workspace):
    case, staff = _staffed(workspace)
    plan = random_picks.VisitPlan(planned_on=dt.date(2026, 12, 8), notice=Notice.UNANNOUNCED)
    pick = random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 3, purpose="第四季度双随机",
                                        inspector_ids=staff, inspectors_per_school=2, plan=plan)
    assert set(pick.visits) == set(pick.school_ids)
    visits = _visits(workspace, pick.visits.values())
    for sid in pick.school_ids:
        school, planning, notice, day, status, team = visits[pick.visits[sid]]
        drawn = pick.inspectors[sid]
        assert (school, planning, notice, day, status) == (sid, Planning.RANDOM, Notice.UNANNOUNCED, dt.date(2026, 12, 8),
                                                            VisitStatus.PLANNED)
        assert team == sorted([("leader", drawn[0]), ("member", drawn[1])])  # the first drawn leads
    # Listed, openable, and the audit re-runs it.
    [row] = random_picks.past_draws(workspace)
    assert (row.id, row.seed, row.purpose, row.schools, row.visits) == (pick.id, pick.seed, "第四季度双随机", 3, 3)
    detail = random_picks.draw_detail(workspace, pick.id)
    assert [p.visit_id for p in detail.picks] == [pick.visits[s] for s in pick.school_ids]
    assert all(p.notice is Notice.UNANNOUNCED and p.planned_on == dt.date(2026, 12, 8) for p in detail.picks)
    assert len(detail.candidates) == 6 and detail.inspectors_per_school == 2 and "督学0" in detail.inspector_candidates
    assert random_picks.audit_random_pick(workspace, pick.id)
    # Anyone holding the record checks it from the record alone.
    with workspace.read() as s:
        r = s.get(RandomPick, pick.id)
        assert random_picks.audit_draw(r.seed, r.candidates, r.rule, r.picked)
        assert not random_picks.audit_draw("another seed", r.candidates, r.rule, r.picked)
        # Everything the draw was made of is in the record, so it needs nothing else to re-run.
        assert r.rule["visits"] == {"planned_on": "2026-12-08", "notice": "unannounced", "scope": "special",
                                    "stage": "process"}


def test_a_draw_of_schools_only_sends_their_responsible_inspectors_or_the_lead(workspace):
    case, _staff = _staffed(workspace, n_schools=1)
    pick = random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 2, actor_id=case.lead,
                                        plan=random_picks.VisitPlan(dt.date(2026, 12, 1), notice=Notice.ANNOUNCED))
    teams = {sid: _visits(workspace, [vid])[vid][5] for sid, vid in pick.visits.items()}
    assert teams[case.school] == [("leader", case.inspector)]  # 责任督学
    [other] = set(pick.school_ids) - {case.school}
    assert teams[other] == [("leader", case.lead)]  # a school with none: the lead who draws


def test_a_refused_draw_plans_nothing_and_only_a_lead_draws(workspace):
    _case, staff = _staffed(workspace)
    with workspace.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Visit))
    with pytest.raises(DomainError, match="random_pick.too_few_inspectors"):
        random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 3, inspector_ids=staff[:1],
                                     inspectors_per_school=2)
    roles.set_roles(workspace, [roles.INSPECTOR])
    with pytest.raises(DomainError, match="random_pick.lead_only"):
        random_picks.run_random_pick(workspace, dt.date(2026, 11, 22), "王建国", 1)
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Visit)) == before
        assert s.scalar(sa.select(sa.func.count()).select_from(RandomPick)) == 0
