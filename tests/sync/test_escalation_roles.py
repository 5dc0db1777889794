"""Escalation steps are the office's, with real laptops against the real server:
sign-in keeps the account's roles, an inspector's laptop does not write a step,
and a step pushed by a laptop whose account is no lead is refused whole, leaving
the rectification as it was on the server and on the laptop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import DomainError, EscalationKind, FormStatus, RectificationStatus, TeamRole
from inspector_desktop.server import admin
from inspector_desktop.store import open_workspace, rectifications, roles
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Escalation, FeedbackForm, Rectification, Requirement
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from inspector_desktop.sync import account
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import PASSWORD
from tests.sync.conftest import Laptop, _Named, server_rows
from tests.sync.test_integrity import _plan

S = RectificationStatus
DEADLINE = dt.date(2026, 11, 4)


def _overdue_rectification(lap: Laptop, school_id: str) -> str:
    """A visit, a signed form with one requirement due 4 November, its rectification."""
    visit = _plan(lap.ws, school_id, [(lap.account_id, TeamRole.LEADER)])
    with lap.ws.write() as s:
        # Made as a draft with its requirement, then issued: a signed form takes no new requirement.
        form = FeedbackForm(visit_id=visit, number=f"{lap.username.upper()}-2026-0001")
        s.add(form)
        s.flush()
        s.add(Requirement(form_id=form.id, ordinal=1, text="疏通消防通道", deadline=DEADLINE, responsible_party="校长"))
        form_id = form.id
    with lap.ws.write() as s:
        s.get(FeedbackForm, form_id).status = FormStatus.ISSUED
    [rid] = rectifications.open_rectifications(lap.ws, form_id)
    return rid


def _local(ws: Workspace, rid: str) -> tuple[S, dt.date, int]:
    """The rectification's status and deadline on a laptop, and the steps it counts."""
    with ws.read() as s:
        r = s.get(Rectification, rid)
        live_steps = s.scalar(sa.select(sa.func.count()).select_from(Escalation).where(
            Escalation.rectification_id == rid, Escalation.deleted.is_(False)))
        return r.status, r.deadline, live_steps


@pytest.fixture
def inspector_and_lead(office):
    code = office.school()
    inspector = office.user()[0]
    lead = office.user(Role.LEAD, region="西湖区")[0]
    office.assign(_Named(inspector), code)
    return inspector, lead, admin.school_id(code)


def test_sign_in_keeps_the_roles_and_an_inspectors_laptop_writes_no_step(server, inspector_and_lead, tmp_path,
                                                                         no_keyring):
    inspector, lead, _school = inspector_and_lead
    never = open_workspace(tmp_path / "never")
    mine = open_workspace(tmp_path / "mine")
    office = open_workspace(tmp_path / "office")
    try:
        assert account.roles(never) == roles.WORKING_ALONE and not account.roles(never).is_lead
        account.login(mine, server.url, inspector, PASSWORD)
        assert account.roles(mine).names == {roles.INSPECTOR} and account.roles(mine).signed_in
        account.login(office, server.url, lead, PASSWORD)
        assert account.roles(office).is_lead
        with mine.read() as s:
            before = s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry))
        for ws in (never, mine):
            with pytest.raises(DomainError) as refused:
                rectifications.record_escalation(ws, "no-matter", EscalationKind.INTERVIEW, "逾期", dt.date(2026, 11, 6),
                                                 "王建国")
            assert refused.value.code == "escalation.lead_only"
        with mine.read() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == before
    finally:
        never.close(), mine.close(), office.close()


def test_a_step_from_a_laptop_whose_account_is_no_lead_is_refused_and_leaves_no_half_state(
        server, engine, inspector_and_lead, tmp_path: Path, no_keyring):
    inspector, lead, school = inspector_and_lead
    a = Laptop(tmp_path / "a", server.url, inspector)
    chief = open_workspace(tmp_path / "chief")
    try:
        a.sync()
        rid = _overdue_rectification(a, school)
        assert a.sync().rejected == 0
        assert server_rows(engine, "rectification")[rid]["status"] == "open"
        # The laptop still believes its account is a lead's (a role the office has
        # taken away since, or an older version of the app that offered it anyway).
        roles.set_roles(a.ws, [roles.INSPECTOR, roles.LEAD])
        rectifications.record_escalation(a.ws, rid, EscalationKind.INTERVIEW, "整改逾期未完成，约谈校长。",
                                         dt.date(2026, 11, 6), "王建国")
        assert _local(a.ws, rid) == (S.ESCALATED, dt.date(2026, 11, 23), 1)

        report = a.sync()
        assert report.rejected == 2
        with a.ws.read() as s:
            codes = sorted(e.result for e in s.scalars(sa.select(OutboxEntry).where(OutboxEntry.state == OutboxState.REJECTED)))
        assert codes == ["record.forbidden", "rectification.escalation_lead_only"]
        # The server: the rectification as it was, and no step.
        on_server = server_rows(engine, "rectification")[rid]
        assert (on_server["status"], on_server["deadline"]) == ("open", DEADLINE.isoformat())
        assert not any(e["rectification_id"] == rid for e in server_rows(engine, "escalation").values())
        # The laptop: the same, and the refused step withdrawn, so the chain does not count it.
        assert _local(a.ws, rid) == (S.OPEN, DEADLINE, 0)
        a.sync()
        assert _local(a.ws, rid) == (S.OPEN, DEADLINE, 0)
        # The office sees it as it was, and a lead's step then goes through.
        account.login(chief, server.url, lead, PASSWORD)
        account.sync_now(chief)
        assert _local(chief, rid) == (S.OPEN, DEADLINE, 0)
        rectifications.record_escalation(chief, rid, EscalationKind.INTERVIEW, "整改逾期未完成，约谈校长。",
                                         dt.date(2026, 11, 6), "王建国")
        assert account.sync_now(chief).rejected == 0
        assert server_rows(engine, "rectification")[rid]["status"] == "escalated"
        a.sync()
        assert _local(a.ws, rid) == (S.ESCALATED, dt.date(2026, 11, 23), 1)
    finally:
        a.close()
        chief.close()

