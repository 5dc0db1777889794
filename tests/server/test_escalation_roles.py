"""Escalation is the office's: a non-lead's step is refused whole, status change
included, so the server never holds an "escalated" rectification with no step."""

from __future__ import annotations

from typing import Any

import pytest

from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Inspector, Office, new_id, visit_fields


@pytest.fixture(scope="module")
def chain(office: Office):
    """An inspector's overdue rectification at their school, and a lead of the region."""
    a = office.inspector(region="西湖区")
    lead = office.inspector(Role.LEAD, region="西湖区")
    school = office.assign(a, office.school(district="西湖区"))
    visit, form, req = new_id(), new_id(), new_id()
    assert a.write("visit", visit, visit_fields(school))["status"] == "applied"
    assert a.write("feedback_form", form, dict(visit_id=visit, number=f"E-{new_id()[:8]}"))["status"] == "applied"
    assert a.write("requirement", req, dict(form_id=form, ordinal=1, text="疏通消防通道", deadline="2026-11-04",
                                            responsible_party="校长"))["status"] == "applied"
    signed = a.write("feedback_form", form, dict(status="signed", digest="ab" * 32, signed_at="2026-10-05T10:00:00"),
                     "update", 0)
    assert signed["status"] == "applied"
    return dict(a=a, lead=lead, school=school, req=req)


def _rectification(who: Inspector, c: dict[str, Any], status: str = "overdue") -> tuple[str, int]:
    rid = new_id()
    made = who.write("rectification", rid, dict(requirement_id=c["req"], school_id=c["school"], status=status,
                                                 deadline="2026-11-04"))
    assert made["status"] == "applied", made
    return rid, made["version"]


def _step(who: Inspector, c: dict[str, Any], rid: str, base: int, kind: str = "interview",
          deadline: str = "2026-11-23", status: str | None = "escalated") -> list[tuple[str, str]]:
    """What the laptop sends for one step: the escalation record, then the
    rectification's own change, as two mutations."""
    change = dict(deadline=deadline) | (dict(status=status) if status else {})
    answer = who.push(
        who.mutation("escalation", new_id(), dict(rectification_id=rid, school_id=c["school"], kind=kind,
                                                  reason="逾期未整改", decided_on="2026-11-06", decided_by="王建国")),
        who.mutation("rectification", rid, change, "update", base),
    )
    return [(r["status"], r["code"]) for r in answer["results"]]


def test_an_inspectors_escalation_is_refused_with_its_status_change(chain):
    a, lead = chain["a"], chain["lead"]
    rid, base = _rectification(a, chain)
    assert _step(a, chain, rid, base) == [("rejected", "record.forbidden"),
                                          ("rejected", "rectification.escalation_lead_only")]
    for who in (a, lead):
        fields = who.pull_all()[rid]["fields"]
        assert (fields["status"], fields["deadline"]) == ("overdue", "2026-11-04")
    assert not any(r["entity"] == "escalation" and r["fields"]["rectification_id"] == rid
                   for r in lead.records.values())


def test_an_inspector_may_not_make_one_escalated_nor_move_an_escalated_deadline(chain):
    a, lead = chain["a"], chain["lead"]
    made = a.write("rectification", new_id(), dict(requirement_id=chain["req"], school_id=chain["school"],
                                                    status="escalated", deadline="2026-11-04"))
    assert (made["status"], made["code"]) == ("rejected", "rectification.escalation_lead_only")
    rid, base = _rectification(a, chain)
    assert _step(lead, chain, rid, base) == [("applied", ""), ("applied", "")]
    version = a.pull_all()[rid]["version"]
    # The next rung moves only the deadline; that is the lead's too.
    later = a.write("rectification", rid, dict(deadline="2026-12-30"), "update", version)
    assert (later["status"], later["code"]) == ("rejected", "rectification.escalation_lead_only")
    # The school's report still comes through the inspector: escalation does not end the duty to rectify.
    report = a.write("rectification", rid, dict(status="reported", reported_on="2026-11-20", report_text="已整改"),
                     "update", version)
    assert report["status"] == "applied"
    assert lead.pull_all()[rid]["fields"]["status"] == "reported"


def test_an_inspectors_other_changes_to_a_rectification_go_through(chain):
    a = chain["a"]
    rid, base = _rectification(a, chain, status="open")
    moved = a.write("rectification", rid, dict(status="overdue"), "update", base)
    assert moved["status"] == "applied"
    reopened = a.write("rectification", rid, dict(status="reported", report_text="部分整改"), "update", moved["version"])
    assert reopened["status"] == "applied"
    # A partly rectified verdict gives a fresh period: a deadline change the inspector may make.
    again = a.write("rectification", rid, dict(status="open", deadline="2026-12-15"), "update", reopened["version"])
    assert again["status"] == "applied"
