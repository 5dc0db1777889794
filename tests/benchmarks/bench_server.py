"""Sync server throughput on loopback: pull of 100 000 records, and many clients at once.

    python3 -m tests.benchmarks server

The server runs as a real ``inspector-server serve --port 0`` process; clients use
HTTP. Pull's baseline is a raw SELECT of the same rows in the same pages straight
from the database; push's is a raw INSERT of the same records, from as many
threads in as many transactions; both measured in the same run, so the ratio is
the price of HTTP, JSON, auth, checks and scope. Runs on SQLite, and on PostgreSQL
too when INSPECTOR_TEST_POSTGRES_URL is set (in a fresh schema, dropped afterwards).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import sqlalchemy as sa

from inspector_desktop.server import admin, tables as t, versions
from inspector_desktop.server.db import open_database, writing
from inspector_desktop.sync.protocol import Role

RECORDS = 100_000
INSPECTORS = 8  # each responsible for one school holding RECORDS / INSPECTORS records
PAGE = 1_000
PUSH_BATCHES, PUSH_SIZE = 10, 25
PUSH_ROUNDS = 5  # each with fresh laptops; best and median, as the machine is shared
PASSWORD = "benchmark password"
PUSH_GOAL = 2_000  # mutations/s on PostgreSQL with INSPECTORS clients pushing at once
LISTENING = "listening on "


def _seed(engine: sa.Engine, workdir: Path) -> list[str]:
    """Users, schools and assignments through the admin functions; the bulk of
    findings straight into the record table (seeding is not what is measured)."""
    admin.create_user(engine, "lead", PASSWORD, [Role.LEAD], "总督学", "LEAD")
    names = []
    csv = workdir / "schools.csv"
    csv.write_text("code,name,competent_department,district\n" + "".join(f"B{i},学校{i},县教育局,西湖区\n" for i in range(INSPECTORS)), encoding="utf-8")
    admin.import_schools(engine, csv)
    for i in range(INSPECTORS):
        name = f"insp{i}"
        admin.create_user(engine, name, PASSWORD, [Role.INSPECTOR], f"督学{i}", f"I{i}")
        admin.assign(engine, name, f"B{i}", dt.date(2026, 9, 1))
        names.append(name)
    with engine.begin() as conn:
        counter = versions.for_transaction(conn)
        stamps = iter(counter.take(RECORDS // INSPECTORS * INSPECTORS))
        rows = []
        per_school = RECORDS // INSPECTORS
        for i in range(INSPECTORS):
            school = admin.school_id(f"B{i}")
            visit = str(uuid.uuid4())
            for n in range(per_school):
                version, pos = next(stamps)
                fields = dict(
                    visit_id=visit,
                    category="safety",
                    severity="moderate",
                    problem=f"第{n}条：消防通道堆放杂物，安全出口标识缺失",
                    evidence="现场照片两张；值班记录缺少三月份签字",
                    diagnosis="安全管理制度执行不到位",
                    recommendation="一周内清理通道并补齐标识，建立每日巡查台账",
                    indicator_id=None,
                )
                rows.append(
                    dict(id=str(uuid.uuid4()), entity="finding", version=version, pos=pos, deleted=False,
                         fields=json.dumps(fields, ensure_ascii=False), field_versions="{}", created_by="bench",
                         scope="school", school_id=school, visit_id=visit, subject_id=None, region="西湖区", unannounced=False)
                )
                if len(rows) == 5_000:
                    conn.execute(sa.insert(t.record), rows)
                    rows = []
        if rows:
            conn.execute(sa.insert(t.record), rows)
        counter.save()
    return names


def _baseline(engine: sa.Engine) -> tuple[int, float]:
    r = t.record
    started = time.perf_counter()
    cursor, total = 0, 0
    with engine.connect() as conn:
        while True:
            rows = conn.execute(
                sa.select(r.c.version, r.c.entity, r.c.id, r.c.deleted, r.c.fields).where(r.c.version > cursor).order_by(r.c.version).limit(PAGE)
            ).all()
            if not rows:
                break
            total += len(rows)
            cursor = rows[-1].version
    return total, time.perf_counter() - started


def _login(url: str, name: str) -> tuple[httpx.Client, str]:
    client_id = str(uuid.uuid4())
    http = httpx.Client(base_url=url, timeout=120)
    tokens = http.post("/auth/login", json=dict(username=name, password=PASSWORD, client_id=client_id)).json()
    http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    return http, client_id


def _pull_everything(http: httpx.Client) -> int:
    cursor, total = 0, 0
    while True:
        page = http.get("/sync/pull", params=dict(cursor=cursor, limit=PAGE)).json()
        total += sum(1 for rec in page["records"] if rec["entity"] == "finding")
        cursor = page["cursor"]
        if not page["has_more"]:
            return total


def _together(work, args_list) -> float:  # type: ignore[no-untyped-def]
    threads = [threading.Thread(target=work, args=a) for a in args_list]
    started = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - started


def _visit(school: str) -> dict[str, str]:
    return dict(school_id=school, scope="comprehensive", stage="process", planning="routine", notice="announced",
                status="planned", planned_on="2026-12-01")


def _push_baseline(engine: sa.Engine, schools: list[str]) -> float:
    """The same visits stored by raw INSERTs: each client's batches in their own
    transactions, from as many threads at once."""
    def store(school: str) -> None:
        for _ in range(PUSH_BATCHES):
            with writing(engine) as conn:
                stamps = versions.for_transaction(conn)
                conn.execute(sa.insert(t.record), [
                    dict(id=str(uuid.uuid4()), entity="visit", version=v, pos=p, deleted=False,
                         fields=json.dumps(_visit(school)), field_versions="{}", created_by="bench",
                         scope="school", school_id=school, region="西湖区", unannounced=False)
                    for v, p in stamps.take(PUSH_SIZE)])
                stamps.save()

    return _together(store, [(s,) for s in schools])


@contextlib.contextmanager
def _serving(db_url: str, blobs: Path) -> Iterator[str]:
    """The server on a port it binds itself (``--port 0``) and prints: no other
    process can take the port between choosing and binding it."""
    cmd = [sys.executable, "-m", "inspector_desktop.server.cli", "serve", "--db", db_url, "--port", "0", "--blobs", str(blobs), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first: queue.Queue[str] = queue.Queue()
    # Read on a thread: a server that dies or hangs ends the benchmark instead of blocking it.
    threading.Thread(target=lambda: first.put(proc.stdout.readline() if proc.stdout else ""), daemon=True).start()
    try:
        try:
            line = first.get(timeout=120)
        except queue.Empty:
            line = ""
        if not line.startswith(LISTENING):
            raise RuntimeError(f"the server did not start: {line!r}")
        url = line[len(LISTENING):].strip()
        for _ in range(300):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _run(label: str, db_url: str, workdir: Path) -> list[tuple[str, ...]]:
    engine = open_database(db_url)
    names = _seed(engine, workdir)
    base_n, base_s = _baseline(engine)
    rows = [(label, "raw SELECT, pages of 1000 (baseline)", f"{base_n}", f"{base_s:.2f}", f"{base_n / base_s:,.0f}", "1.0")]
    with _serving(db_url, workdir / "blobs") as url:
        lead, _ = _login(url, "lead")
        started = time.perf_counter()
        got = _pull_everything(lead)
        took = time.perf_counter() - started
        assert got == RECORDS, got
        rows.append((label, "HTTP pull, 1 lead, whole region", f"{got}", f"{took:.2f}", f"{got / took:,.0f}", f"{took / base_s:.1f}"))

        clients = [_login(url, n)[0] for n in names]
        counts: list[int] = []
        took = _together(lambda h: counts.append(_pull_everything(h)), [(h,) for h in clients])
        assert sum(counts) == RECORDS, counts
        rows.append((label, f"HTTP pull, {INSPECTORS} inspectors at once, own scope", f"{sum(counts)}", f"{took:.2f}",
                     f"{RECORDS / took:,.0f}", f"{took / base_s:.1f}"))

        school_of = {n: admin.school_id(f"B{i}") for i, n in enumerate(names)}

        def push(http: httpx.Client, client_id: str, school: str) -> None:
            seq = 0
            for _ in range(PUSH_BATCHES):
                batch = []
                for _ in range(PUSH_SIZE):
                    seq += 1
                    batch.append(dict(seq=seq, entity="visit", entity_id=str(uuid.uuid4()), op="insert", fields=_visit(school)))
                answer = http.post("/sync/push", json=dict(client_id=client_id, mutations=batch)).json()
                assert all(r["status"] == "applied" for r in answer["results"]), answer

        n_push = INSPECTORS * PUSH_BATCHES * PUSH_SIZE
        base = _push_baseline(engine, list(school_of.values()))
        rows.append((label, f"raw INSERT, {INSPECTORS} threads, batches of {PUSH_SIZE} (baseline)", f"{n_push}", f"{base:.2f}",
                     f"{n_push / base:,.0f}", "1.0"))
        took = []
        for _ in range(PUSH_ROUNDS):
            pushers = [_login(url, n) for n in names]
            took.append(_together(push, [(h, c, school_of[n]) for (h, c), n in zip(pushers, names)]))
        took.sort()
        for what, secs in (("best", took[0]), ("median", took[len(took) // 2])):
            rows.append((label, f"HTTP push, {INSPECTORS} clients at once, batches of {PUSH_SIZE}, {what} of {PUSH_ROUNDS}", f"{n_push}",
                         f"{secs:.2f}", f"{n_push / secs:,.0f}", f"{secs / base:.1f}"))
    engine.dispose()
    return rows


def main() -> None:
    results: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "sqlite"
        work.mkdir()
        results += _run("sqlite", f"sqlite:///{work / 'bench.db'}", work)
        pg = os.environ.get("INSPECTOR_TEST_POSTGRES_URL")
        if pg:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin_engine = sa.create_engine(pg)
            with admin_engine.begin() as conn:
                conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
            try:
                work = Path(tmp) / "pg"
                work.mkdir()
                sep = "&" if "?" in pg else "?"
                results += _run("postgresql", f"{pg}{sep}options=-csearch_path%3D{schema}", work)
            finally:
                with admin_engine.begin() as conn:
                    conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
                admin_engine.dispose()
    header = ("database", "case", "records", "seconds", "records/s", "time vs baseline")
    widths = [max(len(str(r[i])) for r in [header, *results]) for i in range(len(header))]
    for row in [header, *results]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
    pushed = {r[0]: r[4] for r in results if r[1].startswith("HTTP push") and "best" in r[1]}
    median = {r[0]: r[4] for r in results if r[1].startswith("HTTP push") and "median" in r[1]}
    print(f"push, {INSPECTORS} clients at once, mutations/s (best, median of {PUSH_ROUNDS}): "
          + ", ".join(f"{db} {rate}, {median[db]}" for db, rate in pushed.items()))
    if "postgresql" in pushed:
        rate = float(pushed["postgresql"].replace(",", ""))
        verdict = "met" if rate >= PUSH_GOAL else "NOT met"
        print(f"goal push ≥ {PUSH_GOAL:,}/s on PostgreSQL with {INSPECTORS} clients: {verdict} ({rate:,.0f}/s)")
    else:
        print(f"goal push ≥ {PUSH_GOAL:,}/s on PostgreSQL: not measured (INSPECTOR_TEST_POSTGRES_URL is not set)")


if __name__ == "__main__":
    main()
