"""A push's mutations applied together (server/batch.py) answer exactly as one by
one would: a refusal refuses only its own mutation, later ones see earlier ones,
a replay is exactly once, and what the run cannot decide is applied in its place."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from inspector_desktop.server import tables as t
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Inspector, Office, new_id, visit_fields


@pytest.fixture(scope="module")
def laptop(office: Office) -> tuple[Inspector, str]:
    a = office.inspector()
    return a, office.assign(a, office.school())


def finding(visit_id: str, problem: str = "消防通道堆放杂物") -> dict:
    return dict(visit_id=visit_id, category="safety", severity="moderate", problem=problem)


def stored(engine: sa.Engine, *ids: str) -> dict[str, sa.Row]:
    with engine.connect() as conn:
        return {r.id: r for r in conn.execute(sa.select(t.record).where(t.record.c.id.in_(ids)))}


def changes(engine: sa.Engine, record_id: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(t.record_change.c.action).where(t.record_change.c.record_id == record_id)
                                 .order_by(t.record_change.c.version)).scalars())


def test_a_refused_mutation_refuses_only_itself_and_the_rest_of_the_batch_lands(laptop, engine):
    a, school = laptop
    visit, good, orphan, bad_value, after = new_id(), new_id(), new_id(), new_id(), new_id()
    answer = a.push(
        a.mutation("visit", visit, visit_fields(school)),
        a.mutation("finding", good, finding(visit)),  # hangs on the visit inserted just before it
        a.mutation("finding", orphan, finding(new_id())),
        a.mutation("finding", bad_value, dict(finding(visit), severity="apocalyptic")),
        a.mutation("visit", visit, dict(notes="食堂已查"), "update", 0),
        a.mutation("finding", after, finding(visit, "安全出口标识缺失")),
    )
    got = [(r["status"], r["code"]) for r in answer["results"]]
    assert got[:2] == [("applied", ""), ("applied", "")]
    assert got[2] == ("rejected", "record.parent_unknown") and got[3][0] == "rejected"
    assert got[4:] == [("applied", ""), ("applied", "")]
    assert answer["applied_seq"] == a.seq and not answer["gap"]
    rows = stored(engine, visit, good, orphan, bad_value, after)
    assert set(rows) == {visit, good, after}
    assert json.loads(rows[visit].fields)["notes"] == "食堂已查"
    # The visit's two changes, each with its own version, the second one stored.
    assert changes(engine, visit) == ["insert", "update"]
    assert rows[visit].version == answer["results"][4]["version"] > answer["results"][0]["version"]
    held = a.pull_all()
    assert {visit, good, after} <= set(held) and orphan not in held and bad_value not in held


def test_a_replayed_batch_is_applied_exactly_once(laptop, engine):
    a, school = laptop
    visit, ids = new_id(), [new_id() for _ in range(5)]
    batch = [a.mutation("visit", visit, visit_fields(school))]
    batch += [a.mutation("finding", i, finding(visit, f"第{n}条")) for n, i in enumerate(ids)]
    batch.append(a.mutation("visit", visit, dict(notes="一次"), "update", 0))
    first = a.push(*batch)
    assert all(r["status"] == "applied" for r in first["results"])
    again = a.push(*batch)
    assert again == first
    # Replayed with the next mutation: the stored answers, then the new one applied once.
    extra = a.mutation("finding", new_id(), finding(visit, "新的一条"))
    third = a.push(*batch, extra)
    assert third["results"][:-1] == first["results"] and third["results"][-1]["status"] == "applied"
    assert changes(engine, visit) == ["insert", "update"]
    assert all(changes(engine, i) == ["insert"] for i in ids)


def test_what_a_run_leaves_is_applied_in_its_place_in_order(office: Office, laptop, engine):
    """A team member (it changes who sees what) and a second copy of one natural key
    (a merge) between ordinary mutations: each answered as on its own."""
    a, school = laptop
    colleague = office.inspector()
    with engine.connect() as conn:
        indicator = conn.execute(sa.select(t.record.c.id).where(t.record.c.entity == "indicator").limit(1)).scalar_one()
    visit, line, copy, member, after = new_id(), new_id(), new_id(), new_id(), new_id()
    answer = a.push(
        a.mutation("visit", visit, visit_fields(school)),
        a.mutation("indicator_result", line, dict(visit_id=visit, indicator_id=indicator, rating="good")),
        a.mutation("visit_team_member", member, dict(visit_id=visit, inspector_id=colleague.id, role="member")),
        a.mutation("indicator_result", copy, dict(visit_id=visit, indicator_id=indicator, observation="留样不足")),
        a.mutation("finding", after, finding(visit)),
    )
    results = answer["results"]
    assert [r["status"] for r in results] == ["applied"] * 5
    assert results[3]["merged_into"] == line  # one line per indicator, whoever began it
    assert set(stored(engine, visit, line, copy, member, after)) == {visit, line, member, after}
    # The laptop goes on editing under its own id, which now names the line.
    (edit,) = a.push(a.mutation("indicator_result", copy, dict(observation="已整改"), "update", results[3]["version"]))["results"]
    assert (edit["status"], edit["merged_into"]) == ("applied", line)
    # The new team member's laptop receives the visit and what hangs on it.
    assert {visit, line, after} <= set(colleague.pull_all())


def test_a_run_whose_writer_cannot_read_back_a_record_is_applied_one_by_one(office: Office, engine):
    """A regional lead may write a school into another region, which they then
    cannot read: that one is refused, the schools around it land."""
    lead = office.inspector(Role.LEAD, region="西湖区")
    ids = [new_id() for _ in range(3)]

    def school(i: int, district: str) -> dict:
        return dict(code=f"R{ids[i][:8]}", name=f"学校{i}", competent_department="县教育局", district=district)

    answer = lead.push(*(lead.mutation("school", i, school(n, d)) for n, (i, d) in enumerate(zip(ids, ["西湖区", "上城区", "西湖区"]))))
    assert [(r["status"], r["code"]) for r in answer["results"]] == [
        ("applied", ""), ("rejected", "record.out_of_scope"), ("applied", "")]
    assert set(stored(engine, *ids)) == {ids[0], ids[2]}
    assert changes(engine, ids[1]) == []


def test_a_field_changed_by_another_laptop_is_told_as_a_conflict_inside_a_batch(office: Office, laptop, engine):
    a, school = laptop
    lead = office.inspector(Role.LEAD)  # of the province: may edit any visit
    visit = new_id()
    made = a.write("visit", visit, visit_fields(school))
    assert lead.write("visit", visit, dict(notes="总督学的意见"), "update", made["version"])["status"] == "applied"
    answer = a.push(a.mutation("visit", visit, dict(notes="我的记录", purpose="专项"), "update", made["version"]),
                    a.mutation("finding", new_id(), finding(visit)))
    first, second = answer["results"]
    assert first["status"] == "conflict" and [c["field"] for c in first["conflicts"]] == ["notes"]
    assert second["status"] == "applied"
    a.pull_all()
    assert a.records[visit]["fields"]["notes"] == "总督学的意见" and a.records[visit]["fields"]["purpose"] == "专项"
    assert any(c["entity_id"] == visit and c["field"] == "notes" for c in a.conflicts)


def test_a_push_costs_the_database_the_same_few_statements_however_many_records_it_brings(laptop, engine):
    """Eight laptops pushing at once wait on the statements of each push, not on its records."""
    a, school = laptop
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement)

    counts = []
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        for size in (5, 25):
            sent.clear()
            answer = a.push(*(a.mutation("visit", new_id(), visit_fields(school)) for _ in range(size)))
            assert [r["status"] for r in answer["results"]] == ["applied"] * size
            counts.append(len(sent))
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    assert counts[0] == counts[1]
    if engine.dialect.name == "postgresql":  # the caller, the laptop's turn, the run's reads and writes, and its end as one
        assert counts[1] <= 10, sent
