"""A finding a signed feedback form certifies, and the evidence on it, stay as the
school signed them on the server too: a push from an old or tampered laptop that
edits or deletes such a finding, or adds or removes its evidence, is refused for
that change only (the laptop shows why), the rest of the push lands, the lead
still pulls the certified text, and sync goes on for everyone. An addendum and
findings recorded after signing still sync. Real laptops against the real server
on 127.0.0.1, SQLite and PostgreSQL; the hostile pushes are forged at the
protocol level, since a real laptop's store refuses them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from inspector_desktop.domain import Notice, Planning, Scope, Severity, Stage, TeamRole
from inspector_desktop.server import admin, batch
from inspector_desktop.server.db import open_database
from inspector_desktop.signing import device_key
from inspector_desktop.store import certified, edits, forms
from inspector_desktop.sync import conflicts
from inspector_desktop.sync.protocol import Role
from inspector_desktop.wording import translate
from inspector_desktop.wording.errors import code_text
from tests.reports.conftest import memory_keyring, sign_both  # noqa: F401 - fixture
from tests.server.conftest import Inspector, db_url  # noqa: F401 - sqlite and postgres
from tests.sync.conftest import Laptop, _Named, new_id

SIGNED_ON = dt.date(2026, 11, 20)
CERTIFIED = "教学楼消防通道堆放杂物"


@pytest.fixture(scope="module")
def engine(db_url: str):  # noqa: F811 - the server's database, both kinds
    e = open_database(db_url)
    yield e
    e.dispose()


@pytest.fixture(params=["together", "one by one"])
def path(request, monkeypatch):
    """The server applies ordinary work together (batch.py) or one by one (records.py): both refuse."""
    if request.param == "one by one":
        monkeypatch.setattr(batch, "runs", lambda m: False)
    return request.param


@pytest.fixture
def signed_visit(office, server, tmp_path, memory_keyring):  # noqa: F811
    """From an empty workspace: an inspector records a finding with a photo, signs the
    visit's form and syncs; the region's lead has pulled it."""
    region = f"区{uuid.uuid4().hex[:6]}"
    code = office.school(district=region)
    name, account_id = office.user(region=region)
    office.assign(_Named(name), code)
    lead_name = office.user(Role.LEAD, region=region)[0]
    field, lead = Laptop(tmp_path / "field", server.url, name), Laptop(tmp_path / "lead", server.url, lead_name)
    try:
        field.sync()
        visit = edits.create_visit(field.ws, admin.school_id(code), SIGNED_ON, Scope.COMPREHENSIVE, Stage.PROCESS,
                                   Planning.ROUTINE, Notice.ANNOUNCED, None, [(field.account_id, TeamRole.LEADER)])
        finding = edits.add_finding(field.ws, visit, CERTIFIED, Severity.SERIOUS, recommendation="立即清理消防通道")
        photo = tmp_path / "消防通道.jpg"
        photo.write_bytes(b"\xff\xd8" + uuid.uuid4().bytes * 64)
        evidence = edits.attach_file(field.ws, photo, finding_id=finding)
        form = forms.draft_form(field.ws, visit, today=SIGNED_ON)
        sign_both(field.ws, form)
        forms.sign_form(field.ws, form, device_key.private_key)
        field.sync()
        lead.sync()
        assert lead.rows("finding")[finding]["problem"] == CERTIFIED
        hostile = Inspector(server.url, name, account_id)  # the same inspector on a tampered laptop
        hostile.pull_all()
        yield dict(field=field, lead=lead, hostile=hostile, visit=visit, finding=finding, evidence=evidence, form=form,
                   sha256=hostile.records[evidence]["fields"]["sha256"])
    finally:
        field.close()
        lead.close()


def _base(hostile: Inspector, record_id: str) -> int:
    return hostile.records[record_id]["version"]


def _new_finding(visit: str, problem: str) -> dict:
    return dict(visit_id=visit, category="safety", severity="minor", problem=problem)


def _forged(s: dict, change: str) -> dict:
    """One mutation a store would refuse, forged as a tampered laptop sends it."""
    h, finding, evidence = s["hostile"], s["finding"], s["evidence"]
    if change == "edit the finding":
        return h.mutation("finding", finding, dict(problem="消防通道畅通"), "update", _base(h, finding))
    if change == "delete the finding":
        return h.mutation("finding", finding, {}, "delete", _base(h, finding))
    if change == "mark the finding deleted":
        return h.mutation("finding", finding, dict(deleted=True), "update", _base(h, finding))
    if change == "remove its evidence":
        return h.mutation("attachment", evidence, dict(deleted=True), "update", _base(h, evidence))
    if change == "recaption its evidence":
        return h.mutation("attachment", evidence, dict(caption="另一张照片"), "update", _base(h, evidence))
    if change == "move its evidence away":
        return h.mutation("attachment", evidence, dict(finding_id=None, visit_id=s["visit"]), "update", _base(h, evidence))
    assert change == "add evidence"
    return h.mutation("attachment", new_id(), dict(sha256=s["sha256"], filename="补拍.jpg", mime_type="image/jpeg",
                                                   size=130, finding_id=finding))


CHANGES = ["edit the finding", "delete the finding", "mark the finding deleted", "remove its evidence",
           "recaption its evidence", "move its evidence away", "add evidence"]


@pytest.mark.parametrize("change", CHANGES)
def test_a_forged_change_to_a_certified_finding_is_refused_alone(signed_visit, path, change):
    s = signed_visit
    h = s["hostile"]
    before, later = new_id(), new_id()
    results = h.push(
        h.mutation("finding", before, _new_finding(s["visit"], "签字后发现：灭火器过期")),
        _forged(s, change),
        h.mutation("finding", later, _new_finding(s["visit"], "签字后发现：监控损坏")),
    )["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    refused = results[1]
    assert refused["code"] == "finding.locked"
    # The tampered laptop's Sync page tells the inspector why, in words.
    assert "addendum" in code_text(refused["code"], None, lambda text: text)

    # The lead still pulls what the school signed, and the rest of the push.
    s["lead"].sync()
    findings, files = s["lead"].rows("finding"), s["lead"].rows("attachment")
    assert findings[s["finding"]]["problem"] == CERTIFIED and findings[s["finding"]]["deleted"] is False
    assert files[s["evidence"]]["deleted"] is False and files[s["evidence"]]["caption"] == ""
    assert files[s["evidence"]]["finding_id"] == s["finding"]
    assert [a for a in files.values() if a["finding_id"] == s["finding"]] == [files[s["evidence"]]]
    assert {before, later} <= findings.keys()

    # Sync goes on: the inspector's own laptop keeps working, and so does the tampered one.
    fresh = edits.add_finding(s["field"].ws, s["visit"], "签字后发现：楼梯扶手松动", Severity.MINOR)
    s["field"].sync()
    assert h.write("finding", new_id(), _new_finding(s["visit"], "又一项"))["status"] == "applied"
    s["lead"].sync()
    assert fresh in s["lead"].rows("finding")


def test_a_laptop_from_before_the_lock_is_told_why_and_syncs_on(signed_visit, path, monkeypatch):
    s = signed_visit
    field, lead = s["field"], s["lead"]
    monkeypatch.setattr(certified, "refuse_certified_edits", lambda session: None)  # its store lets the edit through
    edits.update_field(field.ws, "finding", s["finding"], "problem", "消防通道畅通")
    edits.remove_attachment(field.ws, s["evidence"])
    later = edits.add_finding(field.ws, s["visit"], "签字后发现：楼梯扶手松动", Severity.MINOR)
    field.sync()

    refused = {q.entity_id: q.reason for q in conflicts.queue(field.ws) if q.state == "rejected"}
    assert refused == {s["finding"]: "finding.locked", s["evidence"]: "finding.locked"}
    words = code_text("finding.locked", None, lambda text: translate("Errors", text, "zh_CN"))
    assert "补充督导意见书" in words and "{" not in words  # the Sync page's reason, in the inspector's words
    lead.sync()
    assert lead.rows("finding")[s["finding"]]["problem"] == CERTIFIED
    assert lead.rows("attachment")[s["evidence"]]["deleted"] is False
    assert later in lead.rows("finding")
    assert field.sync() is not None  # nothing waits: the next sync runs through


def test_an_addendum_and_findings_recorded_after_signing_still_sync(signed_visit, path):
    s = signed_visit
    field, lead, h = s["field"], s["lead"], s["hostile"]
    later = edits.add_finding(field.ws, s["visit"], "签字后发现：食堂留样不足48小时", Severity.MINOR)
    edits.update_field(field.ws, "finding", later, "diagnosis", "未落实留样制度")
    field.sync()
    # Not on the signed sheet: still the inspector's to change, from any laptop.
    h.pull_all()
    assert h.write("finding", later, dict(recommendation="每餐留样"), "update", _base(h, later))["status"] == "applied"
    field.sync()

    addendum = forms.draft_addendum(field.ws, s["form"], today=SIGNED_ON + dt.timedelta(days=1))
    sign_both(field.ws, addendum)
    forms.sign_form(field.ws, addendum, device_key.private_key)
    field.sync()
    lead.sync()
    assert lead.rows("finding")[later]["diagnosis"] == "未落实留样制度"
    assert lead.rows("finding")[later]["recommendation"] == "每餐留样"
    signed = lead.rows("feedback_form")[addendum]
    assert signed["status"] == "signed" and signed["addendum_of_id"] == s["form"]

    # The addendum certifies what it was sealed over, that finding among them.
    h.pull_all()
    refused = h.write("finding", later, dict(recommendation="改过了"), "update", _base(h, later))
    assert (refused["status"], refused["code"]) == ("rejected", "finding.locked")
    # Evidence hung on something that is no finding is refused as before, not by a server failing.
    odd = h.write("attachment", new_id(), dict(sha256=s["sha256"], filename="x.jpg", size=130, finding_id=s["visit"]))
    assert (odd["status"], odd["code"]) == ("rejected", "record.bad_reference")
