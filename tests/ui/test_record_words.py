"""Records as a person would say them: the visit's History, the Sync page's queue
and its conflicts name a record by its school, visit and finding, show each
change as a translated label with old → new, and never an id or a field's key;
in English and in Chinese, and again after a language switch."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Rating, Scope, Stage, VisitStatus
from inspector_desktop.store import edits
from inspector_desktop.store.bookkeeping import SyncConflict
from inspector_desktop.store.models import IndicatorResult, School, Visit
from inspector_desktop.ui import i18n
from inspector_desktop.ui.sync_page import SyncPage
from tests.ui.conftest import settle

UUID = re.compile(r"[0-9a-f]{8}-")
FIELD_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # finding_id, indicator_result_id, planned_on…


def _clean(texts: list[str]) -> None:
    for text in texts:
        assert not UUID.search(text), text
        assert not FIELD_KEY.search(text), text
        assert "{" not in text and '"' not in text, text  # no JSON, no unfilled template


def _visit_with_an_edited_finding(ws, photo) -> tuple[str, str]:
    with ws.read() as s:
        vid, school = s.execute(
            sa.select(Visit.id, School.name).join(School, School.id == Visit.school_id)
            .where(Visit.status == VisitStatus.COMPLETED).order_by(Visit.planned_on.desc())).first()
    fid = edits.add_finding(ws, vid, "食堂未公示食品留样记录")
    edits.update_field(ws, "finding", fid, "problem", "食堂未公示食品留样记录，留样柜无温度记录")
    edits.update_field(ws, "finding", fid, "diagnosis", "缺少专人负责")
    edits.attach_file(ws, photo, finding_id=fid)
    edits.update_field(ws, "visit", vid, "notes", "午餐时段检查")
    return vid, school


def _history(window, qtbot, vid: str) -> list[list[str]]:
    window.open_visit(vid)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid, timeout=5000)
    page.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: page.history.topLevelItemCount() >= 5, timeout=5000)
    settle(qtbot)
    tree = page.history
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def test_history_names_findings_and_files_and_shows_old_and_new_values(window, qtbot, demo_workspace, photo):
    vid, _school = _visit_with_an_edited_finding(demo_workspace, photo)
    rows = _history(window, qtbot, vid)
    _clean([cell for row in rows for cell in row])
    whats = [r[2] for r in rows]
    changes = [r[3] for r in rows]
    assert any(w.startswith("Finding ") and "食堂未公示" in w and w.endswith("changed") for w in whats), whats
    assert any(f"File {photo.name}" in w and w.endswith("added") for w in whats), whats
    assert "Problem: 食堂未公示食品留样记录 → 食堂未公示食品留样记录，留样柜无温度记录" in changes, changes
    assert "Diagnosis: 缺少专人负责" in changes  # first filled in: no old value to show
    assert any(c.startswith("Notes: 重点检查") and c.endswith(" → 午餐时段检查") for c in changes), changes
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows[0][0])
    page = window.visits_page.visit_page
    page.window().resize(1200, 700)
    page.grab().save("/tmp/h6/history-en.png")

    # The same rows in Chinese, re-worded on the language switch without reopening the visit.
    i18n.apply_language("zh_CN")
    qtbot.waitUntil(lambda: page.history.headerItem().text(0) != "When", timeout=3000)
    tree = page.history
    zh = [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]
    _clean([cell for row in zh for cell in row])
    assert any(re.match(r"发现\d+：食堂", r[2]) for r in zh), [r[2] for r in zh]
    assert any("问题：食堂未公示食品留样记录 → " in r[3] for r in zh)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", zh[0][0])
    page.grab().save("/tmp/h6/history-zh.png")


@pytest.fixture
def sync_page(qtbot, demo_workspace, english):
    page = SyncPage(demo_workspace, period_ms=3_600_000, probe_ms=3_600_000)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    return page


def _cells(model) -> list[str]:
    return [str(model.data(model.index(r, c)) or "") for r in range(model.rowCount()) for c in range(model.columnCount())]


def test_the_sync_queue_and_conflicts_name_records_in_words(qtbot, sync_page, demo_workspace, photo):
    ws = demo_workspace
    vid, school = _visit_with_an_edited_finding(ws, photo)
    # A planned unannounced visit: the queue must not tell whoever looks at the screen where it goes.
    with ws.read() as s:
        other_school = s.scalar(sa.select(School.id).where(School.name != school))
    with ws.write() as s:
        s.add(Visit(school_id=other_school, scope=Scope.SPECIAL, stage=Stage.PROCESS, planning=Planning.ROUTINE,
                    notice=Notice.UNANNOUNCED, planned_on=dt.date.today() + dt.timedelta(days=30), purpose="暗访食堂"))
    with ws.read() as s:
        hidden_school = s.get(School, other_school).name
        line = s.scalars(sa.select(IndicatorResult).where(IndicatorResult.visit_id == vid)).first()
    with ws.write(remote=True) as s:
        s.add(SyncConflict(server_id=9001, entity="indicator_result", entity_id=line.id, field="rating",
                           mine=Rating.NEEDS_IMPROVEMENT.value, theirs=Rating.GOOD.value))
        s.add(SyncConflict(server_id=9002, entity="visit", entity_id=vid, field="notes", mine="午餐时段检查", theirs="早餐"))
    sync_page.refresh()
    qtbot.waitUntil(lambda: len(sync_page.conflicts.rows) == 2 and len(sync_page.queue.rows) > 5, timeout=5000)
    settle(qtbot)

    queue, conflict = _cells(sync_page.queue), _cells(sync_page.conflicts.model)
    _clean(queue + conflict)
    record = f"Finding · {school} · "
    assert any(re.fullmatch(rf"{record}\d{{4}}-\d\d-\d\d inspection · Finding \d: 食堂未公示食品留样记录，留样柜无温度记录", c)
               for c in queue), queue
    assert "changed: Diagnosis: 缺少专人负责" in queue
    assert any(c.startswith(f"Evidence file · {school}") and c.endswith(f"File {photo.name}") for c in queue)
    hidden_row = queue.index("Visit · Hidden unannounced visit")
    assert queue[hidden_row + 1] == "added"  # not its date or purpose either
    assert not any(hidden_school in c or "暗访食堂" in c for c in queue)
    assert ["Rating", "Needs improvement", "Good"] == conflict[1:4]
    assert conflict[0].startswith(f"Checklist line · {school} · ")
    assert ["Notes", "午餐时段检查", "早餐"] == conflict[5:8]
    sync_page.grab().save("/tmp/h6/sync-en.png")

    i18n.apply_language("zh_CN")
    qtbot.waitUntil(lambda: sync_page.title.text() == "同步", timeout=3000)
    queue, conflict = _cells(sync_page.queue), _cells(sync_page.conflicts.model)
    _clean(queue + conflict)
    assert any(c.startswith(f"发现 · {school} · ") and re.search(r"日 督导 · 发现\d：", c) for c in queue), queue
    assert "修改：原因诊断：缺少专人负责" in queue, [c for c in queue if "诊断" in c]
    assert ["评价", "需改进", "好"] == conflict[1:4], conflict
    sync_page.grab().save("/tmp/h6/sync-zh.png")


def test_the_findings_list_rewords_severities_after_a_language_switch(window, qtbot, demo_workspace, photo):
    vid, _school = _visit_with_an_edited_finding(demo_workspace, photo)
    window.open_visit(vid)
    page = window.visits_page.visit_page
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == vid and page.findings.list.count() > 0, timeout=5000)
    page.tabs.setCurrentIndex(1)
    items = page.findings.list
    assert any(items.item(i).text().startswith("[Minor] 食堂未公示") for i in range(items.count()))
    i18n.apply_language("zh_CN")
    qtbot.waitUntil(lambda: any(items.item(i).text().startswith("[一般] 食堂未公示") for i in range(items.count())), timeout=3000)
