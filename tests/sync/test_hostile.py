"""A malformed or hostile answer: a clear error, nothing changed locally, the outbox intact."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from inspector_desktop.store.models import MODEL_BY_TABLE
from inspector_desktop.store.bookkeeping import OutboxEntry, SyncConflict
from inspector_desktop.sync.apply import CURSOR
from inspector_desktop.sync.transport import ProtocolError, SyncError
from tests.sync.conftest import Laptop, add_visit, new_id


def _page(records=(), conflicts=(), cursor=10**9, has_more=False) -> bytes:
    return json.dumps({"records": list(records), "conflicts": list(conflicts), "cursor": cursor, "has_more": has_more}).encode()


def _visit_record(**fields):
    base = dict(school_id=new_id(), scope="comprehensive", stage="process", planning="routine",
                notice="announced", status="planned", planned_on="2026-12-01", purpose="", notes="")
    return {"entity": "visit", "id": new_id(), "version": 10**8, "deleted": False, "fields": dict(base, **fields)}


# Answers malformed as a whole: refused whole, nothing changes.
PULL_ANSWERS = {
    "not json": b"{\"records\": [",
    "wrong types": _page(cursor="ten"),
    "malformed id": _page([dict(_visit_record(), id="../../etc/passwd")]),
    "extra keys": json.dumps({"records": [], "conflicts": [], "cursor": 1, "has_more": False, "admin": True}).encode(),
    "cursor backwards": _page(cursor=0),
}

# One record this laptop cannot store, beside a good page: that record is set
# aside with its reason, and nothing else waits for it (invariant 4, never stall).
SET_ASIDE = {
    "unknown entity": ({"entity": "account", "id": new_id(), "version": 5, "deleted": False, "fields": {}}, "record.unknown_entity"),
    "unknown field": (_visit_record(password_hash="x"), "record.unknown_field"),
    "bad value": (_visit_record(planned_on="tomorrow"), "record.bad_value"),
    "number for text": (_visit_record(notes=12), "record.bad_value"),
    "size past any disk": (dict(_visit_record(), entity="attachment", fields=dict(
        sha256="a" * 64, filename="x.jpg", size=2**70, visit_id=new_id())), "record.out_of_range"),
    "nested 300 deep": (dict(_visit_record(), entity="random_pick", fields=dict(
        made_on="2026-12-01", made_by="x", seed="s", rule=json.loads("[" * 300 + "]" * 300))), "record.too_deep"),
    "lone surrogate": (_visit_record(notes="\ud800"), "record.bad_text"),
    "dangling parent": (_visit_record(), "sync.missing_reference"),
}


def _snapshot(laptop: Laptop):
    with laptop.ws.read() as s:
        rows = {name: s.scalar(sa.select(sa.func.count()).select_from(m)) for name, m in MODEL_BY_TABLE.items()}
        outbox = s.execute(sa.select(OutboxEntry.seq, OutboxEntry.state, OutboxEntry.result)).all()
        rows["conflicts"] = s.scalar(sa.select(sa.func.count()).select_from(SyncConflict))
    return rows, outbox, laptop.ws.setting(CURSOR)


@pytest.fixture
def laptop(tmp_path, proxy, team):
    names, school = team
    proxy.heal()
    lap = Laptop(tmp_path / "h", proxy.url, names[2])
    lap.sync()
    lap.school = school
    yield lap
    proxy.heal()
    lap.close()


@pytest.mark.parametrize("case", sorted(PULL_ANSWERS))
def test_a_hostile_pull_answer_changes_nothing(laptop, proxy, case):
    before = _snapshot(laptop)
    proxy.tamper = lambda req, body: PULL_ANSWERS[case] if req.path.startswith("/sync/pull") else None
    with pytest.raises(ProtocolError) as err:
        laptop.sync()
    assert "nothing was changed" in str(err.value) or "not a valid" in str(err.value)
    assert _snapshot(laptop) == before


@pytest.mark.parametrize("case", sorted(SET_ASIDE))
def test_a_record_the_laptop_cannot_store_is_set_aside_and_the_rest_applies(laptop, proxy, case):
    from inspector_desktop.store.models import Visit
    from inspector_desktop.store.bookkeeping import SetAside

    record, reason = SET_ASIDE[case]
    good = _visit_record(school_id=laptop.school, notes="同页的好记录")
    rows, outbox, _cursor = _snapshot(laptop)
    page = _page([record, good], cursor=10**9).decode()
    if case == "lone surrogate":  # json.dumps escapes it; the wire carries the escape
        assert "\\ud800" in page
    proxy.tamper = lambda req, body: page.encode() if req.path.startswith("/sync/pull") else None
    laptop.sync()  # no error: a rerun could not help, so nothing says "run again"
    proxy.heal()
    with laptop.ws.read() as s:
        aside = s.get(SetAside, record["id"])
        assert aside is not None and aside.reason == reason
        assert s.get(Visit, good["id"]).notes == "同页的好记录"
        after = {name: s.scalar(sa.select(sa.func.count()).select_from(m)) for name, m in MODEL_BY_TABLE.items()}
    assert after["visit"] == rows["visit"] + 1 and sum(after.values()) == sum(v for k, v in rows.items() if k != "conflicts") + 1
    assert laptop.ws.setting(CURSOR) == str(10**9)
    with laptop.ws.read() as s:
        assert s.execute(sa.select(OutboxEntry.seq, OutboxEntry.state, OutboxEntry.result)).all() == outbox


def test_a_record_the_database_refuses_in_the_middle_of_a_page_waits_alone(laptop, proxy):
    """The page is written in one batch; a record the database refuses (here a visit
    with no school) is set aside, and the records before and after it land."""
    from inspector_desktop.store.models import Visit
    from inspector_desktop.store.bookkeeping import SetAside
    from inspector_desktop.sync.set_aside import CANNOT_STORE

    before, after = (_visit_record(school_id=laptop.school, notes=f"同页的好记录{i}") for i in (1, 2))
    refused = _visit_record()
    del refused["fields"]["school_id"]
    page = _page([before, refused, after], cursor=10**9)
    proxy.tamper = lambda req, body: page if req.path.startswith("/sync/pull") else None
    laptop.sync()
    proxy.heal()
    with laptop.ws.read() as s:
        aside = s.get(SetAside, refused["id"])
        assert aside is not None and aside.reason == CANNOT_STORE and "school_id" in aside.detail
        assert s.get(Visit, refused["id"]) is None
        assert [s.get(Visit, r["id"]).notes for r in (before, after)] == ["同页的好记录1", "同页的好记录2"]
    assert laptop.ws.setting(CURSOR) == str(10**9)


def test_a_conflict_about_an_unknown_field_is_ignored(laptop, proxy):
    before = _snapshot(laptop)
    page = _page(conflicts=[dict(id=1, version=2, entity="visit", entity_id=new_id(), field="secret",
                                 kept=1, lost=2, kept_by="x", lost_by="y")], cursor=10**9)
    proxy.tamper = lambda req, body: page if req.path.startswith("/sync/pull") else None
    laptop.sync()
    after = _snapshot(laptop)
    assert after[:2] == before[:2]


@pytest.mark.parametrize("case", ["result for an unsent change", "answer twice", "not json", "absurd size"])
def test_a_hostile_push_answer_leaves_the_outbox_pending(laptop, proxy, case):
    add_visit(laptop.ws, laptop.school, notes="待发送")
    before = _snapshot(laptop)
    (seq,) = [row.seq for row in before[1] if row.state == "pending"]

    def push_answer(req, body):
        if not req.path.startswith("/sync/push"):
            return None
        result = dict(seq=seq, entity_id=new_id(), status="applied", version=1, code="", conflicts=[])
        if case == "result for an unsent change":
            return json.dumps(dict(results=[dict(result, seq=seq + 7)], applied_seq=seq + 7, gap=False)).encode()
        if case == "answer twice":
            real = json.loads(body)["results"][0]
            return json.dumps(dict(results=[real, real], applied_seq=seq, gap=False)).encode()
        return b"<html>proxy login</html>"

    if case == "absurd size":
        proxy.declare_length = 10**12
    else:
        proxy.tamper = push_answer
    with pytest.raises(ProtocolError):
        laptop.sync()
    assert _snapshot(laptop) == before
    proxy.heal()
    laptop.sync()  # the same change goes through once the server behaves
    with laptop.ws.read() as s:
        assert s.get(OutboxEntry, seq).state == "sent"


def test_a_truncated_answer_is_retried_then_reported(laptop, proxy):
    add_visit(laptop.ws, laptop.school)
    before = _snapshot(laptop)
    proxy.plan = lambda req: "truncate"
    with pytest.raises(SyncError, match="did not answer"):
        laptop.sync()
    after = _snapshot(laptop)
    assert after[2] == before[2]  # the cursor did not move
    proxy.heal()
    laptop.sync()
    with laptop.ws.read() as s:
        assert {state for (state,) in s.execute(sa.select(OutboxEntry.state))} == {"sent"}


def test_a_download_that_does_not_match_its_hash_is_not_stored(tmp_path, laptop, proxy, server, team):
    import os

    from inspector_desktop.store.models import Attachment

    names, school = team
    author = Laptop(tmp_path / "author", server.url, names[0])
    author.sync()
    vid = add_visit(author.ws, school)
    sha, size = author.ws.attachments.put_bytes(os.urandom(50_000))
    with author.ws.write() as s:
        s.add(Attachment(sha256=sha, filename="证据.jpg", size=size, visit_id=vid))
    author.sync()
    author.close()
    proxy.tamper = lambda req, body: b"x" * len(body) if req.path == f"/blobs/{sha}" and req.method == "GET" else None
    with pytest.raises(ProtocolError, match="does not match its SHA-256"):
        laptop.sync()
    assert not laptop.ws.attachments.has(sha)
    assert not [f for f in laptop.ws.attachments.root.rglob("*") if f.is_file()]
    proxy.heal()
    assert laptop.sync().downloaded == 1 and laptop.ws.attachments.has(sha)
