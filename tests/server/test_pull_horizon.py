"""On PostgreSQL a pull is held back only by this server's own pushes still being
committed, never by an unrelated transaction left open on the same PostgreSQL
(an admin's psql session, a long import, another database's work): an inspector
whose sync said "done" is seen by the lead's next sync."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from inspector_desktop.server import records, tables as t, versions
from inspector_desktop.server.db import writing
from tests.server.conftest import Office, new_id, postgres_base_url, visit_fields
from tests.server.test_cursor_watermark import held_open, in_thread, insert, postgres_only


@contextlib.contextmanager
def left_open(url: str, *statements: str) -> Iterator[None]:
    """A transaction on its own connection that has taken a transaction id and
    stays open until the block ends, as someone's forgotten psql session does."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
            assert conn.execute(sa.text("SELECT pg_current_xact_id_if_assigned()")).scalar() is not None
            yield
            conn.rollback()
    finally:
        engine.dispose()


def same_database() -> str:
    return postgres_base_url()


def other_database() -> str:
    """The cluster's maintenance database, which every PostgreSQL has."""
    return sa.make_url(postgres_base_url()).set(database="postgres").render_as_string(hide_password=False)


UNRELATED = {
    "an import into a table of its own in the same database": (
        same_database, ("CREATE TEMP TABLE imported (n int)", "INSERT INTO imported VALUES (1)")),
    "a session in another database of the same PostgreSQL": (other_database, ("SELECT pg_current_xact_id()",)),
}


@pytest.mark.parametrize("case", list(UNRELATED))
def test_a_push_is_served_to_the_lead_while_an_unrelated_transaction_stays_open(office: Office, engine: sa.Engine, case: str):
    postgres_only(engine)
    code = office.school()
    inspector, lead = office.inspector(), office.inspector()
    school = office.assign(inspector, code)
    office.assign(lead, code)
    lead.pull_all()
    url, statements = UNRELATED[case]
    with left_open(url(), *statements):
        visit = new_id()
        done = inspector.write("visit", visit, visit_fields(school))
        assert done["status"] == "applied"
        # The lead syncs once, right after the inspector's sync said done.
        held = lead.pull_all()
        assert visit in held, f"a pull was held back by {case}"
        assert held[visit]["version"] == done["version"]


def test_a_push_that_has_not_yet_taken_its_transaction_id_still_holds_pulls_back(office: Office, engine: sa.Engine):
    """The push announces itself before PostgreSQL numbers it: a pull that comes
    in between serves nothing it could later land below, and once the push has its
    number a later push that commits first is not served past it."""
    postgres_only(engine)
    code = office.school()
    watcher, laptop = office.inspector(), office.inspector()
    school = office.assign(watcher, code)
    office.assign(laptop, code)
    watcher.pull_all()
    first = new_id()
    with writing(engine) as conn:
        counter = versions.for_transaction(conn)
        assert conn.execute(sa.text("SELECT pg_current_xact_id_if_assigned()")).scalar() is None
        watcher.pull_all(limit=1)  # the push is announced but not numbered yet
        before = watcher.cursor
        # Now it is numbered: it locks what it changes, takes its positions, writes.
        (result,) = [records.apply_mutation(conn, counter, None, insert("visit", visit_fields(school), first))]
        assert result.status == "applied"
        pos = conn.execute(sa.select(t.record.c.pos).where(t.record.c.id == first)).scalar_one()
        assert before < pos
        later = new_id()
        pushing, answer = in_thread(lambda: laptop.write("visit", later, visit_fields(school)))
        pushing.join(30)
        assert not pushing.is_alive() and answer[0]["status"] == "applied"
        watcher.pull_all(limit=1)
        assert later not in watcher.records, "a pull moved past a push still being committed"
        assert first not in watcher.records
        assert before <= watcher.cursor < pos
        counter.save()
    held = watcher.pull_all()
    assert held[first]["version"] == result.version and later in held


def test_a_server_write_still_open_holds_back_a_pull_in_another_database_s_presence(office: Office, engine: sa.Engine):
    """Both at once: an unrelated session elsewhere does not hold pulls back, the
    server's own write still open does, and its change is served once it commits."""
    postgres_only(engine)
    code = office.school()
    watcher = office.inspector()
    school = office.assign(watcher, code)
    watcher.pull_all()
    mine = new_id()
    with left_open(other_database(), "SELECT pg_current_xact_id()"):
        with held_open(engine, insert("visit", visit_fields(school), mine)) as ([result], counter):
            assert result.status == "applied"
            watcher.pull_all()
            assert mine not in watcher.records
            assert watcher.cursor < counter.next().pos
        assert watcher.pull_all()[mine]["version"] == result.version


def test_a_transaction_numbered_before_it_announces_itself_is_refused(engine: sa.Engine):
    """Announcing after PostgreSQL numbered the transaction would let a pull taken
    in between serve past its positions: the order is checked, not trusted."""
    postgres_only(engine)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_current_xact_id()"))
        with pytest.raises(RuntimeError):
            versions.for_transaction(conn)
