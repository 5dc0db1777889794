"""The region's 督导报告 over 100 000 visits: ``office_report()`` (SQLAlchemy, the
figures the PDF and the spreadsheet print) against the same figures by raw SQL on
the workspace's own sqlite3 connection, measured in one run (goal: at most 3x).
The PDF and the spreadsheet made from the figures are timed too, for the record.

Uses the workspace in $INSPECTOR_BENCH_DATA (default: the UI benchmark's
inspector-bench-100k in the temporary folder), built once with the demo builder:
    inspector-desktop demo --data-dir DIR --visits 100000 --as-of 2026-11-22
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from tests.benchmarks import median_seconds

VISITS = 100_000
AS_OF = dt.date(2026, 11, 22)
PERIOD = "2026"
GOAL = 3.0
RUNS = 5

_DONE = "v.deleted = 0 AND v.status = 'completed' AND v.planned_on BETWEEN :start AND :end"
RAW = {
    "schools": "SELECT id, code, name FROM school WHERE deleted = 0",
    "visits": f"SELECT v.school_id, count(*) FROM visit v WHERE {_DONE} GROUP BY v.school_id",
    "findings": f"""SELECT v.school_id, f.category, f.severity, count(*) FROM finding f JOIN visit v ON v.id = f.visit_id
                    WHERE f.deleted = 0 AND {_DONE} GROUP BY v.school_id, f.category, f.severity""",
    "repeats": f"""SELECT now.sid, now.cat, now.n, before.n, before.last FROM
                   (SELECT v.school_id sid, f.category cat, count(*) n FROM finding f JOIN visit v ON v.id = f.visit_id
                    WHERE f.deleted = 0 AND {_DONE} GROUP BY 1, 2) now JOIN
                   (SELECT v.school_id sid, f.category cat, count(*) n, max(v.planned_on) last FROM finding f
                    JOIN visit v ON v.id = f.visit_id WHERE f.deleted = 0 AND v.deleted = 0 AND v.status = 'completed'
                    AND v.planned_on < :start GROUP BY 1, 2) before ON before.sid = now.sid AND before.cat = now.cat""",
    "rectifications": """SELECT r.school_id,
                    sum(r.status = 'verified' AND r.verified_on IS NOT NULL AND r.verified_on <= q.deadline),
                    sum(r.status = 'verified' AND NOT (r.verified_on IS NOT NULL AND r.verified_on <= q.deadline)),
                    sum(r.status IN ('open', 'reported') AND NOT (r.status = 'open' AND r.deadline < :as_of)),
                    sum(r.status IN ('overdue', 'escalated') OR (r.status = 'open' AND r.deadline < :as_of))
                    FROM rectification r JOIN requirement q ON q.id = r.requirement_id
                    JOIN feedback_form ff ON ff.id = q.form_id JOIN visit v ON v.id = ff.visit_id
                    WHERE r.deleted = 0 AND v.deleted = 0 AND v.planned_on BETWEEN :start AND :end
                    GROUP BY r.school_id""",
    "steps": """SELECT e.school_id, e.kind, e.decided_on, e.decided_by, e.reason, ff.number, q.text, q.deadline,
                    (SELECT ri.verdict FROM reinspection ri WHERE ri.rectification_id = e.rectification_id
                     AND ri.deleted = 0 AND ri.inspected_on <= e.decided_on ORDER BY ri.inspected_on DESC LIMIT 1)
                FROM escalation e LEFT JOIN rectification r ON r.id = e.rectification_id
                LEFT JOIN requirement q ON q.id = r.requirement_id LEFT JOIN feedback_form ff ON ff.id = q.form_id
                WHERE e.deleted = 0 AND e.kind IN ('interview', 'public_notification', 'accountability')
                AND e.decided_on BETWEEN :start AND :end""",
    "step_counts": """SELECT kind, count(*) FROM escalation WHERE deleted = 0
                      AND kind IN ('interview', 'public_notification', 'accountability')
                      AND decided_on BETWEEN :start AND :end GROUP BY kind""",
    "objections": """SELECT count(*), sum(o.replied_on IS NOT NULL), sum(o.replied_on > o.reply_deadline),
                      sum(o.replied_on IS NULL), sum(o.replied_on IS NULL AND o.reply_deadline < :as_of)
                      FROM school_response o JOIN feedback_form ff ON ff.id = o.form_id
                      JOIN visit v ON v.id = ff.visit_id WHERE o.deleted = 0 AND o.kind = 'objection'
                      AND o.received_on BETWEEN :start AND :end""",
    "load": """SELECT a.inspector_id, count(DISTINCT a.school_id), count(DISTINCT CASE WHEN s.is_large THEN s.id END)
               FROM school_assignment a JOIN school s ON s.id = a.school_id WHERE a.deleted = 0 AND s.deleted = 0
               AND a.since <= :ref AND (a.until IS NULL OR a.until >= :ref) GROUP BY a.inspector_id""",
    "training": """SELECT inspector_id, sum(minutes) FROM training_record WHERE deleted = 0
                   AND attended_on BETWEEN :year_start AND :ref GROUP BY inspector_id""",
    "team": f"""SELECT m.inspector_id, count(DISTINCT v.id) FROM visit_team_member m JOIN visit v ON v.id = m.visit_id
                WHERE m.deleted = 0 AND {_DONE} GROUP BY m.inspector_id""",
    "inspectors": "SELECT id, code, name, is_lead FROM inspector WHERE deleted = 0 AND active = 1 ORDER BY code",
}


def _raw(ws, start: dt.date, end: dt.date) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    ref = min(AS_OF, end)
    params = {"start": start.isoformat(), "end": end.isoformat(), "as_of": AS_OF.isoformat(),
              "ref": ref.isoformat(), "year_start": dt.date(ref.year, 1, 1).isoformat()}
    with ws.read() as s:
        # The workspace's own DB-API connection: raw SQL, no ORM, no statement building.
        con = s.connection().connection.driver_connection
        return {name: con.execute(sql, params).fetchall() for name, sql in RAW.items()}


def _median_s(fn, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    return median_seconds(fn, runs)


def main() -> None:
    from inspector_desktop.domain.office_report import parse_period
    from inspector_desktop.reports.office_report import build_report_pdf
    from inspector_desktop.reports.office_xlsx import build_report_xlsx
    from inspector_desktop.store import StoreError, open_workspace
    from inspector_desktop.store.demo import build_demo
    from inspector_desktop.store.office_report import office_report

    root = Path(os.environ.get("INSPECTOR_BENCH_DATA") or Path(tempfile.gettempdir()) / "inspector-bench-100k")
    period = parse_period(PERIOD)
    try:
        open_workspace(root).close()
    except StoreError:
        # Cached by an earlier run whose keyring (the benchmarks' own, removed after
        # each run) held its key: it cannot be opened again, so it is built again.
        print(f"{root} cannot be opened (its key went with an earlier run's keyring); building it again", flush=True)
        shutil.rmtree(root)
    with open_workspace(root) as ws:
        if not ws.setting("demo"):
            print(f"building a {VISITS}-visit demo in {root} (once)…", flush=True)
            build_demo(ws, visits=VISITS, as_of=AS_OF)
        report = office_report(ws, period, AS_OF)  # warm-up: imports, page cache, rule file
        raw = _raw(ws, period.start, period.end)
        assert sum(n for _sid, n in raw["visits"]) == report.visits_done, "the baseline counts other visits"
        raw_s = _median_s(lambda: _raw(ws, period.start, period.end))
        ours_s = _median_s(lambda: office_report(ws, period, AS_OF))
        pdf_s = _median_s(lambda: build_report_pdf(report, "zh_CN"), runs=3)
        xlsx_s = _median_s(lambda: build_report_xlsx(report, "zh_CN"), runs=3)
    ratio = ours_s / raw_s
    print(f"region report {PERIOD}: {report.visits_done} visits done, {report.findings_total} findings, "
          f"{report.rectifications.total} rectifications, {len(report.steps)} escalations; medians of {RUNS}")
    print(f"{'what':<52}{'ms':>10}{'vs raw':>9}")
    for what, secs in (("raw SQL aggregation of the same figures (baseline)", raw_s),
                       ("office_report() figures", ours_s),
                       ("PDF from the figures (zh_CN)", pdf_s), ("XLSX from the figures (write-only)", xlsx_s)):
        print(f"{what:<52}{secs * 1000:>10.1f}{secs / raw_s:>8.1f}x")
    print(f"goal: figures ≤ {GOAL:.0f}× the raw SQL → {'met' if ratio <= GOAL else 'NOT met'} ({ratio:.2f}×)")


if __name__ == "__main__":
    main()
