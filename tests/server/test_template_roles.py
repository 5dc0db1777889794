"""Checklist templates are the office's: the server takes a template or an item only
from a lead, and never changes a published version (nor its items) again; the
shipped versions, stored before drafts existed, count as published."""

from __future__ import annotations

import pytest

from inspector_desktop.checklists import indicator_id, template_id
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import Office, new_id

V1 = template_id("routine-national", 1)


def _template(version: int, status: str = "draft") -> dict[str, object]:
    return dict(code=f"special-{new_id()[:8]}", version=version, title_zh="专项督导", title_en="Special inspection",
                status=status, scale={"good": 5, "satisfactory": 3, "needs_improvement": 1, "unsatisfactory": 0})


def _item(template: str, code: str, weight: int) -> dict[str, object]:
    return dict(template_id=template, ordinal=1, code=code, category="safety", title_zh="校园安全", title_en="Safety",
                weight=weight)


@pytest.fixture(scope="module")
def people(office: Office):
    return dict(lead=office.inspector(Role.LEAD, region="西湖区"), a=office.inspector(region="西湖区"))


def test_an_inspectors_template_or_item_is_refused(people):
    a, lead = people["a"], people["lead"]
    tid = new_id()
    made = a.write("checklist_template", tid, _template(1))
    assert (made["status"], made["code"]) == ("rejected", "template.lead_only")
    assert tid not in lead.pull_all()
    # Not an item of a lead's draft either, nor a change to a shipped version.
    draft = new_id()
    assert lead.write("checklist_template", draft, _template(1))["status"] == "applied"
    item = a.write("indicator", new_id(), _item(draft, "S1", 100))
    assert (item["status"], item["code"]) == ("rejected", "template.lead_only")
    shipped = a.write("indicator", indicator_id("routine-national", 1, "R1"), dict(title_en="Changed"), "update", 1)
    assert (shipped["status"], shipped["code"]) == ("rejected", "template.lead_only")


def test_a_lead_drafts_and_publishes_then_the_version_never_changes(people):
    lead, a = people["lead"], people["a"]
    tid, iid = new_id(), new_id()
    assert lead.write("checklist_template", tid, _template(2))["status"] == "applied"
    assert lead.write("indicator", iid, _item(tid, "S1", 60))["status"] == "applied"
    version = lead.pull_all()[iid]["version"]
    assert lead.write("indicator", iid, dict(weight=100), "update", version)["status"] == "applied"  # a draft changes
    base = lead.pull_all()[tid]["version"]
    published = lead.write("checklist_template", tid, dict(status="published", published_at="2026-12-01T09:00:00",
                                                           published_by="王建国"), "update", base)
    assert published["status"] == "applied"
    seen = a.pull_all()  # it reaches the inspectors' laptops
    assert seen[tid]["fields"]["status"] == "published" and seen[iid]["fields"]["weight"] == 100

    base = lead.pull_all()[tid]["version"]
    for entity, rid, change in (("checklist_template", tid, dict(title_en="Renamed")),
                                ("checklist_template", tid, dict(status="draft")),
                                ("checklist_template", tid, dict(deleted=True)),
                                ("indicator", iid, dict(weight=50)),
                                ("indicator", iid, dict(deleted=True))):
        answer = lead.write(entity, rid, change, "update", base)
        assert (answer["status"], answer["code"]) == ("rejected", "template.published"), (entity, change)
    added = lead.write("indicator", new_id(), _item(tid, "S2", 0))
    assert (added["status"], added["code"]) == ("rejected", "template.published")
    moved = lead.write("checklist_template", tid, dict(version=9), "update", base)
    assert (moved["status"], moved["code"]) == ("rejected", "template.version_fixed")
    assert lead.pull_all()[tid]["fields"]["title_en"] == "Special inspection"


def test_a_shipped_version_is_published(people):
    lead = people["lead"]
    answer = lead.write("indicator", indicator_id("routine-national", 1, "R1"), dict(weight=50), "update", 1)
    assert (answer["status"], answer["code"]) == ("rejected", "template.published")
    answer = lead.write("checklist_template", V1, dict(title_en="Changed"), "update", 1)
    assert (answer["status"], answer["code"]) == ("rejected", "template.published")
