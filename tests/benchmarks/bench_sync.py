"""Client sync on loopback: first sync of 100 000 records, no-op syncs, a push of 1 000 changes.

    python3 -m tests.benchmarks sync

The server runs as a real ``inspector-server serve`` process. The floor for the
first sync is the least any client could do with the same rows, measured in the
same run: parse the very same pull pages as plain JSON and insert them with
sqlite3 into a bare table, one transaction per page (the goal's baseline; the
same into a bare table of an encrypted workspace is shown beside it, as the
laptop's own database is encrypted). The search index is built after a first
sync, while the laptop is already in use; its time is shown beneath. The no-op
ratio compares a sync with nothing to do on a 1 000-record workspace against one
on 100 000: cost must follow the changes, not the size of the database.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa

from inspector_desktop.server import admin, tables as t, versions
from inspector_desktop.server.db import open_database
from inspector_desktop.store import open_workspace, search
from inspector_desktop.store.models import Finding
from inspector_desktop.sync.engine import SyncEngine
from inspector_desktop.sync.protocol import MAX_PULL_LIMIT, Role
from inspector_desktop.sync.transport import Transport
from tests.benchmarks.bench_server import PASSWORD, _serving
from tests.support import raw

BIG, SMALL, PUSHED = 100_000, 1_000, 1_000
NOW = "2026-11-22 08:00:00.000000"
FIRST_SYNC_GOAL = 2.0  # × the floor measured in the same run


def _seed(engine: sa.Engine, workdir: Path, name: str, code: str, n: int) -> None:
    """One inspector, one school, one visit and ``n`` findings on it (seeding is not measured)."""
    csv = workdir / f"{code}.csv"
    csv.write_text(f"code,name,competent_department,district\n{code},学校{code},县教育局,西湖区\n", encoding="utf-8")
    admin.import_schools(engine, csv)
    admin.create_user(engine, name, PASSWORD, [Role.INSPECTOR], name, name.upper())
    admin.assign(engine, name, code, dt.date(2026, 9, 1))
    school = admin.school_id(code)
    visit = str(uuid.uuid4())
    place = dict(scope="school", school_id=school, visit_id=visit, subject_id=None, region="西湖区", unannounced=False)
    with engine.begin() as conn:
        counter = versions.for_transaction(conn)
        stamps = iter(counter.take(n + 1))
        version, pos = next(stamps)
        conn.execute(sa.insert(t.record), [dict(
            id=visit, entity="visit", version=version, pos=pos, deleted=False, created_by="bench", field_versions="{}",
            fields=json.dumps(dict(school_id=school, scope="comprehensive", stage="process", planning="routine",
                                   notice="announced", status="planned", planned_on="2026-12-01", purpose="", notes="")),
            **place)])
        rows = []
        for i in range(n):
            version, pos = next(stamps)
            fields = dict(visit_id=visit, category="safety", severity="moderate",
                          problem=f"第{i}条：消防通道堆放杂物，安全出口标识缺失", evidence="现场照片两张",
                          diagnosis="安全管理制度执行不到位", recommendation="一周内清理通道并补齐标识", indicator_id=None)
            rows.append(dict(id=str(uuid.uuid4()), entity="finding", version=version, pos=pos, deleted=False, created_by="bench",
                             field_versions="{}", fields=json.dumps(fields, ensure_ascii=False), **place))
            if len(rows) == 5_000:
                conn.execute(sa.insert(t.record), rows)
                rows = []
        if rows:
            conn.execute(sa.insert(t.record), rows)
        counter.save()


def _laptop(root: Path, url: str, name: str) -> SyncEngine:
    ws = open_workspace(root)
    transport = Transport(url)
    pair = transport.login(name, PASSWORD, ws.client_id)
    return SyncEngine(ws, transport, pair.account.id)


def _floor(url: str, name: str, workdir: Path, search_index: bool = False, encrypted: bool = False) -> tuple[int, float, float]:
    """Fetch the same pages raw (not timed), then time plain json + sqlite3 inserts;
    with ``search_index`` into a fresh workspace's own finding table, whose trigram
    search index is updated by triggers on every insert; with ``encrypted`` into a
    bare table of a fresh workspace, encrypted as every workspace is."""
    http = httpx.Client(base_url=url, timeout=300)
    token = http.post("/auth/login", json=dict(username=name, password=PASSWORD, client_id=str(uuid.uuid4()))).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"
    bodies, cursor = [], 0
    fetch_started = time.perf_counter()
    while True:
        r = http.get("/sync/pull", params=dict(cursor=cursor, limit=MAX_PULL_LIMIT))
        bodies.append(r.content)
        page = json.loads(r.content)
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    fetch_s = time.perf_counter() - fetch_started
    if search_index or encrypted:
        ws = open_workspace(workdir / ("floor-ws" if search_index else "floor-encrypted"))
        path = ws.data_dir.database
        ws.close()
    else:
        path = workdir / "floor.sqlite3"
    # The workspace's file is encrypted: the floor writes it under its key, as the app does.
    con = raw.connect(path, isolation_level=None) if search_index or encrypted else sqlite3.connect(path, isolation_level=None)
    table = "finding" if search_index else "bare_finding"
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    if not search_index:
        con.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, server_version INT, deleted INT, visit_id TEXT, category TEXT,"
                    " severity TEXT, problem TEXT, evidence TEXT, diagnosis TEXT, recommendation TEXT, indicator_id TEXT,"
                    " created_at TEXT, updated_at TEXT)")
    started = time.perf_counter()
    n = 0
    for body in bodies:
        page = json.loads(body)
        rows = [(r["id"], r["version"], r["deleted"], *(r["fields"].get(k) for k in (
            "visit_id", "category", "severity", "problem", "evidence", "diagnosis", "recommendation", "indicator_id")), NOW, NOW)
            for r in page["records"] if r["entity"] == "finding"]
        con.execute("BEGIN")
        con.executemany(f"INSERT INTO {table} (id, server_version, deleted, visit_id, category, severity, problem, evidence,"
                        " diagnosis, recommendation, indicator_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.execute("COMMIT")
        n += len(rows)
    took = time.perf_counter() - started
    con.close()
    http.close()
    return n, took, fetch_s


def _noop(engine: SyncEngine, times: int = 7) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        report = engine.sync()
        samples.append(time.perf_counter() - started)
        assert report.pulled == 0 and report.pushed == 0, report
    return statistics.median(samples)


def _server_noop(engine: SyncEngine, times: int = 7) -> float:
    """The server's answer alone: one empty pull page at the laptop's cursor."""
    cursor = int(engine.ws.setting("sync.cursor", "0") or 0)
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        engine.t.request("GET", "/sync/pull", params={"cursor": cursor, "limit": MAX_PULL_LIMIT})
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    rows: list[tuple[str, ...]] = []
    first_ratio = encrypted_ratio = float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db_url = f"sqlite:///{work / 'server.db'}"
        server_db = open_database(db_url)
        _seed(server_db, work, "big", "BIG", BIG)
        _seed(server_db, work, "small", "SMALL", SMALL)
        server_db.dispose()
        with _serving(db_url, work / "blobs") as url:
            n_floor, floor_s, fetch_s = _floor(url, "big", work)
            rows.append(("floor: json.loads + sqlite3 insert, same pages", f"{n_floor}", f"{floor_s:.2f}", f"{n_floor / floor_s:,.0f}", "1.0"))
            rows.append(("  the server alone: fetching those pages over HTTP", f"{n_floor}", f"{fetch_s:.2f}",
                         f"{n_floor / fetch_s:,.0f}", f"{fetch_s / floor_s:.1f}"))
            n_enc, enc_s, _ = _floor(url, "big", work, encrypted=True)
            rows.append(("  same, into a bare table of an encrypted workspace", f"{n_enc}", f"{enc_s:.2f}",
                         f"{n_enc / enc_s:,.0f}", f"{enc_s / floor_s:.1f}"))
            n_fts, fts_s, _ = _floor(url, "big", work, search_index=True)
            rows.append(("  same, into the workspace table with its search index", f"{n_fts}", f"{fts_s:.2f}",
                         f"{n_fts / fts_s:,.0f}", f"{fts_s / floor_s:.1f}"))

            big = _laptop(work / "big", url, "big")
            started, cpu_started = time.perf_counter(), time.process_time()
            report = big.sync()
            took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            assert report.pulled >= BIG, report
            rows.append(("first sync, 100 000 records (HTTP + checks + store)", f"{report.pulled}", f"{took:.2f}",
                         f"{report.pulled / took:,.0f}", f"{took / floor_s:.1f}"))
            # On a shared machine the wall time waits for the processor; this does not.
            rows.append(("  the laptop's own processor time in it", f"{report.pulled}", f"{cpu:.2f}",
                         f"{report.pulled / cpu:,.0f}", f"{cpu / floor_s:.1f}"))
            first_ratio, encrypted_ratio = took / floor_s, took / enc_s
            # The search index is built after the sync, while the laptop is in use
            # (searches read the rows not indexed yet directly): shown, not hidden.
            started = time.perf_counter()
            indexed = search.catch_up(big.ws)
            index_s = time.perf_counter() - started
            rows.append(("  then the search index catching up, in the background", f"{indexed}", f"{index_s:.2f}",
                         f"{indexed / index_s:,.0f}", f"{index_s / floor_s:.1f}"))

            small = _laptop(work / "small", url, "small")
            small.sync()
            t_small, t_big = _noop(small), _noop(big)
            rows.append(("no-op sync, 1 000 records", "0", f"{t_small * 1000:.1f} ms", "-", "1.0"))
            rows.append(("no-op sync, 100 000 records", "0", f"{t_big * 1000:.1f} ms", "-", f"{t_big / t_small:.2f}"))
            s_small, s_big = _server_noop(small), _server_noop(big)
            rows.append(("  of which the server's empty pull page, 1 000", "0", f"{s_small * 1000:.1f} ms", "-", "1.0"))
            rows.append(("  of which the server's empty pull page, 100 000", "0", f"{s_big * 1000:.1f} ms", "-", f"{s_big / s_small:.2f}"))
            c_small, c_big = t_small - s_small, t_big - s_big
            rows.append(("  client's own work (difference of medians), 100 000", "0", f"{c_big * 1000:.1f} ms", "-", f"{c_big / max(c_small, 1e-6):.2f}"))

            with small.ws.write() as s:
                for i, finding in enumerate(s.scalars(sa.select(Finding).limit(PUSHED))):
                    finding.diagnosis = f"复核意见 {i}"
            started = time.perf_counter()
            report = small.sync()
            took = time.perf_counter() - started
            assert report.applied == PUSHED, report
            rows.append(("push 1 000 changes (then pull them back)", f"{PUSHED}", f"{took:.2f}", f"{PUSHED / took:,.0f}", "-"))
            for laptop in (big, small):
                laptop.t.close()
                laptop.ws.close()

    head = ("measure", "records", "time", "records/s", "ratio")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print(f"goal: a first sync within {FIRST_SYNC_GOAL:.1f}× the floor — "
          f"{'met' if first_ratio <= FIRST_SYNC_GOAL else 'NOT met'} ({first_ratio:.1f}×; {encrypted_ratio:.1f}× the encrypted floor)")


if __name__ == "__main__":
    main()
