"""Everyday situations that used to stop sync for good, replayed with real laptops
(real workspaces, the real engine) against the real server on 127.0.0.1, over
SQLite and PostgreSQL. Each ends with every laptop able to sync, and converged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Rating, Scope, Stage, TeamRole
from inspector_desktop.server import admin
from inspector_desktop.server.db import open_database
from inspector_desktop.store import open_workspace
from inspector_desktop.store.edits import add_school, create_visit, set_indicator_result, start_profile
from inspector_desktop.store.models import ChecklistTemplate, Indicator, Inspector, School, Visit
from inspector_desktop.store.bookkeeping import SetAside, SyncConflict
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Inspector as HttpLaptop, db_url  # noqa: F401 - sqlite and postgres
from tests.server.conftest import new_id, visit_fields
from tests.sync.conftest import Laptop, _Named

SHARED = ("inspector", "school", "visit", "visit_team_member", "indicator_result", "finding")


@pytest.fixture(scope="module")
def engine(db_url: str):  # noqa: F811 - the server's database, both kinds
    e = open_database(db_url)
    yield e
    e.dispose()


def _laptop(root: Path, server, username: str) -> Laptop:
    return Laptop(root, server.url, username)


def _plan(ws, school_id: str, team: list[tuple[str, TeamRole]], notice: Notice = Notice.ANNOUNCED) -> str:
    with ws.read() as s:
        template = s.scalars(sa.select(ChecklistTemplate.id)).first()
    return create_visit(ws, school_id, dt.date(2026, 12, 3), Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                        notice, template, team)


def _first_indicator(ws) -> str:
    with ws.read() as s:
        return s.scalars(sa.select(Indicator.id).order_by(Indicator.ordinal)).first()


def _converged(*laptops: Laptop) -> None:
    """Every record two laptops both hold is the same on both; nothing waits aside."""
    for entity in SHARED:
        copies = [lap.rows(entity) for lap in laptops]
        for a in copies:
            for b in copies:
                for record_id in a.keys() & b.keys():
                    assert a[record_id] == b[record_id], (entity, record_id)
    for lap in laptops:
        with lap.ws.read() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(SetAside)) == 0


def test_two_team_members_rate_the_same_checklist_line_offline(office, server, tmp_path):
    code = office.school()
    names = [office.user()[0] for _ in range(2)]
    for name in names:
        office.assign(_Named(name), code)
    a, b = (_laptop(tmp_path / n, server, n) for n in names)
    try:
        a.sync()
        visit = _plan(a.ws, admin.school_id(code), [(a.account_id, TeamRole.LEADER), (b.account_id, TeamRole.MEMBER)])
        a.sync(), b.sync()
        line = _first_indicator(a.ws)
        # Both offline, both rate the same line, each making its own record.
        set_indicator_result(a.ws, visit, line, rating=Rating.GOOD, observation="食堂整洁")
        set_indicator_result(b.ws, visit, line, rating=Rating.NEEDS_IMPROVEMENT, observation="留样不足")
        for lap in (a, b, a, b):
            lap.sync()  # never raises: no laptop is stopped
        rows_a, rows_b = a.rows("indicator_result"), b.rows("indicator_result")
        assert len(rows_a) == len(rows_b) == 1 and rows_a.keys() == rows_b.keys()
        (only,) = rows_a.values()
        assert (only["rating"], only["observation"]) == ("good", "食堂整洁")  # the first to arrive is kept
        with b.ws.read() as s:  # … and the second is told, field by field
            lost = {c.field for c in s.scalars(sa.select(SyncConflict)) if c.mine_lost}
        assert lost == {"rating", "observation"}
        _converged(a, b)
    finally:
        a.close(), b.close()


def test_a_colleague_on_a_team_at_a_school_they_are_not_responsible_for(office, server, tmp_path):
    code = office.school()
    responsible, guest = office.user()[0], office.user()[0]
    office.assign(_Named(responsible), code)
    a, g = _laptop(tmp_path / "a", server, responsible), _laptop(tmp_path / "g", server, guest)
    try:
        a.sync()
        visit = _plan(a.ws, admin.school_id(code), [(a.account_id, TeamRole.LEADER), (g.account_id, TeamRole.MEMBER)])
        a.sync()
        g.sync()  # used to fail: the visit came without its school
        with g.ws.read() as s:
            assert s.get(Visit, visit).school_id == admin.school_id(code)
            assert s.get(School, admin.school_id(code)) is not None
        set_indicator_result(g.ws, visit, _first_indicator(g.ws), observation="客座督学的观察")
        g.sync(), a.sync()
        _converged(a, g)
    finally:
        a.close(), g.close()


def test_a_lead_sees_colleagues_of_another_region_on_teams_and_assignments_in_theirs(office, server, tmp_path):
    code = office.school(district="滨江区")
    lead = office.user(Role.LEAD, region="滨江区")[0]
    local, visitor, lent = office.user(region="滨江区")[0], office.user(region="萧山区")[0], office.user(region="萧山区")[0]
    office.assign(_Named(local), code)
    office.assign(_Named(lent), code)  # an inspector of another region responsible for a school here
    a = _laptop(tmp_path / "a", server, local)
    v = _laptop(tmp_path / "v", server, visitor)
    chief = _laptop(tmp_path / "lead", server, lead)
    try:
        a.sync()
        visit = _plan(a.ws, admin.school_id(code), [(a.account_id, TeamRole.LEADER), (v.account_id, TeamRole.MEMBER)])
        a.sync()
        chief.sync()  # used to fail: the team named an inspector the lead could not see
        with chief.ws.read() as s:
            assert s.get(Visit, visit) is not None
            assert s.get(Inspector, v.account_id).region == "萧山区"
        v.sync(), a.sync(), chief.sync()
        _converged(a, v, chief)
    finally:
        a.close(), v.close(), chief.close()


def test_a_workspace_begun_empty_binds_to_the_offices_records_at_first_sign_in(office, server, tmp_path):
    code = office.school()
    username, account_id = office.user()
    office.assign(_Named(username), code)
    inspector_code = username.upper()  # the office's code for this inspector
    root = tmp_path / "empty"
    ws = open_workspace(root)
    me = start_profile(ws, "王督学", inspector_code)
    school = add_school(ws, code, "本地录入的学校名", "县教育局", "西湖区")
    visit = _plan(ws, school, [(me, TeamRole.LEADER)])
    set_indicator_result(ws, visit, _first_indicator(ws), rating=Rating.GOOD, observation="离线时的记录")
    ws.close()

    lap = _laptop(root, server, username)
    try:
        lap.sync()
        lap.sync()  # used to fail for ever: UNIQUE constraint failed: inspector.code
        with lap.ws.read() as s:
            (mine,) = s.scalars(sa.select(Inspector).where(Inspector.code == inspector_code)).all()
            assert mine.id == account_id  # the laptop's profile is the office's record now
            (ours,) = s.scalars(sa.select(School).where(School.code == code)).all()
            assert ours.id == admin.school_id(code)
            kept = s.get(Visit, visit)
            assert kept.school_id == ours.id and {m.inspector_id for m in kept.team} == {account_id}
        assert current_inspector_id(lap.ws) == account_id
        # Nothing the inspector did offline was refused or lost.
        other = HttpLaptop(server.url, username, account_id)
        pulled = other.pull_all()
        assert pulled[visit]["fields"]["school_id"] == admin.school_id(code)
        results = [r for r in pulled.values() if r["entity"] == "indicator_result"]
        assert [r["fields"]["observation"] for r in results] == ["离线时的记录"]
        from inspector_desktop.store.bookkeeping import OutboxEntry

        with lap.ws.read() as s:
            assert s.scalars(sa.select(OutboxEntry.result).where(OutboxEntry.state == "rejected")).all() == []
        _converged(lap)
    finally:
        lap.close()


HOSTILE = [
    ("signature", "strokes", json.loads("[" * 300 + "]" * 300), "record.too_deep"),
    ("signature", "strokes", [[[1, 2, 3, float("inf")]]], "record.out_of_range"),
    ("attachment", "size", 2**70, "record.out_of_range"),
    ("attachment", "size", -5, "record.out_of_range"),
    ("finding", "indicator_id", "0b3e6c5e-1111-4a4e-9d55-1b0f3c9e2a71", "record.bad_reference"),
    ("finding", "visit_id", "0b3e6c5e-2222-4a4e-9d55-1b0f3c9e2a71", "record.parent_unknown"),
    ("finding", "problem", "x" * 200_001, "record.too_large"),
    ("finding", "problem", "有\x00空字符", "record.bad_text"),
    ("finding", "problem", "\ud83d", "record.bad_text"),
    ("visit", "planned_on", "9999-12-31", "record.out_of_range"),
]


@pytest.mark.parametrize("entity, name, value, code", HOSTILE, ids=[f"{e}.{n}:{c}" for e, n, _v, c in HOSTILE])
def test_the_server_refuses_what_a_laptop_could_not_store_and_the_queue_flows(office, entity, name, value, code):
    inspector = office.inspector()
    school = office.assign(inspector, office.school())
    visit, form, finding = new_id(), new_id(), new_id()
    setup = [
        inspector.mutation("visit", visit, visit_fields(school)),
        inspector.mutation("feedback_form", form, dict(visit_id=visit, number=f"{inspector.username}-1")),
    ]
    good = dict(
        signature=dict(form_id=form, role="inspector", signer_name="王", strokes=[[[1, 2, 3, 4]]]),
        attachment=dict(sha256="a" * 64, filename="a.jpg", size=10, visit_id=visit),
        finding=dict(visit_id=visit, category="safety", severity="minor", problem="消防通道堵塞"),
        visit=visit_fields(school),
    )[entity]
    bad_id = new_id()
    hostile = inspector.mutation(entity, bad_id, dict(good, **{name: value}))
    after = inspector.mutation("finding", finding, dict(visit_id=visit, category="safety", severity="minor", problem="之后的记录"))
    body = json.dumps(dict(client_id=inspector.client_id, mutations=[*setup, hostile, after]), allow_nan=True)
    answer = inspector.http.post("/sync/push", content=body.encode(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    results = {r["seq"]: r for r in answer.json()["results"]}
    refused = results[hostile["seq"]]
    assert (refused["status"], refused["code"], refused["field"]) == ("rejected", code, name)
    assert results[after["seq"]]["status"] == "applied"  # the queue kept flowing
    pulled = inspector.pull_all()
    assert bad_id not in pulled and finding in pulled  # a visible refusal, never a stored row
