"""push: exactly once in seq order, field-by-field merge, conflicts told to both
writers, signed forms frozen, and a rejection never blocks the queue."""

from __future__ import annotations

import threading

import pytest

from tests.server.conftest import Inspector, Office, new_id, visit_fields


@pytest.fixture(scope="module")
def team(office: Office):
    a, b = office.inspector(), office.inspector()
    code = office.school()
    school = office.assign(a, code)
    office.assign(b, code)
    return a, b, school


def _visit(a: Inspector, school: str) -> tuple[str, int]:
    vid = new_id()
    result = a.write("visit", vid, visit_fields(school))
    assert result["status"] == "applied"
    return vid, result["version"]


def test_replayed_push_returns_the_stored_results_and_changes_nothing(team):
    a, _b, school = team
    vid = new_id()
    batch = [a.mutation("visit", vid, visit_fields(school)), a.mutation("visit", vid, dict(notes="第一次"), "update", 0)]
    first = a.push(*batch)
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    cursor_before = a.pull_all() and a.cursor
    again = a.push(*batch)
    assert again["results"] == first["results"] and again["applied_seq"] == first["applied_seq"]
    # Same seq, different content: still the stored answer; a seq is used once.
    (forged,) = a.push(dict(batch[1], fields=dict(notes="篡改")))["results"]
    assert forged == first["results"][1]
    a.pull_all()
    assert a.records[vid]["fields"]["notes"] == "第一次" and a.cursor == cursor_before


def test_duplicated_concurrent_pushes_apply_once(team):
    a, _b, school = team
    ids = [new_id() for _ in range(20)]
    batch = [a.mutation("visit", i, visit_fields(school)) for i in ids]
    answers: list[dict] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            answers.append(a.push(*batch))
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert all(ans["results"] == answers[0]["results"] for ans in answers)
    versions = [r["version"] for r in answers[0]["results"]]
    assert len(set(versions)) == 20 and all(r["status"] == "applied" for r in answers[0]["results"])


def test_a_gap_stops_and_nothing_after_it_applies(team):
    a, _b, school = team
    v1, v2 = new_id(), new_id()
    first = a.mutation("visit", v1, visit_fields(school))
    lost = a.mutation("visit_team_member", new_id(), dict(visit_id=v1, inspector_id=a.id, role="leader"))
    third = a.mutation("visit", v2, visit_fields(school))
    answer = a.push(first, third)  # "lost" went missing on the way
    assert answer["gap"] is True and answer["applied_seq"] == first["seq"]
    assert [r["seq"] for r in answer["results"]] == [first["seq"]]
    assert v2 not in a.pull_all()
    resent = a.push(lost, third)
    assert resent["gap"] is False and [r["status"] for r in resent["results"]] == ["applied", "applied"]
    assert v2 in a.pull_all()


def test_different_fields_merge_and_the_same_field_conflicts(team):
    a, b, school = team
    vid, base = _visit(a, school)
    assert b.write("visit", vid, dict(purpose="检查食堂"), "update", base)["status"] == "applied"
    merged = a.write("visit", vid, dict(notes="已到校"), "update", base)
    assert merged["status"] == "applied"
    clash = a.write("visit", vid, dict(purpose="检查宿舍", notes="离校"), "update", base)
    assert clash["status"] == "conflict"
    assert [(c["field"], c["yours"], c["kept"]) for c in clash["conflicts"]] == [("purpose", "检查宿舍", "检查食堂")]
    fields = b.pull_all()[vid]["fields"]
    assert (fields["purpose"], fields["notes"]) == ("检查食堂", "离校")
    told_b = [c for c in b.conflicts if c["entity_id"] == vid]
    assert [(c["field"], c["kept_by"], c["lost_by"], c["lost"]) for c in told_b] == [("purpose", b.id, a.id, "检查宿舍")]
    a.pull_all()
    assert any(c["entity_id"] == vid for c in a.conflicts)


def test_signed_forms_are_frozen_and_rejections_do_not_block(team):
    a, b, school = team
    vid, _ = _visit(a, school)
    form, req = new_id(), new_id()
    assert a.write("feedback_form", form, dict(visit_id=vid, number="A-2026-0001", summary="草稿"))["status"] == "applied"
    requirement = dict(form_id=form, ordinal=1, text="疏通消防通道", deadline="2026-12-31", responsible_party="校长")
    assert a.write("requirement", req, requirement)["status"] == "applied"
    signed = a.write("feedback_form", form, dict(status="signed", digest="ab" * 32, signed_at="2026-11-22T10:00:00"), "update", 0)
    assert signed["status"] == "applied"
    answer = b.push(
        b.mutation("feedback_form", form, dict(summary="改过"), "update", signed["version"]),
        b.mutation("requirement", req, dict(text="改过"), "update", signed["version"]),
        b.mutation("signature", new_id(), dict(form_id=form, role="inspector", signer_name="冒名")),
        b.mutation("feedback_form", form, {}, "delete", signed["version"]),
        b.mutation("visit", new_id(), visit_fields(school)),  # the queue goes on after four refusals
    )
    assert [(r["status"], r["code"]) for r in answer["results"]] == [("rejected", "form.locked")] * 4 + [("applied", "")]
    issued = a.write("feedback_form", form, dict(status="issued", issued_at="2026-11-23T09:00:00"), "update", signed["version"])
    assert issued["status"] == "applied"
    back = a.write("feedback_form", form, dict(status="draft"), "update", issued["version"])
    assert back["code"] == "form.locked"
    assert a.pull_all()[form]["fields"]["summary"] == "草稿"


@pytest.mark.parametrize(
    "entity, fields, code",
    [
        ("no_such_table", {}, "record.unknown_entity"),
        ("visit", {"colour": "red"}, "record.unknown_field"),
        ("visit", {"notice": "whispered"}, "record.bad_choice"),
        ("visit", {"planned_on": "yesterday"}, "record.bad_value"),
        ("visit", {"notice": "announced"}, "record.missing_field"),
    ],
)
def test_bad_mutations_are_answered_with_a_code(team, entity, fields, code):
    a, _b, school = team
    full = dict(visit_fields(school), **fields) if entity == "visit" and code != "record.missing_field" else fields
    r = a.write(entity, new_id(), full)
    assert (r["status"], r["code"]) == ("rejected", code)


def test_push_needs_the_workspace_the_token_was_issued_to(team):
    a, b, _ = team
    r = a.http.post("/sync/push", json=dict(client_id=b.client_id, mutations=[]))
    assert r.status_code == 403 and r.json()["code"] == "client.mismatch"
