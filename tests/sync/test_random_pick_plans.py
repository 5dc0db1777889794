"""A 双随机 draw becomes plans, with real laptops against the real server: the lead's
draw plans its visits with their teams, they reach the team members' laptops
(and no one else's, being unannounced), and the draw re-checks on the lead's
laptop and on another lead's, from the record alone."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, TeamRole
from inspector_desktop.server import admin
from inspector_desktop.store import choices, open_workspace, random_picks
from inspector_desktop.store.models import RandomPick, School, Visit, VisitTeamMember
from inspector_desktop.sync import account
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import PASSWORD
from tests.sync.conftest import Laptop, _Named

REGION = "西湖区"


def test_a_draw_plans_visits_that_reach_their_teams_and_audits_anywhere(office, server, tmp_path, no_keyring):
    codes = [office.school(district=REGION) for _ in range(4)]
    schools = [admin.school_id(c) for c in codes]
    staff = [office.user(region=REGION) for _ in range(4)]
    for (name, _id), code in zip(staff, codes):
        office.assign(_Named(name), code)  # each responsible for one school: never drawn for it
    lead, other_lead = office.user(Role.LEAD, region=REGION)[0], office.user(Role.LEAD, region=REGION)[0]
    chief, second = open_workspace(tmp_path / "chief"), open_workspace(tmp_path / "second")
    laptops = [Laptop(tmp_path / name, server.url, name) for name, _id in staff]
    try:
        account.login(chief, server.url, lead, PASSWORD)
        account.sync_now(chief)
        template = choices.templates(chief)[0].id
        pick = random_picks.run_random_pick(
            chief, dt.date(2026, 11, 22), "王建国", 2, purpose="第四季度双随机", school_ids=schools,
            inspector_ids=[i for _n, i in staff], inspectors_per_school=2,
            plan=random_picks.VisitPlan(dt.date(2026, 12, 9), notice=Notice.UNANNOUNCED, template_id=template))
        assert account.sync_now(chief).rejected == 0

        for lap in laptops:
            lap.sync()
        for lap, (_name, me) in zip(laptops, staff):
            with lap.ws.read() as s:
                mine = {v.id: v for v in s.scalars(sa.select(Visit).where(Visit.id.in_(list(pick.visits.values()))))}
                expected = {pick.visits[sid] for sid in pick.school_ids if me in pick.inspectors[sid]}
                assert set(mine) == expected, "an unannounced plan reaches its team and no one else"
                for vid, v in mine.items():
                    sid = v.school_id
                    assert (v.planning, v.notice, v.planned_on, v.template_id) == (
                        Planning.RANDOM, Notice.UNANNOUNCED, dt.date(2026, 12, 9), template)
                    assert pick.visits[sid] == vid and s.get(School, sid) is not None
                    team = {m.inspector_id: m.role for m in s.scalars(
                        sa.select(VisitTeamMember).where(VisitTeamMember.visit_id == vid))}
                    leader, member = pick.inspectors[sid]
                    assert team == {leader: TeamRole.LEADER, member: TeamRole.MEMBER}
                # The draw itself is the office's: it does not reach an inspector's laptop.
                assert s.scalar(sa.select(sa.func.count()).select_from(RandomPick)) == 0

        # Re-checked later on the lead's laptop, and by another lead from the server's copy.
        assert random_picks.audit_random_pick(chief, pick.id)
        account.login(second, server.url, other_lead, PASSWORD)
        account.sync_now(second)
        [row] = [r for r in random_picks.past_draws(second) if r.id == pick.id]
        assert (row.seed, row.schools, row.visits) == (pick.seed, 2, 2)
        assert random_picks.audit_random_pick(second, pick.id)
        detail = random_picks.draw_detail(second, pick.id)
        assert [p.visit_id for p in detail.picks] == [pick.visits[s] for s in pick.school_ids]
    finally:
        for lap in laptops:
            lap.close()
        chief.close(), second.close()
