"""One visit's record: its audit history."""

from __future__ import annotations

from inspector_desktop.store import edits, visit_record
from tests.unit.test_visit_list import _plan_unannounced


def test_history_lists_edits_of_the_visit_and_its_findings(demo_workspace):
    school, vid, _key = _plan_unannounced(demo_workspace)
    fid = edits.add_finding(demo_workspace, vid, "厕所无洗手液")
    edits.update_field(demo_workspace, "finding", fid, "diagnosis", "保洁检查缺失")
    entries = visit_record.visit_history(demo_workspace, vid)
    kinds = [(e.entity, e.action) for e in entries]
    assert kinds[0] == ("finding", "update") and ("visit", "insert") in kinds and ("finding", "insert") in kinds
    assert ("diagnosis", "", "保洁检查缺失") in entries[0].fields
