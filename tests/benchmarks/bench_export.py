"""Export of 100 000 visits: ``export()`` to CSV and XLSX against a raw sqlite3 +
csv.writer dump of the same rows (same joins, same order), measured in one run.

Uses the workspace in $BENCH_EXPORT_DIR (default: a temporary folder), building
the demo there first if it is empty:
    inspector-desktop demo --data-dir DIR --visits 100000
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path
from tests.support import raw

VISITS = 100_000
XLSX_GOAL = 4.0  # × the raw dump measured in the same run

RAW = """
SELECT v.id, s.code, s.name, v.planned_on, v.status, v.scope, v.stage, v.planning, v.notice,
       i.name, v.purpose, v.notes, f.number
FROM visit v JOIN school s ON s.id = v.school_id
LEFT JOIN visit_team_member m ON m.visit_id = v.id AND m.role = 'leader' AND m.deleted = 0
LEFT JOIN inspector i ON i.id = m.inspector_id
LEFT JOIN feedback_form f ON f.id = v.reinspection_of_form_id
WHERE v.deleted = 0 AND NOT (v.notice = 'unannounced' AND v.status = 'planned')
ORDER BY v.planned_on, v.id
"""


def _raw_dump(db: Path, out: Path) -> int:
    con = raw.connect(db)
    try:
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            n = 0
            for row in con.execute(RAW):
                w.writerow(row)
                n += 1
        return n
    finally:
        con.close()


HEADER = ["记录ID", "学校编号", "学校", "督导日期", "状态", "范围", "阶段", "计划方式", "明察/暗访", "组长", "督导事项",
          "记录", "复查的督导意见书"]


def _ids(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [row[0] for row in csv.reader(fh)][1:]


def _time(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    from inspector_desktop.export import export
    from inspector_desktop.store import open_workspace
    from inspector_desktop.store.demo import build_demo

    root = Path(os.environ.get("BENCH_EXPORT_DIR") or tempfile.mkdtemp(prefix="bench-export-"))
    out = Path(tempfile.mkdtemp(prefix="bench-export-out-"))
    with open_workspace(root) as ws:
        if not ws.setting("demo"):
            print(f"building a {VISITS}-visit demo in {root} …", flush=True)
            build_demo(ws, visits=VISITS)
        raw_s, raw_n = _time(lambda: _raw_dump(ws.data_dir.database, out / "raw.csv"))
        csv_s, csv_r = _time(lambda: export(ws, "visits", "csv", out / "visits.csv"))
        ticks = []
        xlsx_s, xlsx_r = _time(lambda: export(ws, "visits", "xlsx", out / "visits.xlsx",
                                              progress=lambda d, t: ticks.append(d)))
    assert raw_n == csv_r.rows == xlsx_r.rows, (raw_n, csv_r.rows, xlsx_r.rows)
    # The export puts values into words (已完成, not completed): compare the rows by id, in order.
    same = _ids(out / "raw.csv") == _ids(out / "visits.csv")
    print(f"{'what':<34}{'rows':>9}{'seconds':>10}{'rows/s':>11}{'vs raw':>9}")
    for name, secs in (("raw sqlite3 + csv.writer (baseline)", raw_s), ("export() csv", csv_s),
                       ("export() xlsx (streamed)", xlsx_s)):
        print(f"{name:<34}{raw_n:>9}{secs:>10.2f}{raw_n / secs:>11,.0f}{secs / raw_s:>8.1f}x")
    print(f"csv has the raw dump's rows in its order: {same}; xlsx progress callbacks: {len(ticks)}")
    ratio = xlsx_s / raw_s
    print(f"goal: XLSX within {XLSX_GOAL:.0f}× the raw dump — {'met' if ratio <= XLSX_GOAL else 'NOT met'} ({ratio:.1f}×)")


if __name__ == "__main__":
    main()
