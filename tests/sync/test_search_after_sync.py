"""Search after syncs: a first sync fills the laptop before its search index, which
catches up afterwards; before, during and after that, a search finds exactly the
visits a plain reading of every note and finding finds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Category, Severity
from inspector_desktop.store import search
from inspector_desktop.store.models import Finding, Visit
from tests.sync.conftest import Laptop, add_visit, set_field

TERMS = ["消防通道", "食堂", "台账", "Lab safety", "ab", "留样记录缺失", "宿舍 灭火器", "通道 台账", "整改完毕", "%_"]


def _found(laptop: Laptop, text: str) -> set[str]:
    with laptop.ws.read() as s:
        return set(s.execute(search.matching_visit_ids(s, text)).scalars())


def _read_through(laptop: Laptop, text: str) -> set[str]:
    """What the search must find: visits whose notes or findings hold every term."""
    with laptop.ws.read() as s:
        texts = {v.id: [v.purpose, v.notes] for v in s.scalars(sa.select(Visit))}
        for f in s.scalars(sa.select(Finding)):
            texts[f.visit_id] += [f.problem, f.evidence, f.diagnosis, f.recommendation]
    terms = text.split()
    return {vid for vid, held in texts.items() if all(any(term in t for t in held) for term in terms)}


def _agrees(laptop: Laptop) -> None:
    for text in TERMS:
        assert _found(laptop, text) == _read_through(laptop, text), text


def _index_whole(laptop: Laptop) -> None:
    """FTS5's own check that the index holds exactly the tables' text."""
    with laptop.ws.write() as s:
        for name in search.SEARCHED:
            s.execute(sa.text(f"INSERT INTO {name}_fts({name}_fts, rank) VALUES ('integrity-check', 1)"))


def _finding(s, vid: str, problem: str, **extra) -> str:  # type: ignore[no-untyped-def]
    f = Finding(visit_id=vid, category=Category.SAFETY, severity=Severity.MINOR, problem=problem, **extra)
    s.add(f)
    s.flush()
    return f.id


@pytest.fixture
def office_laptop(tmp_path, server, team):
    names, school = team
    a = Laptop(tmp_path / "a", server.url, names[0])
    a.sync()
    ids = {}
    ids["canteen"] = add_visit(a.ws, school, notes="食堂留样记录缺失", purpose="专项")
    ids["lab"] = add_visit(a.ws, school, notes="Lab safety walk")
    ids["plain"] = add_visit(a.ws, school)
    with a.ws.write() as s:
        for i in range(30):
            _finding(s, ids["plain"], f"第{i}处消防通道堵塞", evidence="照片")
        ids["dorm"] = _finding(s, ids["lab"], "宿舍灭火器过期", diagnosis="台账不全")
        ids["gone"] = _finding(s, ids["canteen"], "危化品台账缺失")
    a.sync()
    yield a, names, ids
    a.close()


def test_search_finds_what_a_reading_finds_before_and_after_the_index_catches_up(office_laptop, tmp_path, server, monkeypatch):
    a, names, ids = office_laptop
    b = Laptop(tmp_path / "b", server.url, names[1])
    try:
        b.sync()  # the first sync: the laptop is filled, its index lags
        with b.ws.read() as s:
            assert set(search.lagging(s)) == {"visit", "finding"}
        _agrees(b)
        assert _found(b, "消防通道") == {ids["plain"]}

        # Edits and deletions reach rows not indexed yet, from the office and here.
        set_field(a.ws, "finding", ids["dorm"], problem="宿舍灭火器已更换", recommendation="整改完毕")
        set_field(a.ws, "finding", ids["gone"], deleted=True)
        a.sync()
        b.sync()
        set_field(b.ws, "visit", ids["canteen"], notes="食堂已整改")
        with b.ws.write() as s:  # as the engine takes back a record that points at nothing
            s.execute(sa.delete(Finding.__table__).where(Finding.__table__.c.id == ids["gone"]))
        _agrees(b)
        assert _found(b, "留样记录缺失") == set()

        # The index catches up a slice at a time; stopped midway, it carries on later.
        monkeypatch.setattr(search, "CATCH_UP_SLICE", 7)
        calls = iter(range(10**6))
        assert 0 < search.catch_up(b.ws, should_stop=lambda: next(calls) >= 2)
        with b.ws.read() as s:
            assert search.lagging(s)
        _agrees(b)
        search.catch_up(b.ws)
        with b.ws.read() as s:
            assert search.lagging(s) == {}
        _index_whole(b)
        _agrees(b)

        # Afterwards every write is indexed as it happens, pulled or local.
        with a.ws.write() as s:
            _finding(s, ids["canteen"], "食堂餐具消毒台账缺失")
        set_field(a.ws, "visit", ids["lab"], notes="Lab safety revisited")
        a.sync()
        b.sync()
        with b.ws.write() as s:
            _finding(s, ids["lab"], "通道照明不足")
        _index_whole(b)
        _agrees(b)
        assert _found(b, "通道 台账") == {ids["canteen"], ids["lab"]} & _read_through(b, "通道 台账")
    finally:
        b.close()


def test_what_the_laptop_held_before_its_first_sync_stays_indexed_through_edits(office_laptop, tmp_path, server):
    from inspector_desktop.store.models import School

    a, names, ids = office_laptop
    b = Laptop(tmp_path / "b", server.url, names[2])
    try:
        with b.ws.write() as s:  # begun offline, before the laptop ever synced
            s.add(School(code="LOCAL-1", name="本机学校", competent_department="县教育局"))
        with b.ws.read() as s:
            local_school = s.execute(sa.text("SELECT id FROM school WHERE code = 'LOCAL-1'")).scalar_one()
        local = add_visit(b.ws, local_school, notes="本机先写的食堂记录")
        b.sync()
        with b.ws.read() as s:
            assert search.lagging(s)
        set_field(b.ws, "visit", local, notes="本机改过的宿舍记录")  # indexed before the lag began
        _agrees(b)
        assert _found(b, "改过的宿舍") == {local}
        search.catch_up(b.ws)
        _index_whole(b)
        _agrees(b)
        assert _found(b, "先写的食堂") == set()
    finally:
        b.close()


def _triggers(laptop: Laptop) -> dict[str, str]:
    with laptop.ws.read() as s:
        return dict(s.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_fts_%'")).all())


def test_a_large_page_after_the_first_is_indexed_together_and_the_index_stays_kept(office_laptop, tmp_path, server):
    """A later sync bringing hundreds of findings indexes them in one statement, with
    the row-by-row trigger out of the way meanwhile; it is back, unchanged, after."""
    from inspector_desktop.sync import rows

    a, names, ids = office_laptop
    b = Laptop(tmp_path / "b", server.url, names[1])
    try:
        b.sync()
        search.catch_up(b.ws)
        kept = _triggers(b)
        assert len(kept) == 6  # insert, update and delete, for visits and findings
        with a.ws.write() as s:
            for i in range(rows.BULK_MIN + 50):
                _finding(s, ids["canteen"], f"第{i}批食堂台账缺失", evidence="留样记录")
        a.sync()
        b.sync()
        with b.ws.read() as s:
            assert search.lagging(s) == {}
            assert s.scalar(sa.select(sa.func.count()).select_from(Finding)) >= rows.BULK_MIN + 80
        _index_whole(b)
        _agrees(b)
        assert _found(b, "批食堂台账") == {ids["canteen"]}
        assert _triggers(b) == kept
        with b.ws.write() as s:  # written here afterwards: the trigger indexes it
            _finding(s, ids["lab"], "实验室通风橱失效")
        assert _found(b, "通风橱") == {ids["lab"]}
        _index_whole(b)
    finally:
        b.close()


def test_an_index_left_behind_catches_up_when_the_window_opens(office_laptop, tmp_path, server, qtbot):
    """A first sync run from the command line, or one the window was closed on,
    leaves the search index behind: the next window catches it up on its own,
    while the inspector works, instead of waiting for a sync from the window."""
    from PySide6.QtCore import QSettings

    from tests.ui.conftest import open_window, settle

    a, names, ids = office_laptop
    b = Laptop(tmp_path / "b", server.url, names[1])
    try:
        b.sync()  # as `inspector-desktop sync` does it: nothing catches up afterwards
        with b.ws.read() as s:
            assert search.lagging(s)
        window = open_window(qtbot, b.ws, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))

        def caught_up() -> bool:
            with b.ws.read() as s:
                return search.lagging(s) == {}
        qtbot.waitUntil(caught_up, timeout=20_000)
        window.close()
        settle(qtbot)
        _index_whole(b)
        _agrees(b)
    finally:
        b.close()
