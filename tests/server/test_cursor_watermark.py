"""Pushes commit out of order while laptops pull: a cursor never moves past a change
still being committed, so no laptop ever misses one; and a push that checked a
record it hangs on (a form's status) cannot slip past a change to that record."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from inspector_desktop.server import records, tables as t, versions
from inspector_desktop.server.db import writing
from inspector_desktop.sync.protocol import Mutation, MutationResult, Op
from tests.server.conftest import Inspector, Office, new_id, visit_fields


@contextlib.contextmanager
def held_open(engine: sa.Engine, *mutations: Mutation) -> Iterator[tuple[list[MutationResult], versions.Versions]]:
    """The server's own write (as an admin command makes it), left uncommitted
    until the block ends: its versions and positions are taken, its rows written."""
    with writing(engine) as conn:
        counter = versions.for_transaction(conn)
        yield [records.apply_mutation(conn, counter, None, m) for m in mutations], counter
        counter.save()


def insert(entity: str, fields: dict, entity_id: str = "") -> Mutation:
    return Mutation(seq=1, entity=entity, entity_id=entity_id or new_id(), op=Op.INSERT, fields=fields)


def in_thread(work) -> tuple[threading.Thread, list]:  # type: ignore[no-untyped-def]
    out: list = []
    th = threading.Thread(target=lambda: out.append(work()), daemon=True)
    th.start()
    return th, out


def pull_page(laptop: Inspector, limit: int) -> None:
    """One page, as a laptop pulls while others push: the cursor moves page by page."""
    page = laptop.http.get("/sync/pull", params=dict(cursor=laptop.cursor, limit=limit)).json()
    laptop.records.update({rec["id"]: rec for rec in page["records"]})
    assert page["cursor"] >= laptop.cursor
    laptop.cursor = page["cursor"]


def pull_until(laptop: Inspector, versions_of: dict[str, int], seconds: float = 60) -> None:
    """Pull until these records are in at these versions, or the time is up: a
    push still being committed holds back what a pull serves, though it never
    makes one skip anything."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        held = laptop.pull_all()
        if all(i in held and held[i]["version"] == v for i, v in versions_of.items()):
            return
        time.sleep(0.05)


def postgres_only(engine: sa.Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: nothing commits out of order there")


def test_a_pull_waits_for_a_change_still_being_committed_and_then_serves_it(office: Office, engine: sa.Engine):
    postgres_only(engine)
    code = office.school()
    watcher, laptop = office.inspector(), office.inspector()
    school = office.assign(watcher, code)
    office.assign(laptop, code)
    watcher.pull_all()
    first = new_id()
    with held_open(engine, insert("visit", visit_fields(school), first)) as ([a], counter):
        assert a.status == "applied"
        # A later push is not held up by the open one, and commits first.
        pushing, answer = in_thread(lambda: laptop.write("visit", later := new_id(), visit_fields(school)) | dict(id=later))
        pushing.join(30)
        assert not pushing.is_alive(), "a push waited for another laptop's push to commit"
        (b,) = answer
        assert b["status"] == "applied" and b["version"] > a.version
        with engine.connect() as conn:  # stored and visible to anyone reading now
            assert conn.execute(sa.select(t.record.c.id).where(t.record.c.id == b["id"])).first() is not None
        before = watcher.cursor
        watcher.pull_all(limit=1)
        # The cursor has not moved past the change still in flight, whatever came after it.
        assert first not in watcher.records
        assert before <= watcher.cursor < counter.next().pos
    pull_until(watcher, {first: a.version, b["id"]: b["version"]})
    assert watcher.records[first]["version"] == a.version
    assert watcher.records[b["id"]]["version"] == b["version"]


def test_a_requirement_pushed_while_its_form_is_being_signed_waits_and_is_refused(office: Office, engine: sa.Engine):
    """The form.locked check read the form as a draft; it must not be let through
    on that reading while the signing commits."""
    postgres_only(engine)
    code = office.school()
    writer = office.inspector()
    school = office.assign(writer, code)
    visit, form = new_id(), new_id()
    assert writer.write("visit", visit, visit_fields(school))["status"] == "applied"
    assert writer.write("feedback_form", form, dict(visit_id=visit, number="W-2026-0001", summary="草稿"))["status"] == "applied"
    signing = Mutation(seq=1, entity="feedback_form", entity_id=form, op=Op.UPDATE, base_version=2**40,
                       fields=dict(status="signed", digest="cd" * 32, signed_at="2026-11-22T10:00:00"))
    requirement = dict(form_id=form, ordinal=1, text="疏通消防通道", deadline="2026-12-31", responsible_party="校长")
    with held_open(engine, signing) as ([signed], _):
        assert signed.status == "applied"
        pushing, answer = in_thread(lambda: writer.write("requirement", new_id(), requirement))
        pushing.join(1.0)
        assert pushing.is_alive()  # waits for the signing to commit or not
    pushing.join(30)
    assert answer[0]["status"] == "rejected" and answer[0]["code"] == "form.locked"


WRITERS, ROUNDS = 3, 8


def test_pushes_committing_in_any_order_never_make_a_pulling_laptop_miss_a_change(office: Office, engine: sa.Engine):
    """Laptops inserting and editing visits, the server's own writes held open for
    a random while, and a laptop pulling in small pages all along: after one last
    pull it holds every visit at exactly its stored version. A change a cursor had
    moved past would be missing for good: pull never serves below the cursor."""
    code = office.school()
    laptops = [office.inspector() for _ in range(WRITERS)]
    watcher = office.inspector()
    school = office.assign(watcher, code)
    for laptop in laptops:
        office.assign(laptop, code)
    watcher.pull_all()
    rng = random.Random(18)
    made: list[str] = []
    # Only laptops' visits are edited again: an edit would hand a skipped visit
    # to the watcher anew and hide the skip.
    editable: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []
    done = threading.Event()
    cursors: list[int] = []

    def laptop_work(laptop, seed: int) -> None:  # type: ignore[no-untyped-def]
        r = random.Random(seed)
        try:
            for _ in range(ROUNDS):
                batch = [laptop.mutation("visit", new_id(), visit_fields(school)) for _ in range(r.randint(1, 6))]
                with lock:
                    targets = r.sample(editable, min(len(editable), 2))
                batch += [laptop.mutation("visit", v, dict(notes=f"第{r.randint(1, 99)}次"), "update", 2**40) for v in targets]
                answer = laptop.push(*batch)
                assert all(x["status"] == "applied" for x in answer["results"]), answer
                with lock:
                    made.extend(m["entity_id"] for m in batch if m["op"] == "insert")
                    editable.extend(m["entity_id"] for m in batch if m["op"] == "insert")
                time.sleep(r.uniform(0, 0.02))
        except BaseException as exc:
            errors.append(exc)

    def server_work(seed: int) -> None:
        r = random.Random(seed)
        try:
            for _ in range(ROUNDS):
                ids = [new_id() for _ in range(r.randint(1, 3))]
                with held_open(engine, *(insert("visit", visit_fields(school), i) for i in ids)) as (results, _):
                    assert all(x.status == "applied" for x in results)
                    time.sleep(r.uniform(0, 0.05))  # others commit meanwhile, later versions first
                with lock:
                    made.extend(ids)
        except BaseException as exc:
            errors.append(exc)

    def watch() -> None:
        try:
            while not done.is_set():
                pull_page(watcher, rng.randint(1, 5))
                cursors.append(watcher.cursor)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=laptop_work, args=(lp, i)) for i, lp in enumerate(laptops)]
    threads += [threading.Thread(target=server_work, args=(100 + i,)) for i in range(2)]
    spy = threading.Thread(target=watch)
    spy.start()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    done.set()
    spy.join()
    assert not errors, errors
    assert cursors == sorted(cursors)
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.select(t.record.c.id, t.record.c.version)
                                   .where(t.record.c.school_id == school, t.record.c.entity == "visit")).all())
    assert set(stored) == set(made)
    pull_until(watcher, stored)
    assert {i: r["version"] for i, r in watcher.records.items() if r["entity"] == "visit"} == stored
