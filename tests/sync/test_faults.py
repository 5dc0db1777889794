"""Three laptops, one server, a proxy that breaks things: random edits, syncs and
faults (Hypothesis state machine). After the network heals, every laptop and the
server agree, each change was applied exactly once, every refusal is visible,
and signed forms carry the same digest everywhere."""

from __future__ import annotations

import hashlib
import json
import os
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from inspector_desktop.domain import Category, DomainError, FormStatus, Severity
from inspector_desktop.server import tables as t
from inspector_desktop.store.models import Attachment, FeedbackForm, Finding, Visit, utcnow
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from inspector_desktop.sync.transport import SyncError
from tests.sync.conftest import Laptop, add_visit, server_rows, set_field
from tests.sync.proxy import FAULTS

STEPS = int(os.environ.get("SYNC_FAULT_STEPS", "25"))
EXAMPLES = int(os.environ.get("SYNC_FAULT_EXAMPLES", "6"))
COMPARED = ("visit", "finding", "attachment", "feedback_form", "school")


@pytest.fixture(scope="module")
def laptops(tmp_path_factory, proxy, team):
    names, school = team
    laps = [Laptop(tmp_path_factory.mktemp(f"laptop{i}"), proxy.url, name, upload_chunk=16 * 1024) for i, name in enumerate(names)]
    for lap in laps:
        lap.sync()
    yield laps, school
    for lap in laps:
        lap.close()


class World:
    """What the test made, across examples: the laptops keep their data."""

    def __init__(self) -> None:
        self.findings: set[str] = set()
        self.forms: set[str] = set()
        self.form_seq = 0


def _text(laptop: Laptop, draw: str) -> str:
    return f"{laptop.username[-3:]}:{draw}"


class Inspectors(RuleBasedStateMachine):
    def __init__(self, laps: list[Laptop], school: str, proxy, engine, world: World) -> None:
        super().__init__()
        self.laps, self.school, self.proxy, self.engine, self.world = laps, school, proxy, engine, world
        self.failed_syncs = 0

    def _visits(self, lap: Laptop) -> list[str]:
        with lap.ws.read() as s:
            return list(s.scalars(sa.select(Visit.id).where(Visit.school_id == self.school).order_by(Visit.id)))

    # ------------------------------------------------------------ edits, all offline

    @rule(who=st.integers(0, 2))
    def plan_visit(self, who: int) -> None:
        add_visit(self.laps[who].ws, self.school, notes="计划")

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), field=st.sampled_from(["notes", "purpose"]), text=st.text("甲乙丙abc", max_size=6))
    def edit_visit(self, who: int, pick: int, field: str, text: str) -> None:
        lap = self.laps[who]
        visits = self._visits(lap)
        if visits:
            set_field(lap.ws, "visit", visits[pick % len(visits)], **{field: _text(lap, text)})

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
    def cancel_visit(self, who: int, pick: int) -> None:
        lap = self.laps[who]
        visits = self._visits(lap)
        if visits:
            set_field(lap.ws, "visit", visits[pick % len(visits)], deleted=True)

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
    def record_finding(self, who: int, pick: int) -> None:
        lap = self.laps[who]
        visits = self._visits(lap)
        if visits:
            with lap.ws.write() as s:
                f = Finding(visit_id=visits[pick % len(visits)], category=Category.SAFETY, severity=Severity.MINOR, problem="消防通道堵塞")
                s.add(f)
                s.flush()
                self.world.findings.add(f.id)

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), size=st.integers(1, 60_000))
    def attach_photo(self, who: int, pick: int, size: int) -> None:
        lap = self.laps[who]
        visits = self._visits(lap)
        if visits:
            sha, n = lap.ws.attachments.put_bytes(os.urandom(size))
            with lap.ws.write() as s:
                s.add(Attachment(sha256=sha, filename="photo.jpg", size=n, visit_id=visits[pick % len(visits)]))

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50))
    def draft_form(self, who: int, pick: int) -> None:
        lap = self.laps[who]
        visits = self._visits(lap)
        if visits:
            self.world.form_seq += 1
            with lap.ws.write() as s:
                form = FeedbackForm(visit_id=visits[pick % len(visits)], number=f"T{uuid.uuid4().hex[:6]}-2026-{self.world.form_seq:04d}", summary="初稿")
                s.add(form)
                s.flush()
                self.world.forms.add(form.id)

    @rule(who=st.integers(0, 2), pick=st.integers(0, 50), sign=st.booleans(), text=st.text("改稿", max_size=4))
    def work_on_form(self, who: int, pick: int, sign: bool, text: str) -> None:
        lap = self.laps[who]
        with lap.ws.read() as s:
            forms = list(s.scalars(sa.select(FeedbackForm.id).order_by(FeedbackForm.id)))
        if not forms:
            return
        form_id = forms[pick % len(forms)]
        try:
            if sign:
                content = json.dumps({"form": form_id, "by": lap.username}, sort_keys=True)
                set_field(lap.ws, "feedback_form", form_id, status=FormStatus.SIGNED, signed_at=utcnow(),
                          canonical_content=content, digest=hashlib.sha256(content.encode()).hexdigest())
            else:
                set_field(lap.ws, "feedback_form", form_id, summary=_text(lap, text))
        except DomainError as exc:
            assert exc.code == "form.locked"  # this copy already knows it is signed

    @rule(who=st.integers(0, 2))
    def touch_school(self, who: int) -> None:
        # Leads only: the server refuses it, and the refusal must stay visible.
        set_field(self.laps[who].ws, "school", self.school, address=f"地址{uuid.uuid4().hex[:4]}")

    # ------------------------------------------------------------ syncs through faults

    @rule(who=st.integers(0, 2), rate=st.sampled_from([0.0, 0.2, 0.5]), seed=st.integers(0, 10**6),
          kinds=st.sampled_from([FAULTS, ("drop_response", "duplicate"), ("truncate", "error_5xx"), ("reorder", "delay")]))
    def sync(self, who: int, rate: float, seed: int, kinds: tuple[str, ...]) -> None:
        self.proxy.random_faults(rate, seed, kinds)
        try:
            self.laps[who].sync()
        except SyncError:
            self.failed_syncs += 1
        finally:
            self.proxy.heal()

    @invariant()
    def nothing_pending_is_lost(self) -> None:
        for lap in self.laps:
            with lap.ws.read() as s:
                seqs = list(s.scalars(sa.select(OutboxEntry.seq).order_by(OutboxEntry.seq)))
            assert seqs == list(range(1, len(seqs) + 1))  # no entry ever disappears

    def teardown(self) -> None:
        self.proxy.heal()
        for _round in range(2):
            for lap in self.laps:
                lap.sync()
        check_converged(self.laps, self.engine, self.world)


def check_converged(laps: list[Laptop], engine: sa.Engine, world: World) -> None:
    with engine.connect() as conn:
        log = {(r.client_id, r.seq): json.loads(r.result) for r in conn.execute(sa.select(t.mutation_log))}
        applied = dict(conn.execute(sa.select(t.client.c.client_id, t.client.c.applied_seq)).all())
    for lap in laps:
        with lap.ws.read() as s:
            entries = s.execute(sa.select(OutboxEntry.seq, OutboxEntry.state, OutboxEntry.result)).all()
        # Exactly once: every entry has one stored result on the server, and the states agree.
        assert applied.get(lap.ws.client_id, 0) == len(entries)
        for e in entries:
            stored = log[(lap.ws.client_id, e.seq)]
            assert e.state != OutboxState.PENDING
            if stored["status"] == "rejected":
                assert (e.state, e.result) == (OutboxState.REJECTED, stored["code"])  # visible, with the reason
            else:
                assert e.state == OutboxState.SENT
    for entity in COMPARED:
        on_server = server_rows(engine, entity)
        for lap in laps:
            local = lap.rows(entity)
            for record_id, fields in on_server.items():
                if entity == "school" and record_id not in local:
                    continue  # other tests' schools, outside this team's scope
                assert record_id in local, (entity, record_id)
                mine = {k: local[record_id][k] for k in fields}
                assert mine == fields, (entity, record_id)
    # No duplicates: each finding made once on the server.
    assert world.findings <= set(server_rows(engine, "finding"))
    digests = {}
    for lap in laps:
        with lap.ws.read() as s:
            for form in s.scalars(sa.select(FeedbackForm).where(FeedbackForm.status == FormStatus.SIGNED)):
                digests.setdefault(form.id, set()).add(form.digest)
    for form_id, ds in digests.items():
        server_digest = server_rows(engine, "feedback_form")[form_id]["digest"]
        assert ds == {server_digest}


def test_random_edits_syncs_and_faults_converge(laptops, proxy, engine):
    laps, school = laptops
    world = World()
    run_state_machine_as_test(
        lambda: Inspectors(laps, school, proxy, engine, world),
        settings=settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None),
    )
    assert proxy.stats.faults, "the proxy injected no faults"
