"""Makes edits through the store forever, printing each one once it is acknowledged.

Run by tests/unit/test_crash_safety.py, which kills it with SIGKILL at a random
moment; every id printed here must survive the kill.
"""

from __future__ import annotations

import datetime as dt
import sys

import sqlalchemy as sa

from inspector_desktop.domain import Category, Notice, Planning, Scope, Severity, Stage
from inspector_desktop.store import open_workspace
from inspector_desktop.store.models import Finding, School, Visit


def main(data_dir: str) -> None:
    ws = open_workspace(data_dir)
    with ws.write() as s:
        visit_id = s.scalar(sa.select(Visit.id).limit(1))
        if visit_id is None:
            school = School(code="K1", name="城东初级中学", competent_department="区教育局")
            s.add(school)
            s.flush()
            visit = Visit(school_id=school.id, scope=Scope.COMPREHENSIVE, stage=Stage.PROCESS,
                          planning=Planning.ROUTINE, notice=Notice.ANNOUNCED, planned_on=dt.date(2026, 11, 22))
            s.add(visit)
            s.flush()
            visit_id = visit.id
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        with ws.write() as s:
            finding = Finding(visit_id=visit_id, category=Category.SAFETY, severity=Severity.MINOR,
                              problem=f"消防通道堆放杂物 #{n}", evidence="x" * (n % 500))
            s.add(finding)
            s.get(Visit, visit_id).notes = f"第{n}条记录"
        # Only after the commit returned is the edit acknowledged to the inspector.
        print(finding.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
