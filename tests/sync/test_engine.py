"""The engine against the real server: the new-user story, merges, conflicts, files."""

from __future__ import annotations

import hashlib
import os

import pytest

from inspector_desktop.store.models import Attachment, Visit
from inspector_desktop.sync import conflicts
from inspector_desktop.sync.engine import SyncReport
from tests.sync.conftest import Laptop, add_visit, server_rows, set_field


@pytest.fixture
def pair(tmp_path, server, team):
    names, school = team
    a = Laptop(tmp_path / "a", server.url, names[0])
    b = Laptop(tmp_path / "b", server.url, names[1])
    a.sync()  # the school and its assignments arrive first
    b.sync()
    yield a, b, school
    a.close()
    b.close()


def _outbox(laptop: Laptop) -> dict[str, int]:
    return conflicts.counts(laptop.ws)


def test_two_inspectors_edit_one_visit_offline_and_converge_after_a_conflict(pair, engine):
    a, b, school = pair
    vid = add_visit(a.ws, school, notes="计划")
    a.sync()
    b.sync()
    with b.ws.read() as s:
        assert s.get(Visit, vid).notes == "计划"
    # Both offline: each edits the same field of the same visit.
    set_field(a.ws, "visit", vid, notes="A: 食堂卫生良好")
    set_field(b.ws, "visit", vid, notes="B: 食堂需整改", purpose="专项")
    ra = a.sync()
    rb = b.sync()
    assert ra.applied == 1 and rb.applied == 1 and rb.conflicts == 1
    (c,) = conflicts.open_conflicts(b.ws)
    assert (c.field, c.mine, c.theirs) == ("notes", "B: 食堂需整改", "A: 食堂卫生良好")
    # B's other field landed; the contested one shows the kept value until B decides.
    with b.ws.read() as s:
        v = s.get(Visit, vid)
        assert (v.notes, v.purpose) == ("A: 食堂卫生良好", "专项")
    a.sync()
    assert conflicts.open_conflicts(a.ws) == []  # A's value was kept; nothing to decide there
    conflicts.resolve(b.ws, c.id, conflicts.Decision.KEEP_MINE)
    assert _outbox(b)["pending"] == 1  # the decision is an edit that syncs
    b.sync()
    a.sync()
    for laptop in (a, b):
        with laptop.ws.read() as s:
            assert s.get(Visit, vid).notes == "B: 食堂需整改"
    assert server_rows(engine, "visit")[vid]["notes"] == "B: 食堂需整改"
    assert conflicts.open_conflicts(b.ws) == []


def test_pull_keeps_fields_with_a_pending_edit(pair):
    a, b, school = pair
    vid = add_visit(a.ws, school, notes="原稿")
    a.sync()
    b.sync()
    set_field(a.ws, "visit", vid, notes="A 新", purpose="A 目的")
    a.sync()
    set_field(b.ws, "visit", vid, notes="B 新")
    # Pull only (as when an edit is made between push and pull): the pending
    # edit must survive A's newer server version, while A's other field arrives.
    b.sync_engine.pull(SyncReport(), lambda *_: None)
    with b.ws.read() as s:
        v = s.get(Visit, vid)
        assert (v.notes, v.purpose) == ("B 新", "A 目的")
    b.sync()  # now pushed; it conflicts with A's notes because B's base was older
    assert [c.field for c in conflicts.open_conflicts(b.ws)] == ["notes"]


def test_attachment_is_uploaded_before_its_record_and_downloaded_checked(pair, engine):
    a, b, school = pair
    vid = add_visit(a.ws, school)
    data = os.urandom(300_000)
    sha, size = a.ws.attachments.put_bytes(data)
    with a.ws.write() as s:
        s.add(Attachment(sha256=sha, filename="食堂.jpg", mime_type="image/jpeg", size=size, visit_id=vid))
    a.sync_engine.upload_chunk = 64 * 1024
    report = a.sync()
    assert report.uploaded == 1
    b.sync()
    assert b.ws.attachments.read(sha) == data
    assert hashlib.sha256(b.ws.attachments.read(sha)).hexdigest() == sha


def test_rejection_is_kept_with_its_reason_and_the_queue_moves_on(pair):
    a, _b, school = pair
    vid = add_visit(a.ws, school)
    a.sync()
    # An inspector may not edit a school (leads only): refused, and the next change still goes.
    with a.ws.read() as s:
        from inspector_desktop.store.models import School

        assert s.get(School, school) is not None
    set_field(a.ws, "school", school, address="改地址")
    set_field(a.ws, "visit", vid, notes="之后的修改")
    report = a.sync()
    assert report.rejected == 1 and report.applied == 1
    items = {i.entity: i for i in conflicts.queue(a.ws)}
    assert items["school"].state == "rejected" and items["school"].reason == "record.forbidden"
    conflicts.dismiss_rejection(a.ws, items["school"].seq)
    assert all(i.state != "rejected" for i in conflicts.queue(a.ws))




def test_a_refused_edit_is_undone_locally_but_kept_in_the_queue(pair):
    a, _b, school = pair
    with a.ws.read() as s:
        from inspector_desktop.store.models import School

        address = s.get(School, school).address
    set_field(a.ws, "school", school, address="改地址")
    a.sync()
    with a.ws.read() as s:
        assert s.get(School, school).address == address  # the server's value shows again
    (item,) = [i for i in conflicts.queue(a.ws) if i.state == "rejected"]
    assert item.fields == ("address",) and item.reason == "record.forbidden"
    assert item.values == 'address="改地址"'  # the refused value is not lost


def test_a_large_pull_is_searchable_at_once(pair):
    from inspector_desktop.domain import Category, Severity
    from inspector_desktop.store.models import Finding
    from inspector_desktop.store.bookkeeping import Setting
    from inspector_desktop.store.search import matching_visit_ids

    a, b, school = pair
    vid = add_visit(a.ws, school)
    with a.ws.write() as s:
        for i in range(260):  # enough for the pull to index the page in bulk
            s.add(Finding(visit_id=vid, category=Category.SAFETY, severity=Severity.MINOR, problem=f"第{i}处消防通道堵塞"))
        s.add(Finding(visit_id=vid, category=Category.SAFETY, severity=Severity.MINOR, problem="实验室危化品台账缺失"))
    a.sync()
    assert b.sync().pulled >= 262
    with b.ws.read() as s:
        assert s.execute(matching_visit_ids(s, "危化品台账")).scalars().all() == [vid]
        assert s.get(Setting, "search.bulk_indexing") is None
    # Local edits after the bulk pull are indexed row by row again.
    with b.ws.write() as s:
        s.add(Finding(visit_id=vid, category=Category.SAFETY, severity=Severity.MINOR, problem="宿舍楼灭火器过期"))
    with b.ws.read() as s:
        assert s.execute(matching_visit_ids(s, "灭火器过期")).scalars().all() == [vid]


@pytest.mark.parametrize("decision", [conflicts.Decision.TAKE_THEIRS, conflicts.Decision.EDIT])
def test_take_theirs_changes_nothing_and_an_edit_syncs(pair, decision):
    a, b, school = pair
    vid = add_visit(a.ws, school, notes="原稿")
    a.sync()
    b.sync()
    set_field(a.ws, "visit", vid, notes="A 版")
    set_field(b.ws, "visit", vid, notes="B 版")
    a.sync()
    b.sync()
    (c,) = conflicts.open_conflicts(b.ws)
    conflicts.resolve(b.ws, c.id, decision, "合并后的笔记" if decision is conflicts.Decision.EDIT else None)
    assert conflicts.open_conflicts(b.ws) == []
    expected = "合并后的笔记" if decision is conflicts.Decision.EDIT else "A 版"
    assert conflicts.counts(b.ws)["pending"] == (1 if decision is conflicts.Decision.EDIT else 0)
    b.sync()
    a.sync()
    for laptop in (a, b):
        with laptop.ws.read() as s:
            assert s.get(Visit, vid).notes == expected
