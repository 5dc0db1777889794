"""Scope: each inspector sees exactly their own part, and an unannounced plan
never shows to anyone outside its team and the leads, through any endpoint."""

from __future__ import annotations

import hashlib

import pytest

from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Office, new_id, visit_fields


@pytest.fixture(scope="module")
def world(office: Office):
    """Two inspectors sharing one school; A plans an unannounced visit there."""
    a, b = office.inspector(), office.inspector()
    code = office.school()
    school = office.assign(a, code)
    office.assign(b, code)
    secret, open_visit = new_id(), new_id()
    assert a.write("visit", secret, visit_fields(school, "unannounced"))["status"] == "applied"
    assert a.write("visit_team_member", new_id(), dict(visit_id=secret, inspector_id=a.id, role="leader"))["status"] == "applied"
    finding = new_id()
    assert a.write("finding", finding, dict(visit_id=secret, category="safety", severity="serious", problem="消防通道堵塞"))["status"] == "applied"
    photo = b"photo of a blocked fire exit"
    sha = hashlib.sha256(photo).hexdigest()
    up = a.http.patch(f"/blobs/{sha}", content=photo, headers={"Upload-Offset": "0", "Upload-Length": str(len(photo))})
    assert up.status_code == 200 and up.json()["complete"], up.text
    attachment = dict(sha256=sha, filename="exit.jpg", mime_type="image/jpeg", size=len(photo), finding_id=finding, caption="")
    assert a.write("attachment", new_id(), attachment)["status"] == "applied"
    assert b.write("visit", open_visit, visit_fields(school))["status"] == "applied"
    return dict(a=a, b=b, school=school, secret=secret, open_visit=open_visit, finding=finding, sha=sha, code=code)


def test_each_inspector_sees_their_school_and_only_their_visits(world):
    a, b = world["a"], world["b"]
    seen_by_b = b.pull_all()
    assert world["school"] in seen_by_b and world["open_visit"] in seen_by_b
    assert world["secret"] not in seen_by_b
    assert not any(r["fields"].get("visit_id") == world["secret"] for r in seen_by_b.values())
    seen_by_a = a.pull_all()
    assert {world["secret"], world["finding"], world["open_visit"]} <= set(seen_by_a)


def test_unannounced_visit_hidden_from_blobs_verify_and_errors(world):
    b, sha = world["b"], world["sha"]
    stranger = hashlib.sha256(b"nobody has this").hexdigest()
    # The blob: the same "not found" as a hash nobody uploaded, and no upload offset leaks.
    assert b.http.get(f"/blobs/{sha}").status_code == 404
    assert b.http.get(f"/blobs/{sha}").json() == b.http.get(f"/blobs/{stranger}").json() | {}
    head = b.http.head(f"/blobs/{sha}")
    assert head.headers["Upload-Offset"] == "0" and head.headers["Upload-Complete"] == "0"
    # Verify: exactly what an invented form id gets.
    assert b.http.post("/verify", json=dict(form_id=world["secret"], digest="0" * 64)).json()["result"] == "unknown"
    # Errors: touching the secret visit reads the same as touching nothing at all.
    poke = b.write("visit", world["secret"], dict(notes="?"), op="update", base=1)
    ghost = b.write("visit", new_id(), dict(notes="?"), op="update", base=1)
    assert (poke["status"], poke["code"]) == (ghost["status"], ghost["code"]) == ("rejected", "record.not_found")
    child = b.write("finding", new_id(), dict(visit_id=world["secret"], category="safety", severity="minor", problem="x"))
    orphan = b.write("finding", new_id(), dict(visit_id=new_id(), category="safety", severity="minor", problem="x"))
    assert (child["status"], child["code"]) == (orphan["status"], orphan["code"]) == ("rejected", "record.parent_unknown")
    # Joining the team is itself a write into the visit, and just as refused.
    join = b.write("visit_team_member", new_id(), dict(visit_id=world["secret"], inspector_id=b.id, role="member"))
    assert join["code"] == "record.parent_unknown"
    assert world["secret"] not in b.pull_all()


def test_team_member_sees_the_visit_and_its_evidence_after_joining(office: Office, world):
    a, c = world["a"], office.inspector()
    before = c.pull_all()
    assert world["secret"] not in before
    assert c.http.get(f"/blobs/{world['sha']}").status_code == 404
    assert a.write("visit_team_member", new_id(), dict(visit_id=world["secret"], inspector_id=c.id, role="member"))["status"] == "applied"
    after = c.pull_all()  # from the old cursor: the visit's records were re-versioned for c
    assert {world["secret"], world["finding"]} <= set(after)
    got = c.http.get(f"/blobs/{world['sha']}")
    assert got.status_code == 200 and got.content == b"photo of a blocked fire exit"


def test_leads_see_their_region_and_admins_see_no_content(office: Office, world):
    lead = office.inspector(Role.LEAD, region="西湖区")
    far_lead = office.inspector(Role.LEAD, region="上城区")
    admin = office.inspector(Role.ADMIN)
    assert {world["secret"], world["finding"], world["school"]} <= set(lead.pull_all())
    assert lead.http.get(f"/blobs/{world['sha']}").status_code == 200
    far = far_lead.pull_all()
    assert world["secret"] not in far and world["school"] not in far
    seen = admin.pull_all()
    assert {r["entity"] for r in seen.values()} <= {"inspector", "checklist_template", "indicator"}
    assert admin.http.get(f"/blobs/{world['sha']}").status_code == 404
    assert admin.http.post("/verify", json=dict(form_id=world["secret"], digest="0" * 64)).json()["result"] == "unknown"
    refused = admin.http.post("/sync/push", json=dict(client_id=admin.client_id, mutations=[]))
    assert refused.status_code == 403 and refused.json()["code"] == "auth.forbidden"


def test_a_new_assignment_brings_the_schools_history(office: Office, world):
    d = office.inspector()
    assert world["open_visit"] not in d.pull_all()
    office.assign(d, world["code"])
    seen = d.pull_all()
    assert world["open_visit"] in seen and world["secret"] not in seen


def test_only_leads_write_schools_and_assignments(world):
    b = world["b"]
    r = b.write("school", new_id(), dict(code="X1", name="x", competent_department="y"))
    assert (r["status"], r["code"]) == ("rejected", "record.forbidden")


def test_a_regional_leads_draw_stays_in_their_region(office: Office):
    lead = office.inspector(Role.LEAD, region="拱墅区")
    far_lead = office.inspector(Role.LEAD, region="临平区")
    provincial = office.inspector(Role.LEAD)
    pick = new_id()
    fields = dict(made_on="2026-12-01", made_by="组长", purpose="双随机", seed="s1", rule={"schools": 1},
                  candidates=[], picked=[])
    answer = lead.write("random_pick", pick, fields)
    assert answer["status"] == "applied", answer  # used to be refused as out of scope
    assert pick in lead.pull_all() and pick in provincial.pull_all()
    assert pick not in far_lead.pull_all()
