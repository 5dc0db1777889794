"""Sync integrity with real laptops against the real server on 127.0.0.1, over
SQLite and PostgreSQL: cases first found by random interleavings."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from inspector_desktop.domain import Notice, TeamRole
from inspector_desktop.server import admin, security
from inspector_desktop.server.db import open_database
from inspector_desktop.store.models import Visit
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from tests.server.conftest import db_url  # noqa: F401 - sqlite and postgres
from tests.sync.conftest import Laptop, _Named
from tests.sync.test_integrity import _converged, _plan


@pytest.fixture(scope="module")
def engine(db_url: str):  # noqa: F811 - the server's database, both kinds
    e = open_database(db_url)
    yield e
    e.dispose()


@pytest.fixture(scope="module")
def cheap_passwords():
    """Argon2 at its real cost takes about 0.4 s per account and per sign-in here, and
    every example makes five of each. Passwords play no part in sync; verifying reads
    the cost from the stored hash, so only hashing needs the cheaper setting."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))
        yield


@pytest.mark.parametrize("drafter_on_team", [True, False], ids=["drafter-on-team-after-the-leader", "drafter-not-on-team"])
def test_an_unannounced_plan_reaches_the_team_its_drafter_named(office, server, cheap_passwords, tmp_path, drafter_on_team):
    """Shrunk from the machine: a visit's team members are pushed one by one, and
    each had to be readable by the drafter on its own. An unannounced plan is
    readable only by its team, so every member pushed before the drafter's own
    row (or all of them, for a plan drafted for colleagues) was refused, and the
    team never saw the visit."""
    code = office.school()
    (drafter, drafter_id), (colleague, colleague_id) = office.user(), office.user()
    office.assign(_Named(drafter), code)
    d, c = Laptop(tmp_path / "d", server.url, drafter), Laptop(tmp_path / "c", server.url, colleague)
    try:
        d.sync(), c.sync()
        team = [(colleague_id, TeamRole.LEADER)] + ([(drafter_id, TeamRole.MEMBER)] if drafter_on_team else [])
        visit = _plan(d.ws, admin.school_id(code), team, Notice.UNANNOUNCED)
        d.sync()
        with d.ws.read() as s:
            refused = s.scalars(sa.select(OutboxEntry.result).where(OutboxEntry.state == OutboxState.REJECTED)).all()
        assert refused == []
        c.sync()  # the leader, not responsible for the school: the plan reaches them
        with c.ws.read() as s:
            planned = s.get(Visit, visit)
            assert planned is not None and {m.inspector_id for m in planned.team} == {i for i, _r in team}
        d.sync()
        _converged(d, c)
    finally:
        d.close(), c.close()
