"""The sync invariants of DESIGN.md, checked after every step of random work.

A Hypothesis state machine runs three inspector laptops and a lead's laptop (real
workspaces, the real sync engine) against the real server on 127.0.0.1, over
SQLite and PostgreSQL. Laptops plan visits with teams across schools and regions,
rate the same checklist lines offline, add findings, edit fields; a workspace
begun empty signs in later; the office assigns schools; anyone syncs at any time.
After every step: no sync raised, one record per natural key on the server,
every local reference names a local row, nothing the server acknowledged is
lost, and the server refused nothing a laptop held but what scope explains. Now
and then, and always at the end, everyone syncs twice in turn: then the laptops
agree and nothing is left set aside. Cases the machine found are kept below it
as plain tests.

CI runs 8 examples of 30 steps (about 40 s per database here); a long run by hand
(no pytest timeout then; -s prints what was exercised):

    INSPECTOR_SYNC_SOAK_EXAMPLES=200 python3 -m pytest -s tests/sync/test_integrity_machine.py
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from hypothesis import HealthCheck, Phase, event, note, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from inspector_desktop.domain import Notice, Rating, Severity, TeamRole
from inspector_desktop.paths import DB_FILENAME, KEY_FILENAME
from inspector_desktop.server import admin, security, tables as t
from inspector_desktop.server.db import open_database
from inspector_desktop.store import open_workspace
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.edits import add_finding, add_school, set_indicator_result, start_profile, update_field
from inspector_desktop.store.models import Finding, Indicator, IndicatorResult, Inspector, School, Visit
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState, SetAside, SyncConflict
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.sync import schema
from inspector_desktop.sync.engine import SyncReport
from inspector_desktop.sync.protocol import MutationResult, MutationStatus, Role
from tests.server.conftest import db_url  # noqa: F401 - sqlite and postgres
from tests.sync.conftest import Laptop, _Named
from tests.sync.test_integrity import _converged, _plan
from tests.support import raw

CI_EXAMPLES = 8
STEPS = 30
MAX_ASSIGNMENTS = 4
SETTLE_EVERY = 12  # steps between two rounds of everyone syncing
SOAK_ENV = "INSPECTOR_SYNC_SOAK_EXAMPLES"
SOAK = int(os.environ.get(SOAK_ENV) or 0)

INSPECTORS = ("i0", "i1", "i2", "e")  # i2 is of the other region; e begins with an empty workspace
LAPTOPS = ("i0", "i1", "i2", "lead", "e")
TEXTS = ("食堂整洁", "留样不足", "消防通道堵塞", "教案齐全", "note", "")
# Laptop folders in memory where there is a RAM disk: every sync commits with
# synchronous=FULL, and a disk's fsync was a third of each step.
MEMORY_DIR = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
LINES = 3  # only the first lines of a checklist: several laptops rating one line is the point


@pytest.fixture(scope="module")
def engine(db_url: str):  # noqa: F811 - the server's database, both kinds
    e = open_database(db_url)
    yield e
    e.dispose()


@pytest.fixture(scope="module")
def cheap_passwords():
    """Argon2 at its real cost takes about 0.4 s per account and per sign-in here, and
    every example makes five of each. Passwords play no part in sync; verifying reads
    the cost from the stored hash, so only hashing needs the cheaper setting."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))
        yield


@pytest.fixture(scope="module")
def blank_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new workspace's database file, made once: opening one from nothing (migrations,
    shipped checklists) takes half a second, a copy a twentieth. Without a client id,
    so each copy makes its own on opening, as a new laptop does."""
    root = tmp_path_factory.mktemp("blank") / "ws"
    ws = open_workspace(root)
    with ws.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM setting WHERE key = 'client_id'"))
    ws.close()
    con = raw.connect(root / DB_FILENAME)
    try:
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    assert busy == 0
    return root / DB_FILENAME


@dataclass
class World:
    """What the machine needs from the module: the server, its database, the office."""

    engine: sa.Engine
    server: Any
    office: Any
    blank: Path
    examples: int = 0
    steps: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # rules run and cases seen, for the run's summary

    def summary(self) -> str:
        seen = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return f"{self.examples} examples, {self.steps} steps; {seen}"


def step(f: Callable[..., None]) -> Callable[..., None]:
    """Marks the machine broken until the step returns: the final round of syncs in
    teardown runs only after steps that all passed, so a failure is reported once."""

    @functools.wraps(f)
    def run(self: SyncIntegrity, *args: Any, **kwargs: Any) -> None:
        self.broken = True
        f(self, *args, **kwargs)
        self.broken = False
        self.steps += 1
        self.world.steps += 1
        self.world.counts[f.__name__] += 1

    return run


class SyncIntegrity(RuleBasedStateMachine):
    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        world.examples += 1
        self.broken = True
        self.steps = self.settled_at = self.assignments = 0
        self.folders: list[Path] = []
        self.laptops: dict[str, Laptop] = {}
        self.empty_ws: Workspace | None = None  # the workspace begun empty, until it signs in
        self.empty_school = 0  # the school typed into it
        self.typed_school_hidden: bool | None = None
        self.visits: list[str] = []  # in the order planned: rules pick "the k-th visit this laptop holds"
        self.findings: list[str] = []
        self.dirty: set[str] = set()  # laptops whose database changed since the last check
        self.server_dirty = True
        office = world.office
        # Fresh regions, schools and people per example: nothing of an earlier example
        # is in anyone's scope (a lead sees their region; colleagues are global).
        tag = uuid.uuid4().hex[:6]
        self.region, self.other_region = f"西湖区{tag}", f"萧山区{tag}"
        self.codes = [office.school(district=self.region) for _ in range(2)]
        self.users: dict[str, tuple[str, str]] = {
            "i0": office.user(region=self.region),
            "i1": office.user(region=self.region),
            "i2": office.user(region=self.other_region),
            "e": office.user(region=self.region),
            "lead": office.user(Role.LEAD, region=self.region),
        }
        self.names = {account_id: name for name, (_u, account_id) in self.users.items()}
        self.assigned: set[tuple[str, int]] = set()
        for who, school in (("i0", 0), ("i1", 0), ("i1", 1)):
            self._assign(who, school)
        try:
            for who in ("i0", "i1", "i2", "lead"):
                self.laptops[who] = Laptop(self._folder(), world.server.url, self.users[who][0])
                self.laptops[who].sync()  # signed in: the office's records arrive
        except BaseException:
            self._close()  # no teardown for a machine that was never made
            raise
        self.dirty = set(self.laptops)
        self.broken = False

    # ------------------------------------------------------------ helpers

    def _folder(self) -> Path:
        root = Path(tempfile.mkdtemp(prefix="laptop-", dir=MEMORY_DIR))
        self.folders.append(root)
        shutil.copyfile(self.world.blank, root / DB_FILENAME)
        shutil.copyfile(self.world.blank.with_name(KEY_FILENAME), root / KEY_FILENAME)
        return root

    def _assign(self, who: str, school: int) -> None:
        admin.assign(self.world.engine, self.users[who][0], self.codes[school], dt.date(2026, 9, 1))
        self.assigned.add((who, school))
        self.server_dirty = True

    def _ws(self, who: str) -> Workspace | None:
        if who in self.laptops:
            return self.laptops[who].ws
        return self.empty_ws if who == "e" else None

    def _held_visits(self, ws: Workspace) -> list[str]:
        with ws.read() as s:
            here = set(s.scalars(sa.select(Visit.id).where(Visit.deleted.is_(False))))
        return [v for v in self.visits if v in here]

    def _lines(self, ws: Workspace, visit: str) -> list[str]:
        with ws.read() as s:
            template = s.get(Visit, visit).template_id
            return list(s.scalars(sa.select(Indicator.id).where(Indicator.template_id == template).order_by(Indicator.ordinal).limit(LINES)))

    def _team_candidates(self, ws: Workspace) -> list[str]:
        """Inspectors this laptop can put on a team: the accounts it holds, in a fixed
        order, and its own profile while that is still a local record."""
        mine = current_inspector_id(ws)
        ids = [self.users[n][1] for n in INSPECTORS] + ([mine] if mine and mine not in self.names else [])
        with ws.read() as s:
            here = set(s.scalars(sa.select(Inspector.id).where(Inspector.id.in_(ids))))
        return [i for i in ids if i in here]

    def _seen(self, case: str) -> None:
        event(case)
        self.world.counts[case] += 1

    def _label(self, ids: list[str]) -> list[str]:
        return [self.names.get(i, "own profile") for i in ids]

    # ------------------------------------------------------------ laptops at work

    @rule(who=st.sampled_from(LAPTOPS), school=st.integers(0, 1), leader=st.integers(0, 4),
          members=st.sets(st.integers(0, 4), max_size=3), notice=st.sampled_from(Notice))
    @step
    def plan_visit(self, who: str, school: int, leader: int, members: set[int], notice: Notice) -> None:
        ws = self._ws(who)
        if ws is None:
            return
        with ws.read() as s:
            held = [sid for code in self.codes if (sid := s.scalar(sa.select(School.id).where(School.code == code)))]
        candidates = self._team_candidates(ws)
        if not held or not candidates:
            return
        school_id = held[school % len(held)]
        head = candidates[leader % len(candidates)]
        team = [head] + [c for c in candidates if c != head and candidates.index(c) in {m % len(candidates) for m in members}]
        visit = _plan(ws, school_id, [(head, TeamRole.LEADER)] + [(m, TeamRole.MEMBER) for m in team[1:]], notice)
        self.visits.append(visit)
        self.dirty.add(who)
        with ws.read() as s:
            code = s.get(School, school_id).code
        index = self.codes.index(code)
        names = self._label(team)
        note(f"{who} plans V{len(self.visits) - 1} at S{index} ({notice.value}), team {names}")
        if any((n, index) not in self.assigned for n in names if n in INSPECTORS):
            self._seen("cross-school team")
        if "i2" in names:
            self._seen("cross-region team")
        if notice is Notice.UNANNOUNCED:
            self._seen("unannounced visit")

    @precondition(lambda self: bool(self.visits))
    @rule(who=st.lists(st.sampled_from(LAPTOPS), min_size=1, max_size=3, unique=True), visit=st.integers(0, 7),
          line=st.integers(0, LINES - 1),
          marks=st.lists(st.tuples(st.sampled_from(Rating), st.sampled_from(TEXTS)), min_size=3, max_size=3))
    @step
    def rate_line(self, who: list[str], visit: int, line: int, marks: list[tuple[Rating, str]]) -> None:
        """One line of a visit rated on up to three laptops, each its own way, with no
        sync in between: the line is one record everywhere once they sync."""
        holders = {w: set(self._held_visits(ws)) for w in who if (ws := self._ws(w)) is not None}
        shared = {v: sum(v in held for held in holders.values()) for v in self.visits}
        most = max(shared.values(), default=0)
        if most == 0:
            return
        # A visit held by as many of these laptops as any: several rating one line is the point.
        v = [v for v in self.visits if shared[v] == most][visit % sum(n == most for n in shared.values())]
        raters = [w for w in holders if v in holders[w]]
        lines = self._lines(self._ws(raters[0]), v)
        indicator = lines[line % len(lines)]
        for rater, (rating, observation) in zip(raters, marks, strict=False):
            set_indicator_result(self._ws(rater), v, indicator, rating=rating, observation=observation)
            self.dirty.add(rater)
            note(f"{rater} rates line {lines.index(indicator)} of V{self.visits.index(v)}: {rating.value}, {observation!r}")
        begun = 0
        for w in LAPTOPS:
            if (there := self._ws(w)) is not None:
                with there.read() as s:
                    begun += s.scalar(sa.select(sa.func.count()).where(
                        IndicatorResult.visit_id == v, IndicatorResult.indicator_id == indicator, IndicatorResult.server_version == 0))
        if begun > 1:
            self._seen("one line begun on several laptops offline")
        if len(raters) > 1:
            self._seen("one line rated on several laptops at once")

    @precondition(lambda self: bool(self.visits))
    @rule(who=st.sampled_from(LAPTOPS), visit=st.integers(0, 7), problem=st.sampled_from(TEXTS[:4]),
          severity=st.sampled_from(Severity), line=st.none() | st.integers(0, LINES - 1))
    @step
    def write_finding(self, who: str, visit: int, problem: str, severity: Severity, line: int | None) -> None:
        ws = self._ws(who)
        held = self._held_visits(ws) if ws is not None else []
        if not held:
            return
        v = held[visit % len(held)]
        indicator = None if line is None else self._lines(ws, v)[line % LINES]
        self.findings.append(add_finding(ws, v, problem, severity, indicator))
        self.dirty.add(who)
        note(f"{who} adds finding F{len(self.findings) - 1} to V{self.visits.index(v)}: {problem!r}, line {line}")

    @precondition(lambda self: bool(self.visits))
    @rule(who=st.sampled_from(LAPTOPS), what=st.sampled_from(["visit.notes", "indicator_result.observation", "finding.problem"]),
          pick=st.integers(0, 7), text=st.sampled_from(TEXTS[:5]))
    @step
    def edit_field(self, who: str, what: str, pick: int, text: str) -> None:
        ws = self._ws(who)
        if ws is None:
            return
        entity, field = what.split(".")
        with ws.read() as s:
            if entity == "visit":
                held = self._held_visits(ws)
            elif entity == "finding":
                here = set(s.scalars(sa.select(Finding.id)))
                held = [f for f in self.findings if f in here]
            else:
                order = {v: i for i, v in enumerate(self.visits)}
                rows = s.execute(sa.select(IndicatorResult.id, IndicatorResult.visit_id, Indicator.ordinal)
                                 .join(Indicator, Indicator.id == IndicatorResult.indicator_id)).all()
                held = [r.id for r in sorted(rows, key=lambda r: (order.get(r.visit_id, len(order)), r.ordinal))]
        if not held:
            return
        target = held[pick % len(held)]
        update_field(ws, entity, target, field, text)
        self.dirty.add(who)
        note(f"{who} sets {what} of the {pick % len(held)}-th one it holds to {text!r}")

    @rule(who=st.sampled_from(LAPTOPS))
    @step
    def sync(self, who: str) -> None:
        if who in self.laptops:
            note(f"{who} syncs: {self._sync(who).summary()}")

    def _sync(self, who: str) -> SyncReport:
        if who == "e" and self.typed_school_hidden is None:
            # Known at the first sync: is the school typed in offline the office's
            # school this inspector may see yet?
            self.typed_school_hidden = ("e", self.empty_school) not in self.assigned
        report = self.laptops[who].sync()  # invariant 4: never raises, never stalls
        assert report.still_pending == 0, (who, report.summary())
        self.dirty.add(who)
        self.server_dirty = True
        if who == "e":  # the profile begun offline is the office's record of this inspector now
            assert current_inspector_id(self.laptops[who].ws) == self.users["e"][1]
        return report

    # ------------------------------------------------------------ a workspace begun empty

    @precondition(lambda self: self.empty_ws is None and "e" not in self.laptops)
    @rule(school=st.integers(0, 1), line=st.integers(0, LINES - 1), rating=st.sampled_from(Rating),
          notice=st.sampled_from(Notice))
    @step
    def start_empty(self, school: int, line: int, rating: Rating, notice: Notice) -> None:
        """Before any sign-in: a profile with the office's code for this inspector, a
        school typed in with a code the office has, a visit there, a line rated."""
        ws = self.empty_ws = open_workspace(self._folder())
        me = start_profile(ws, "王督学", self.users["e"][0].upper())
        school_id = add_school(ws, self.codes[school], "本地录入的学校名", "县教育局", self.region)
        visit = _plan(ws, school_id, [(me, TeamRole.LEADER)], notice)
        self.visits.append(visit)
        set_indicator_result(ws, visit, self._lines(ws, visit)[line], rating=rating, observation="离线时的记录")
        self.empty_school = school
        note(f"e starts empty: S{school} typed in, V{len(self.visits) - 1} planned ({notice.value}), line {line} rated")

    @precondition(lambda self: self.empty_ws is not None)
    @rule(assigned_first=st.booleans())
    @step
    def sign_in_empty(self, assigned_first: bool) -> None:
        self._sign_in_empty(assigned_first)

    def _sign_in_empty(self, assigned_first: bool) -> None:
        if assigned_first:
            self._assign("e", self.empty_school)
        root = self.empty_ws.data_dir.root
        self.empty_ws.close()
        self.empty_ws = None
        self.laptops["e"] = Laptop(root, self.world.server.url, self.users["e"][0])
        self.dirty.add("e")
        note(f"e signs in{f' after the office assigns it S{self.empty_school}' if assigned_first else ''}")

    # ------------------------------------------------------------ the office

    # A few per example: assignments cost no laptop anything, and left unbounded they
    # filled the steps of examples where little else was enabled.
    @precondition(lambda self: self.assignments < MAX_ASSIGNMENTS)
    @rule(who=st.sampled_from(INSPECTORS), school=st.integers(0, 1))
    @step
    def office_assigns(self, who: str, school: int) -> None:
        self.assignments += 1
        self._assign(who, school)
        note(f"the office assigns S{school} to {who}")

    # ------------------------------------------------------------ everyone online

    # Every laptop syncing twice costs a dozen ordinary steps: now and then, with work
    # between, and always at the end (teardown).
    @precondition(lambda self: self.steps - self.settled_at >= SETTLE_EVERY)
    @rule()
    @step
    def everyone_syncs_twice(self) -> None:
        self._settle()
        self.settled_at = self.steps + 1

    def _settle(self) -> None:
        """Two rounds of syncs in turn: the first sends everything, the second brings
        everyone what was sent after their turn. Then the laptops agree."""
        note("everyone syncs twice, in turn")
        for _round in range(2):
            for who in LAPTOPS:
                if who in self.laptops:
                    self._sync(who)
        self._check_server()
        self._check_laptops()
        laptops = [self.laptops[w] for w in LAPTOPS if w in self.laptops]
        for lap in laptops:
            with lap.ws.read() as s:
                waiting = [(r.entity, r.entity_id, r.reason, r.detail) for r in s.scalars(sa.select(SetAside))]
            assert waiting == [], f"{lap.username} still has records set aside after a full round: {waiting}"
        _converged(*laptops)
        for entity in ("school_assignment", "checklist_template", "indicator"):
            copies = [lap.rows(entity) for lap in laptops]
            for a in copies:
                for b in copies:
                    for record_id in a.keys() & b.keys():
                        assert a[record_id] == b[record_id], (entity, record_id)

    # ------------------------------------------------------------ invariants

    @invariant()
    def invariants_hold(self) -> None:
        self.broken = True
        self._check_laptops()
        self._check_server()
        self.broken = False

    def _check_laptops(self) -> None:
        for who in sorted(self.dirty):
            ws = self._ws(who)
            if ws is not None:
                references_closed(who, ws)
        self.dirty = set()

    def _check_server(self) -> None:
        if not self.server_dirty:
            return
        one_record_per_natural_key(self.world.engine)
        for who, lap in self.laptops.items():
            acknowledged_kept(self.world.engine, who, lap)
            refusals_explained(who, lap, TYPED_SCHOOL_REFUSALS if who == "e" and self.typed_school_hidden else set())
        self.server_dirty = False

    def teardown(self) -> None:
        try:
            if not self.broken:
                # Everyone comes back online, the workspace begun empty too.
                if self.empty_ws is not None:
                    self._sign_in_empty(False)
                self._settle()
                for lap in self.laptops.values():
                    with lap.ws.read() as s:
                        for code in s.scalars(sa.select(OutboxEntry.result).where(OutboxEntry.state == OutboxState.REJECTED)):
                            self._seen(f"refused {code}")
                        for c in s.scalars(sa.select(SyncConflict).where(SyncConflict.mine_lost.is_(True))):
                            self._seen(f"conflict lost on {c.entity}.{c.field}")
        finally:
            self._close()

    def _close(self) -> None:
        if self.empty_ws is not None:
            self.empty_ws.close()
        for lap in self.laptops.values():
            lap.close()
        for root in self.folders:
            shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- the checks


def _dangling_sql() -> str:
    """One statement for every reference of every synced table: the rows whose
    reference names no local row, as (entity.field, id, value)."""
    parts = [
        f"SELECT '{entity}.{field}', id, {field} FROM {entity} "
        f"WHERE {field} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {target} WHERE {target}.id = {entity}.{field})"
        for entity, spec in schema.TABLES.items()
        for field, target in spec.refs().items()
    ]
    return " UNION ALL ".join(parts)


DANGLING = _dangling_sql()


def references_closed(who: str, ws: Workspace) -> None:
    """Invariant 3 as a laptop sees it: every reference names a row it holds."""
    with ws.engine.connect() as conn:
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        assert broken == [], f"{who}: foreign keys name missing rows: {broken}"
        dangling = conn.exec_driver_sql(DANGLING).all()
        assert dangling == [], f"{who}: references to records it does not hold: {dangling}"


def _aliases(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.select(t.record_alias.c.alias_id, t.record_alias.c.record_id)).all())


def one_record_per_natural_key(engine: sa.Engine) -> None:
    """Invariant 2 on the server: no two live records share a natural key, read from
    their fields (references through aliases), and the stored key column agrees."""
    keyed = {name: spec for name, spec in schema.TABLES.items() if spec.natural_keys}
    with engine.connect() as conn:
        aliases = _aliases(conn)
        rows = conn.execute(
            sa.select(t.record.c.id, t.record.c.entity, t.record.c.fields, t.record.c.natural_key)
            .where(t.record.c.entity.in_(list(keyed)), t.record.c.deleted.is_(False))
        ).all()
    seen: dict[tuple[Any, ...], str] = {}
    for row in rows:
        spec = keyed[row.entity]
        fields = json.loads(row.fields)
        assert row.natural_key == schema.natural_key(row.entity, fields, spec.natural_keys[0]), (row.entity, row.id)
        refs = spec.refs()
        for key in spec.natural_keys:
            values = [fields.get(name) for name in key]
            if any(v is None or v == "" for v in values):
                continue
            values = [aliases.get(v, v) if name in refs else v for name, v in zip(key, values, strict=True)]
            k = (row.entity, key, *values)
            assert k not in seen, f"two live {row.entity} records share {key}={values}: {seen[k]} and {row.id}"
            seen[k] = row.id


MISSING = object()


def acknowledged_kept(engine: sa.Engine, who: str, lap: Laptop) -> None:
    """Invariant 5: every change the server acknowledged is on its copy of the record,
    field by field, unless a later change replaced it or the server reported a
    conflict for it (which this laptop then holds); each change was applied once."""
    with lap.ws.read() as s:
        done = list(s.scalars(sa.select(OutboxEntry).where(OutboxEntry.state != OutboxState.PENDING).order_by(OutboxEntry.seq)))
        told = {(c.entity_id, c.field) for c in s.scalars(sa.select(SyncConflict))}
    with engine.connect() as conn:
        aliases = _aliases(conn)
        log = {
            seq: MutationResult.model_validate_json(text)
            for seq, text in conn.execute(
                sa.select(t.mutation_log.c.seq, t.mutation_log.c.result).where(t.mutation_log.c.client_id == lap.ws.client_id)
            )
        }
        ids = {aliases.get(r.merged_into or r.entity_id, r.merged_into or r.entity_id) for r in log.values()}
        records = {r.id: r for r in conn.execute(sa.select(t.record).where(t.record.c.id.in_(ids)))}
    assert sorted(log) == [e.seq for e in done], f"{who}: the server's log of this laptop's changes differs from its outbox"
    for entry in done:
        answer = log[entry.seq]
        if entry.state == OutboxState.REJECTED:
            assert answer.status is MutationStatus.REJECTED, (who, entry.seq)
            continue
        assert answer.status is not MutationStatus.REJECTED, (who, entry.seq, answer)
        record_id = aliases.get(answer.merged_into or answer.entity_id, answer.merged_into or answer.entity_id)
        record = records.get(record_id)
        assert record is not None, f"{who}: change {entry.seq} to {entry.entity} {record_id} was acknowledged, the record is gone"
        fields, versions = json.loads(record.fields), json.loads(record.field_versions)
        lost = {c.field for c in answer.conflicts}
        spec = schema.TABLES[entry.entity]
        merged = entry.op == "insert" and bool(answer.merged_into)
        for name, value in entry.fields.items():
            field_spec = spec.fields.get(name)
            if merged and field_spec is not None and field_spec.has_default and value == field_spec.default:
                continue  # a second copy's untouched default says nothing against the first copy's value
            if name == "deleted":
                assert bool(record.deleted) == value or answer.version < record.version, (who, entry.seq, name)
                continue
            if name in lost:
                assert (record_id, name) in told, f"{who}: conflict on {entry.entity}.{name} of {record_id} was never shown"
                continue
            mine = schema.check_value(spec.fields[name], value, name)
            stored = fields.get(name, MISSING)
            if spec.fields[name].ref:
                mine, stored = aliases.get(mine, mine), aliases.get(stored, stored)
            replaced_later = versions.get(name, [0])[0] > answer.version
            assert stored == mine or replaced_later, (
                f"{who}: change {entry.seq} set {entry.entity}.{name} of {record_id} to {mine!r}; "
                f"the server holds {'nothing' if stored is MISSING else repr(stored)} and no later change replaced it"
            )


# The school typed into the workspace begun empty is the office's. If the office has
# not assigned it to that inspector by their first sync, the server keeps it out of
# their sight: the typed copy, and the visit and lines hung on it, are refused (and
# shown as such), for good.
TYPED_SCHOOL_REFUSALS = {"record.duplicate", "record.parent_unknown", "record.not_found"}


def refusals_explained(who: str, lap: Laptop, allowed: set[str]) -> None:
    """Roles and scope are the server's (invariant 6), and a laptop holds only what
    its scope lets it see; so work on what it holds is never refused, but for the
    one case above."""
    with lap.ws.read() as s:
        refused = [(e.entity, e.op, e.result, e.fields) for e in s.scalars(
            sa.select(OutboxEntry).where(OutboxEntry.state == OutboxState.REJECTED).order_by(OutboxEntry.seq))]
    unexplained = [r for r in refused if r[2] not in allowed]
    assert unexplained == [], f"{who}: the server refused work on records this laptop holds: {unexplained}"


# ---------------------------------------------------------------- the test


# On top of the loaded profile (tests/conftest.py: "ci" unless HYPOTHESIS_PROFILE says
# otherwise), with its own count: one example here costs seconds, not microseconds.
MACHINE_SETTINGS = settings(
    max_examples=SOAK or CI_EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,  # a step is a sync over HTTP: seconds on a busy runner, and that is fine
    suppress_health_check=[HealthCheck.too_slow],
    # Explaining a failure re-runs it many times over; the shrunk steps with their
    # notes already say what happened.
    phases=[p for p in Phase if p is not Phase.explain],
)


@pytest.mark.slow
# Shrinking a failure may take Hypothesis's five minutes on top of the run.
@pytest.mark.timeout(0 if SOAK else 600)
def test_sync_invariants_hold_in_any_interleaving(engine, server, office, cheap_passwords, blank_workspace):
    world = World(engine, server, office, blank_workspace)
    started = time.monotonic()
    try:
        run_state_machine_as_test(lambda: SyncIntegrity(world), settings=MACHINE_SETTINGS)
    finally:
        print(f"sync state machine: {world.summary()}; {time.monotonic() - started:.0f} s")


# ---------------------------------------------------------------- what the machine found


@pytest.mark.parametrize("drafter_on_team", [True, False], ids=["drafter-on-team-after-the-leader", "drafter-not-on-team"])
def test_an_unannounced_plan_reaches_the_team_its_drafter_named(office, server, cheap_passwords, tmp_path, drafter_on_team):
    """Shrunk from the machine: a visit's team members are pushed one by one, and
    each had to be readable by the drafter on its own. An unannounced plan is
    readable only by its team, so every member pushed before the drafter's own
    row (or all of them, for a plan drafted for colleagues) was refused, and the
    team never saw the visit."""
    code = office.school()
    (drafter, drafter_id), (colleague, colleague_id) = office.user(), office.user()
    office.assign(_Named(drafter), code)
    d, c = Laptop(tmp_path / "d", server.url, drafter), Laptop(tmp_path / "c", server.url, colleague)
    try:
        d.sync(), c.sync()
        team = [(colleague_id, TeamRole.LEADER)] + ([(drafter_id, TeamRole.MEMBER)] if drafter_on_team else [])
        visit = _plan(d.ws, admin.school_id(code), team, Notice.UNANNOUNCED)
        d.sync()
        with d.ws.read() as s:
            refused = s.scalars(sa.select(OutboxEntry.result).where(OutboxEntry.state == OutboxState.REJECTED)).all()
        assert refused == []
        c.sync()  # the leader, not responsible for the school: the plan reaches them
        with c.ws.read() as s:
            planned = s.get(Visit, visit)
            assert planned is not None and {m.inspector_id for m in planned.team} == {i for i, _r in team}
        d.sync()
        _converged(d, c)
    finally:
        d.close(), c.close()
