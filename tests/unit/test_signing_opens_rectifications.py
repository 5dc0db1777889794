"""Signing a feedback form opens its rectifications in the same transaction as the
lock; and a draft's deadlines come from the active rule file, nowhere else."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import DomainError, FormStatus, RectificationStatus, Severity
from inspector_desktop.signing import device_key
from inspector_desktop.store import forms, rectifications, rules
from inspector_desktop.store.models import Finding, Inspector, Rectification, RegionRules, Requirement, School, Visit
from inspector_desktop.store.bookkeeping import OutboxEntry
from inspector_desktop.store.profile import current_inspector_id
from tests.reports.conftest import memory_keyring, sign_both, visit_with_findings  # noqa: F401 - fixture

TODAY = dt.date(2026, 11, 22)
FRIDAY = dt.date(2026, 11, 20)


def _items(ws, form_id: str) -> list[Rectification]:
    with ws.read() as s:
        rows = s.scalars(sa.select(Rectification).join(Requirement, Requirement.id == Rectification.requirement_id)
                         .where(Requirement.form_id == form_id).order_by(Requirement.ordinal)).all()
        s.expunge_all()
        return list(rows)


def _signed(ws, visit_id: str, **draft_edits) -> str:
    form_id = forms.draft_form(ws, visit_id, today=TODAY)
    if draft_edits:
        forms.save_draft(ws, form_id, **draft_edits)
    sign_both(ws, form_id)
    forms.sign_form(ws, form_id, device_key.private_key)
    return form_id


def test_signing_opens_one_rectification_per_requirement(demo_workspace, memory_keyring):  # noqa: F811
    ws = demo_workspace
    vid = visit_with_findings(ws, minimum=2)
    form_id = forms.draft_form(ws, vid, today=TODAY)
    draft = forms.load_form(ws, form_id)
    # A requirement added by hand, naming another department to copy to.
    extra = forms.RequirementDraft("建立安全巡查台账。", dt.date(2026, 12, 30), draft.school_name, "区应急管理局")
    forms.save_draft(ws, form_id, requirements=[*draft.requirements, extra])
    sign_both(ws, form_id)
    with ws.read() as s:
        school = s.get(School, s.get(Visit, vid).school_id)
        school_id, department = school.id, school.competent_department
    assert _items(ws, form_id) == []

    forms.sign_form(ws, form_id, device_key.private_key)

    signed = forms.load_form(ws, form_id)
    items = _items(ws, form_id)
    assert len(items) == len(signed.requirements) == len(draft.requirements) + 1
    for item, req in zip(items, signed.requirements, strict=True):
        assert (item.school_id, item.status, item.deadline) == (school_id, RectificationStatus.OPEN, req.deadline)
        assert item.competent_department == (req.copied_to or department)
    assert items[-1].competent_department == "区应急管理局"
    # Queued for the office after the lock, so the server sees the form signed first.
    with ws.read() as s:
        queued = s.execute(sa.select(OutboxEntry.entity, OutboxEntry.entity_id).order_by(OutboxEntry.seq)).all()
    lock = queued.index(("feedback_form", form_id))
    assert {e for e, i in queued[lock + 1:] if i in {r.id for r in items}} == {"rectification"}
    assert not any(i in {r.id for r in items} for _e, i in queued[:lock])

    # Signing again is refused and opens nothing; opening again finds nothing to open.
    with pytest.raises(DomainError):
        forms.sign_form(ws, form_id, device_key.private_key)
    assert rectifications.open_rectifications(ws, form_id) == []
    assert len(_items(ws, form_id)) == len(items)


def test_a_failure_while_opening_leaves_neither_the_lock_nor_any_rectification(demo_workspace, memory_keyring):  # noqa: F811
    ws = demo_workspace
    form_id = forms.draft_form(ws, visit_with_findings(ws, minimum=2), today=TODAY)
    sign_both(ws, form_id)
    with ws.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(Rectification))
    # The second rectification of this signing fails at the database, after the
    # form was sealed and the first one written in the same transaction.
    with ws.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TRIGGER second_item_fails BEFORE INSERT ON rectification "
            f"WHEN (SELECT count(*) FROM rectification) > {before} "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    try:
        with pytest.raises(sa.exc.IntegrityError, match="disk trouble"):
            forms.sign_form(ws, form_id, device_key.private_key)
    finally:
        with ws.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER second_item_fails")
    form = forms.load_form(ws, form_id)
    assert form.status is FormStatus.DRAFT and form.digest is None
    assert _items(ws, form_id) == []
    with ws.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Rectification)) == before
        queued = set(s.scalars(sa.select(OutboxEntry.op).where(OutboxEntry.entity_id == form_id)))
    assert queued == {"insert"}  # the draft's own; no lock went out

    # Once the trouble is gone, the same form signs and opens its items.
    forms.sign_form(ws, form_id, device_key.private_key)
    assert len(_items(ws, form_id)) == len(form.requirements) >= 2


def test_a_form_stating_no_issues_opens_none(demo_workspace, memory_keyring):  # noqa: F811
    ws = demo_workspace
    with ws.read() as s:
        quiet = s.scalar(sa.select(Visit.id).where(Visit.status == "completed",
                                                   Visit.id.not_in(sa.select(Finding.visit_id))))
    form_id = _signed(ws, quiet, no_issues_statement="本次督导未发现需要整改的问题。")
    assert forms.load_form(ws, form_id).status is FormStatus.SIGNED
    assert _items(ws, form_id) == []


def test_an_addendum_carries_the_items_on_instead_of_opening_them_twice(demo_workspace, memory_keyring):  # noqa: F811
    ws = demo_workspace
    original = _signed(ws, visit_with_findings(ws, minimum=2))
    first = _items(ws, original)
    rectifications.report_rectification(ws, first[0].id, "已清理消防通道。", TODAY)

    addendum = forms.draft_addendum(ws, original, today=TODAY)
    corrected = forms.load_form(ws, addendum)
    later = dt.date(2027, 1, 29)
    reqs = list(corrected.requirements)
    reqs[1] = dataclasses.replace(reqs[1], deadline=later)  # the correction: more time for the second item
    new = forms.RequirementDraft("补充：建立食堂留样台账。", later, corrected.school_name, corrected.competent_department)
    forms.save_draft(ws, addendum, requirements=[*reqs, new])
    sign_both(ws, addendum)
    forms.sign_form(ws, addendum, device_key.private_key)

    carried = _items(ws, addendum)
    assert len(carried) == len(first) + 1  # one per requirement of the addendum, none left on the original
    assert _items(ws, original) == []
    assert [c.id for c in carried[:len(first)]] == [f.id for f in first]  # the same items, with their history
    assert carried[0].status is RectificationStatus.REPORTED and carried[0].report_text == "已清理消防通道。"
    assert carried[1].deadline == later  # still open on the deadline it was given: the correction applies
    assert carried[-1].status is RectificationStatus.OPEN and carried[-1].deadline == later
    # Opening the original again does not bring back what the addendum carries.
    assert rectifications.open_rectifications(ws, original) == []
    with ws.read() as s:
        total = s.scalar(sa.select(sa.func.count()).select_from(Rectification).join(Requirement)
                         .where(Requirement.form_id.in_([original, addendum])))
    assert total == len(first) + 1


# ---------------------------------------------------------------- deadlines from the rule file


def _serious_visit(ws) -> str:
    """A demo visit whose findings include a serious one."""
    with ws.read() as s:
        return s.scalar(sa.select(Finding.visit_id).where(Finding.severity == Severity.SERIOUS)
                        .order_by(Finding.visit_id))


def test_a_draft_takes_its_deadlines_from_the_active_rule_file(demo_workspace):
    ws = demo_workspace
    vid = _serious_visit(ws)
    rules.set_rules(ws, "jiangxi.v1")
    form = forms.load_form(ws, forms.draft_form(ws, vid, today=FRIDAY))
    with ws.read() as s:
        severities = {f.id: f.severity for f in s.scalars(sa.select(Finding).where(Finding.visit_id == vid))}
    serious = [r for r in form.requirements if severities[r.finding_id] is Severity.SERIOUS]
    # Jiangxi: seven working days for a serious problem; Friday 20 Nov -> Tuesday 1 Dec.
    assert serious and all(r.deadline == dt.date(2026, 12, 1) for r in serious)
    jiangxi = rules.active_rules(ws)
    assert all(r.deadline == jiangxi.rectification_deadline(FRIDAY, severities[r.finding_id]) for r in form.requirements)
    # A requirement added by hand answers no finding: the rule file's usual (minor) period.
    assert forms.new_requirement_deadline(ws, FRIDAY) == jiangxi.rectification_deadline(FRIDAY, Severity.MINOR)


def test_the_regions_rule_file_wins_over_the_laptops_choice(demo_workspace):
    ws = demo_workspace
    rules.set_rules(ws, "default.v1")
    with ws.read() as s:
        region = s.get(Inspector, current_inspector_id(ws)).region
    with ws.write(remote=True) as s:  # as a sync brings it from the office
        s.add(RegionRules(id=rules.region_rules_id(region), region=region, rules="jiangxi.v1",
                          decided_on=dt.date(2026, 11, 1), decided_by="王建国"))
    assert rules.active_rules(ws).key == "jiangxi.v1"
    choice = rules.rules_choice(ws)
    assert (choice.source, choice.region, choice.decided_by) == (rules.RulesSource.REGION, region, "王建国")
    assert not choice.may_choose  # the demo's inspector is no lead
    vid = _serious_visit(ws)
    deadlines = {r.deadline for r in forms.load_form(ws, forms.draft_form(ws, vid, today=FRIDAY)).requirements}
    assert dt.date(2026, 12, 1) in deadlines
    # Another region's record is not this laptop's.
    with ws.write(remote=True) as s:
        s.get(RegionRules, rules.region_rules_id(region)).region = "别的区"
    assert rules.active_rules(ws).key == "default.v1"


def test_only_a_lead_sets_the_regions_rule_file_and_only_to_a_shipped_one(demo_workspace):
    from inspector_desktop.store import roles

    ws = demo_workspace
    with pytest.raises(DomainError) as refused:
        rules.set_region_rules(ws, "jiangxi.v1", TODAY)
    assert refused.value.code == "rules.lead_only"
    roles.set_roles(ws, ["inspector", "lead"])
    with pytest.raises(DomainError) as unknown:
        rules.set_region_rules(ws, "nowhere.v1", TODAY)
    assert unknown.value.code == "rules.invalid"
    with ws.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(RegionRules)) == 0
    record = rules.set_region_rules(ws, "jiangxi.v1", TODAY)
    assert rules.rules_choice(ws).may_choose and rules.active_rules(ws).key == "jiangxi.v1"
    with ws.read() as s:
        queued = s.scalar(sa.select(OutboxEntry.fields).where(OutboxEntry.entity_id == record))
    assert queued["rules"] == "jiangxi.v1" and queued["decided_on"] == TODAY.isoformat()
