"""双随机: a draw is stored with its seed, re-runs from it, and a tampered result fails the audit."""

from __future__ import annotations

import datetime as dt

from inspector_desktop.store import random_picks
from inspector_desktop.store.models import Inspector, RandomPick, School
from tests.unit.test_rectifications import build_case


def test_random_pick_is_stored_with_its_seed_and_audits(workspace):
    case = build_case(workspace, school_code="R-000")
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
