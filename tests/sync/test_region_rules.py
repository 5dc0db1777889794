"""The office's rule file per region, end to end with real laptops against the real
server on 127.0.0.1 (SQLite and PostgreSQL): a lead sets it from the app, or the
administrator from ``inspector-server set-rules``; it reaches the region's laptops
by sync and changes the deadlines of their next draft. The server refuses it from
anyone but a lead of that region, and for a rule file the laptops do not ship."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Severity, Stage, TeamRole
from inspector_desktop.server import admin, cli as server_cli
from inspector_desktop.server.db import open_database
from inspector_desktop.store import forms, open_workspace, rules
from inspector_desktop.store.edits import add_finding, create_visit
from inspector_desktop.store.models import RegionRules
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from inspector_desktop.sync import account
from inspector_desktop.sync.protocol import Role
from tests.reports.conftest import memory_keyring  # noqa: F401 - fixture
from tests.server.conftest import PASSWORD, db_url  # noqa: F401 - sqlite and postgres
from tests.sync.conftest import FAST_RETRY, Laptop, _Named

FRIDAY = dt.date(2026, 11, 20)
DEFAULT_SERIOUS = dt.date(2026, 11, 30)  # ten calendar days from Friday 20 Nov
JIANGXI_SERIOUS = dt.date(2026, 12, 1)  # seven working days


@pytest.fixture(scope="module")
def engine(db_url: str):  # noqa: F811 - the server's database, both kinds
    e = open_database(db_url)
    yield e
    e.dispose()


def _region() -> str:
    return f"区{uuid.uuid4().hex[:6]}"


def _serious_draft_deadline(lap: Laptop, school_id: str) -> dt.date:
    """The deadline a fresh draft gives a serious finding made on Friday 20 Nov."""
    visit = create_visit(lap.ws, school_id, FRIDAY, Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                         Notice.ANNOUNCED, None, [(lap.account_id, TeamRole.LEADER)])
    add_finding(lap.ws, visit, "教学楼消防通道堆放杂物", Severity.SERIOUS, recommendation="立即清理消防通道")
    (req,) = forms.load_form(lap.ws, forms.draft_form(lap.ws, visit, today=FRIDAY)).requirements
    return req.deadline


def _sent(ws, record_id: str) -> list[tuple[OutboxState, str]]:
    with ws.read() as s:
        return [(e.state, e.result) for e in s.scalars(sa.select(OutboxEntry).where(OutboxEntry.entity_id == record_id))]


def test_a_leads_rule_file_reaches_the_regions_laptops_and_their_next_draft(office, server, tmp_path, memory_keyring):  # noqa: F811
    region = _region()
    code = office.school(district=region)
    inspector = office.user(region=region)[0]
    office.assign(_Named(inspector), code)
    lead = office.user(Role.LEAD, region=region)[0]
    elsewhere = office.user(region=_region())[0]

    field, other = Laptop(tmp_path / "field", server.url, inspector), Laptop(tmp_path / "other", server.url, elsewhere)
    chief_ws = open_workspace(tmp_path / "lead")
    try:
        field.sync(), other.sync()
        before = _serious_draft_deadline(field, admin.school_id(code))
        assert before == DEFAULT_SERIOUS

        # The lead signs in from the app (which keeps the account's roles) and chooses.
        account.login(chief_ws, server.url, lead, PASSWORD)
        chief = account.engine_for(chief_ws, retry=FAST_RETRY)
        chief.sync()
        assert rules.rules_choice(chief_ws).may_choose
        record = rules.set_region_rules(chief_ws, "jiangxi.v1", dt.date(2026, 11, 18))
        chief.sync()
        chief.t.close()
        assert _sent(chief_ws, record) == [(OutboxState.SENT, "applied")]

        field.sync(), other.sync()
        assert rules.active_rules(field.ws).key == "jiangxi.v1"
        choice = rules.rules_choice(field.ws)
        assert (choice.source, choice.region, choice.decided_on) == (rules.RulesSource.REGION, region, dt.date(2026, 11, 18))
        assert not choice.may_choose  # an inspector sees it, and cannot change it
        assert _serious_draft_deadline(field, admin.school_id(code)) == JIANGXI_SERIOUS
        # Another region's laptop holds the record, and does not follow it.
        assert rules.active_rules(other.ws).key == "default.v1"
    finally:
        field.close(), other.close(), chief_ws.close()


def test_the_administrators_set_rules_reaches_laptops_and_refuses_an_unknown_file(office, server, db_url, tmp_path, capsys):  # noqa: F811
    region = _region()
    code = office.school(district=region)
    inspector = office.user(region=region)[0]
    office.assign(_Named(inspector), code)
    lap = Laptop(tmp_path / "lap", server.url, inspector)
    try:
        # Something to fix in what was given: one sentence naming the file and the ones there are (exit 2).
        assert server_cli.main(["set-rules", "--db", db_url, "--region", region, "--rules", "nowhere.v1"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "There is no rule file nowhere.v1; the rule files are: " in err
        assert "default.v1" in err and "jiangxi.v1" in err
        lap.sync()
        assert rules.active_rules(lap.ws).key == "default.v1"

        assert server_cli.main(["set-rules", "--db", db_url, "--region", region, "--rules", "jiangxi.v1",
                                "--decided-by", "督导室", "--on", "2026-11-19"]) == 0
        assert capsys.readouterr().out == f"The laptops of region {region} follow jiangxi.v1 from their next sync.\n"
        lap.sync()
        assert rules.active_rules(lap.ws).key == "jiangxi.v1"
        assert rules.rules_choice(lap.ws).decided_by == "督导室"
        # Set again: the same record changes, it is not a second one.
        assert server_cli.main(["set-rules", "--db", db_url, "--region", region, "--rules", "default.v1"]) == 0
        lap.sync()
        with lap.ws.read() as s:
            assert s.scalars(sa.select(RegionRules.rules).where(RegionRules.region == region)).all() == ["default.v1"]
        assert _serious_draft_deadline(lap, admin.school_id(code)) == DEFAULT_SERIOUS
    finally:
        lap.close()


def test_the_server_refuses_a_region_rule_from_a_non_lead_another_regions_lead_or_for_an_unknown_file(office):
    region = _region()
    inspector = office.inspector(region=region)
    lead = office.inspector(Role.LEAD, region=region)
    foreign_lead = office.inspector(Role.LEAD, region=_region())
    record = rules.region_rules_id(region)
    fields = dict(region=region, rules="jiangxi.v1", decided_on="2026-11-20", decided_by="某人")

    assert inspector.write("region_rules", record, fields)["code"] == "record.forbidden"
    assert foreign_lead.write("region_rules", record, fields)["code"] == "record.forbidden"
    unknown = lead.write("region_rules", record, dict(fields, rules="nowhere.v1"))
    assert (unknown["status"], unknown["code"]) == ("rejected", "region_rules.unknown_rules")
    assert lead.write("region_rules", record, dict(fields, region=""))["code"] == "region_rules.no_region"
    assert record not in inspector.pull_all()  # nothing refused was stored

    made = lead.write("region_rules", record, fields)
    assert made["status"] == "applied"
    assert inspector.pull_all()[record]["fields"]["rules"] == "jiangxi.v1"  # every inspector of the region sees it
    # The lead may change the file, not move the record to another region, nor name an unknown file.
    assert lead.write("region_rules", record, dict(rules="default.v1"), op="update", base=made["version"])["status"] == "applied"
    moved = lead.write("region_rules", record, dict(region=_region()), op="update", base=made["version"])
    assert moved["code"] == "record.forbidden"  # the other region is not theirs
    bad = lead.write("region_rules", record, dict(rules="nowhere.v1"), op="update", base=made["version"])
    assert bad["code"] == "region_rules.unknown_rules"
    assert foreign_lead.write("region_rules", record, dict(rules="jiangxi.v1"), op="update", base=made["version"])["code"] \
        == "record.forbidden"


def test_a_provincial_lead_may_set_any_regions_file_but_not_move_one(office):
    region = _region()
    province = office.inspector(Role.LEAD)  # a lead without a region oversees the province
    record = rules.region_rules_id(region)
    made = province.write("region_rules", record, dict(region=region, rules="jiangxi.v1", decided_on="2026-11-20"))
    assert made["status"] == "applied"
    moved = province.write("region_rules", record, dict(region=_region()), op="update", base=made["version"])
    assert moved["code"] == "region_rules.region_fixed"


def test_a_laptop_refuses_to_record_a_region_rule_without_a_leads_sign_in(tmp_path: Path):
    from inspector_desktop.domain import DomainError

    ws = open_workspace(tmp_path / "w")
    try:
        with pytest.raises(DomainError) as refused:
            rules.set_region_rules(ws, "jiangxi.v1", FRIDAY)
        assert refused.value.code == "rules.lead_only"
        with ws.read() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(RegionRules)) == 0
    finally:
        ws.close()


def test_a_refused_region_rule_is_withdrawn_so_the_laptop_does_not_follow_it(office, server, tmp_path):
    """A laptop that still believes its account a lead's (the office took the role
    away since the last sign-in) records a choice; the server refuses it, and the
    laptop goes back to the rules the office did decide."""
    from inspector_desktop.store import roles

    region = _region()
    name = office.user(region=region)[0]
    lap = Laptop(tmp_path / "lap", server.url, name)
    try:
        lap.sync()
        roles.set_roles(lap.ws, ["inspector", "lead"])
        record = rules.set_region_rules(lap.ws, "jiangxi.v1", FRIDAY)
        assert rules.active_rules(lap.ws).key == "jiangxi.v1"
        lap.sync()
        assert _sent(lap.ws, record) == [(OutboxState.REJECTED, "record.forbidden")]
        assert rules.active_rules(lap.ws).key == "default.v1"
    finally:
        lap.close()
