"""The History is append-only and shows colleagues' synced changes under their
names; the server keeps every accepted change per record for leads to read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import TeamRole
from inspector_desktop.server import admin
from inspector_desktop.store.bookkeeping import AuditEntry
from inspector_desktop.sync.protocol import Role
from tests.sync.conftest import Laptop, _Named, set_field
from tests.sync.test_integrity import _plan


def test_the_audit_trail_refuses_to_be_rewritten(tmp_path):
    from inspector_desktop.store import open_workspace
    from inspector_desktop.store.edits import start_profile

    ws = open_workspace(tmp_path / "w")
    try:
        start_profile(ws, "王督学", "DX0001")
        for statement in ("UPDATE audit_entry SET actor_id = 'someone else'", "DELETE FROM audit_entry"):
            with pytest.raises(sa.exc.IntegrityError, match="audit.append_only"):
                with ws.write() as s:
                    s.execute(sa.text(statement))
        with ws.read() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) >= 1
    finally:
        ws.close()


def test_a_colleagues_synced_change_enters_the_history_and_the_servers_log(office, server, tmp_path):
    code = office.school(district="余杭区")
    a_name, b_name = office.user(region="余杭区")[0], office.user(region="余杭区")[0]
    lead_name = office.user(Role.LEAD, region="余杭区")[0]
    for name in (a_name, b_name):
        office.assign(_Named(name), code)
    a, b = Laptop(tmp_path / "a", server.url, a_name), Laptop(tmp_path / "b", server.url, b_name)
    try:
        a.sync()
        visit = _plan(a.ws, admin.school_id(code), [(a.account_id, TeamRole.LEADER), (b.account_id, TeamRole.MEMBER)])
        a.sync(), b.sync()
        set_field(b.ws, "visit", visit, notes="食堂留样记录不全")
        b.sync(), a.sync()
        with a.ws.read() as s:
            entries = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity_id == visit).order_by(AuditEntry.id)).all()
        theirs = [e for e in entries if e.actor_id == b.account_id]
        assert [e.changes["notes"] for e in theirs] == [["", "食堂留样记录不全"]]

        from tests.server.conftest import Inspector as HttpLaptop

        lead = HttpLaptop(server.url, lead_name, "")
        log = lead.http.get(f"/records/{visit}/changes").json()
        assert [(c["action"], c["account_id"]) for c in log] == [("insert", a.account_id), ("update", b.account_id)]
        assert log[1]["fields"] == {"notes": "食堂留样记录不全"}
        inspector = HttpLaptop(server.url, b_name, b.account_id)
        assert inspector.http.get(f"/records/{visit}/changes").status_code == 403
    finally:
        a.close(), b.close()


def test_a_first_sync_over_many_pages_fills_the_laptop_without_history(office, server, tmp_path):
    """An empty laptop's first sync brings what the office already holds: that is not
    a change anyone made, on its first page or its last. Later changes are."""
    code = office.school(district="余杭区")
    a_name, b_name = office.user(region="余杭区")[0], office.user(region="余杭区")[0]
    for name in (a_name, b_name):
        office.assign(_Named(name), code)
    a = Laptop(tmp_path / "a", server.url, a_name)
    b = Laptop(tmp_path / "b", server.url, b_name, pull_limit=2)
    try:
        a.sync()
        visit = _plan(a.ws, admin.school_id(code), [(a.account_id, TeamRole.LEADER), (b.account_id, TeamRole.MEMBER)])
        a.sync()
        report = b.sync()
        assert report.pulled > 4  # more than two pages
        with b.ws.read() as s:
            filled = s.scalars(sa.select(AuditEntry.entity_id).where(AuditEntry.actor_id == a.account_id)).all()
        assert filled == []
        set_field(a.ws, "visit", visit, notes="食堂留样记录不全")
        a.sync(), b.sync()
        with b.ws.read() as s:
            entries = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity_id == visit)).all()
        assert [(e.action, e.changes["notes"]) for e in entries] == [("update", ["", "食堂留样记录不全"])]
    finally:
        a.close(), b.close()
