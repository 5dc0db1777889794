"""The local store: round trips, outbox and audit, signed-form locks, search, demo."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    DomainError,
    FormStatus,
    Notice,
    Planning,
    RectificationStatus,
    Scope,
    Severity,
    SignatureRole,
    Stage,
    VisitStatus,
)
from inspector_desktop.store import open_workspace
from inspector_desktop.store.demo import DemoError, build_demo
from inspector_desktop.store.models import ChecklistTemplate, FeedbackForm, Finding, Indicator, Requirement, School, Signature, Visit
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry
from inspector_desktop.store.search import matching_visit_ids
from inspector_desktop.store.templates import template_id
from tests.support import raw as raw_db


def add_visit(ws, **overrides):
    with ws.write() as s:
        school = School(code="S1", name="湖滨路小学", competent_department="青山湖区教育体育局")
        s.add(school)
        s.flush()
        visit = Visit(
            school_id=school.id,
            scope=overrides.pop("scope", Scope.COMPREHENSIVE),
            stage=Stage.PROCESS,
            planning=Planning.ROUTINE,
            notice=overrides.pop("notice", Notice.UNANNOUNCED),
            planned_on=dt.date(2026, 11, 23),
            **overrides,
        )
        s.add(visit)
    return school.id, visit.id


def test_pragmas_wal_and_foreign_keys(workspace):
    with workspace.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_round_trip_keeps_enums_dates_and_chinese_text(workspace):
    _, vid = add_visit(workspace, notes="食堂留样记录不全")
    with workspace.read() as s:
        v = s.get(Visit, vid)
        assert v.notice is Notice.UNANNOUNCED and v.status is VisitStatus.PLANNED
        assert v.planned_on == dt.date(2026, 11, 23)
        assert v.notes == "食堂留样记录不全"
        assert len(v.id) == 36
    raw = raw_db.connect(workspace.data_dir.database)
    assert raw.execute("SELECT notice FROM visit").fetchone() == ("unannounced",)


def test_foreign_keys_are_enforced(workspace):
    with pytest.raises(sa.exc.IntegrityError):
        with workspace.write() as s:
            s.add(Finding(visit_id="no-such-visit", category=Category.SAFETY, severity=Severity.MINOR, problem="x"))


def test_every_edit_writes_outbox_and_audit_in_its_transaction(workspace):
    _, vid = add_visit(workspace)
    with workspace.read() as s:
        inserts = s.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [(e.entity, e.op) for e in inserts] == [("school", "insert"), ("visit", "insert")]
    assert inserts[1].fields["notice"] == "unannounced"
    assert inserts[1].fields["planned_on"] == "2026-11-23"
    assert all(e.client_id == workspace.client_id for e in inserts)

    with workspace.write(actor_id="inspector-1") as s:
        s.get(Visit, vid).notes = "校门口无护导"
    with workspace.read() as s:
        last = s.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
        audit = s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.op == "update" and last.fields == {"notes": "校门口无护导"} and last.base_version == 0
    assert audit.actor_id == "inspector-1" and audit.entity_id == vid
    assert audit.changes == {"notes": ["", "校门口无护导"]}


def test_a_failed_transaction_leaves_no_outbox_entry(workspace):
    _, vid = add_visit(workspace)
    with workspace.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry))
    with pytest.raises(RuntimeError):
        with workspace.write() as s:
            s.get(Visit, vid).notes = "never saved"
            s.flush()
            raise RuntimeError("power cut")
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == before
        assert s.get(Visit, vid).notes == ""


def test_unchanged_assignment_writes_nothing(workspace):
    _, vid = add_visit(workspace, notes="same")
    with workspace.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry))
    with workspace.write() as s:
        s.get(Visit, vid).notes = "same"
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == before


def test_deletes_are_tombstones(workspace):
    _, vid = add_visit(workspace)
    with pytest.raises(DomainError) as err:
        with workspace.write() as s:
            s.delete(s.get(Visit, vid))
    assert err.value.code == "store.hard_delete"
    with workspace.write() as s:
        s.get(Visit, vid).deleted = True
    with workspace.read() as s:
        assert s.get(Visit, vid).deleted
        last = s.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.seq.desc())).first()
    assert last.op == "delete" and last.entity_id == vid


def test_remote_changes_write_no_outbox(workspace):
    _, vid = add_visit(workspace)
    with workspace.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry))
    with workspace.write(remote=True) as s:
        v = s.get(Visit, vid)
        v.notes = "from the server"
        v.server_version = 7
    with workspace.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == before


def _signed_form(ws):
    _, vid = add_visit(ws)
    with ws.write() as s:
        form = FeedbackForm(visit_id=vid, number="DX0417-2026-0001", summary="发现问题两项")
        s.add(form)
        s.flush()
        s.add(Requirement(form_id=form.id, ordinal=1, text="整改", deadline=dt.date(2026, 12, 22), responsible_party="学校"))
        for role in SignatureRole:
            s.add(Signature(form_id=form.id, role=role, signer_name="李明华"))
    with ws.write() as s:
        f = s.get(FeedbackForm, form.id)
        f.status = FormStatus.SIGNED
        f.digest = "ab" * 32
        f.signed_at = dt.datetime(2026, 11, 22, 10, 0)
    return form.id


def test_a_signed_form_refuses_every_change(workspace):
    form_id = _signed_form(workspace)
    with pytest.raises(DomainError) as err:
        with workspace.write() as s:
            s.get(FeedbackForm, form_id).summary = "改过的"
    assert err.value.code == "form.locked"
    with pytest.raises(DomainError):
        with workspace.write() as s:
            s.scalars(sa.select(Requirement).where(Requirement.form_id == form_id)).one().text = "改"
    with pytest.raises(DomainError):
        with workspace.write() as s:
            s.add(Requirement(form_id=form_id, ordinal=2, text="新增", deadline=dt.date(2027, 1, 1), responsible_party="学校"))
    with pytest.raises(DomainError):
        with workspace.write() as s:
            s.get(FeedbackForm, form_id).deleted = True
    with workspace.read() as s:
        assert s.get(FeedbackForm, form_id).summary == "发现问题两项"
    # The one move left is to issue it.
    with workspace.write() as s:
        f = s.get(FeedbackForm, form_id)
        f.status = FormStatus.ISSUED
        f.issued_at = dt.datetime(2026, 11, 23, 9, 0)
    with pytest.raises(DomainError):
        with workspace.write() as s:
            s.get(FeedbackForm, form_id).free_text = "x"


def test_attachments_are_content_addressed(workspace, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * 5000)
    sha, size = workspace.attachments.put_file(photo)
    again, _ = workspace.attachments.put_bytes(photo.read_bytes())
    assert sha == again and size == 5002
    stored = workspace.attachments.path_for(sha)
    assert stored.parent.parent == workspace.data_dir.attachments
    assert workspace.attachments.read(sha) == photo.read_bytes()
    stored.write_bytes(b"tampered")
    with pytest.raises(OSError):
        workspace.attachments.read(sha)
    with pytest.raises(ValueError):
        workspace.attachments.path_for("../../etc/passwd")


def test_shipped_template_is_installed_once_with_stable_ids(workspace, tmp_path):
    with workspace.read() as s:
        t = s.scalars(sa.select(ChecklistTemplate)).one()
        n = s.scalar(sa.select(sa.func.count()).select_from(Indicator))
    assert (t.code, t.version, n) == ("routine-national", 1, 8)
    assert t.id == template_id("routine-national", 1)
    assert t.title_zh.startswith("责任督学")
    workspace.close()
    again = open_workspace(workspace.data_dir)
    with again.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ChecklistTemplate)) == 1
    again.close()


def _search(ws, text):
    with ws.read() as s:
        return set(s.scalars(matching_visit_ids(s, text)))


def test_chinese_search_over_notes_and_findings(workspace):
    _, vid = add_visit(workspace, notes="随堂听课两节")
    with workspace.write() as s:
        s.add(Finding(visit_id=vid, category=Category.HYGIENE, severity=Severity.MODERATE, problem="食堂留样记录缺少两天"))
    assert _search(workspace, "留样记录") == {vid}  # trigram match in a finding
    assert _search(workspace, "食堂") == {vid}  # two characters: substring fallback
    assert _search(workspace, "听课") == {vid}  # in the visit notes
    assert _search(workspace, "食堂 听课") == {vid}  # every term must match
    assert _search(workspace, "宿舍") == set()
    assert _search(workspace, '"%_') == set()  # quotes and wildcards are literal
    with workspace.write() as s:
        s.get(Visit, vid).notes = "查看宿舍"
    assert _search(workspace, "宿舍") == {vid}
    assert _search(workspace, "听课") == set()


def test_demo_has_every_axis_state_and_unannounced_visits(demo_workspace):
    with demo_workspace.read() as s:
        for column, enum in ((Visit.scope, Scope), (Visit.stage, Stage), (Visit.planning, Planning), (Visit.notice, Notice)):
            assert set(s.scalars(sa.select(column).distinct())) == set(enum)
        future_unannounced = s.scalar(
            sa.select(sa.func.count()).select_from(Visit).where(
                Visit.notice == Notice.UNANNOUNCED, Visit.planned_on > dt.date(2026, 11, 22)
            )
        )
        from inspector_desktop.store.models import Rectification

        states = set(s.scalars(sa.select(Rectification.status).distinct()))
        form_states = set(s.scalars(sa.select(FeedbackForm.status).distinct()))
        names = s.scalars(sa.select(School.name)).all()
    assert future_unannounced >= 1
    assert states == set(RectificationStatus)
    assert form_states == set(FormStatus)
    assert len(names) == 6 and all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)


def _dump(ws):
    out = {}
    with ws.engine.connect() as c:
        for table in ("inspector", "school", "visit", "finding", "feedback_form", "rectification"):
            out[table] = c.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").fetchall()
    return out


def test_demo_is_deterministic(tmp_path):
    dumps = []
    for name in ("a", "b"):
        ws = open_workspace(tmp_path / name)
        build_demo(ws, as_of=dt.date(2026, 3, 1), seed=7)
        dumps.append(_dump(ws))
        ws.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["visit"]) == 90


def test_demo_refuses_a_workspace_with_data(demo_workspace):
    with pytest.raises(DemoError):
        build_demo(demo_workspace)


def test_demo_scales(tmp_path):
    ws = open_workspace(tmp_path / "big")
    report = build_demo(ws, visits=3000, as_of=dt.date(2026, 11, 22))
    with ws.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Visit)) == 3000
        assert s.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == 0
    assert report.findings > 0
    ws.close()
