"""Mutations the window makes: validation, audit/outbox in the same transaction, attachments."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.domain import DomainError, Notice, Planning, Rating, Scope, Severity, Stage, TeamRole, VisitStatus
from inspector_desktop.store import choices, edits, profile, training, visit_record
from inspector_desktop.store.bookkeeping import AuditEntry, OutboxEntry

DAY = dt.date(2026, 12, 1)


def plan(ws, team=None):
    school = choices.schools(ws)[0]
    me = profile.current_inspector_id(ws)
    template = choices.templates(ws)[0].id
    return edits.create_visit(ws, school.id, DAY, Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                              Notice.ANNOUNCED, template, team or [(me, TeamRole.LEADER)], purpose="例行督导")


def outbox(ws, entity_id):
    with ws.read() as s:
        return s.scalars(sa.select(OutboxEntry).where(OutboxEntry.entity_id == entity_id).order_by(OutboxEntry.seq)).all()


def test_create_visit_writes_visit_team_and_outbox(demo_workspace):
    vid = plan(demo_workspace)
    d = visit_record.visit_detail(demo_workspace, vid)
    assert d.status is VisitStatus.PLANNED and [m.role for m in d.team] == [TeamRole.LEADER]
    assert [o.op for o in outbox(demo_workspace, vid)] == ["insert"]


def test_a_team_needs_exactly_one_leader(demo_workspace):
    ids = [c.id for c in choices.inspectors(demo_workspace)]
    with pytest.raises(DomainError) as e:
        plan(demo_workspace, [(ids[0], TeamRole.MEMBER)])
    assert e.value.code == "visit.one_leader_required"
    with pytest.raises(DomainError):
        plan(demo_workspace, [(ids[0], TeamRole.LEADER), (ids[1], TeamRole.LEADER)])


def test_update_field_is_whitelisted_and_skips_unchanged_values(demo_workspace):
    vid = plan(demo_workspace)
    edits.update_field(demo_workspace, "visit", vid, "notes", "查看了食堂")
    edits.update_field(demo_workspace, "visit", vid, "notes", "查看了食堂")
    assert [o.op for o in outbox(demo_workspace, vid)] == ["insert", "update"]
    with pytest.raises(DomainError) as e:
        edits.update_field(demo_workspace, "visit", vid, "status", "completed")
    assert e.value.code == "edit.field_not_editable"
    with pytest.raises(DomainError) as e:
        edits.update_field(demo_workspace, "visit", vid, "planned_on", "not a date")
    assert e.value.code == "edit.bad_value"


def test_indicator_results_are_created_on_first_edit(demo_workspace):
    vid = plan(demo_workspace)
    ind = visit_record.visit_detail(demo_workspace, vid).checklist[0].indicator_id
    rid = edits.set_indicator_result(demo_workspace, vid, ind, rating=Rating.GOOD)
    assert edits.set_indicator_result(demo_workspace, vid, ind, observation="制度上墙") == rid
    item = visit_record.visit_detail(demo_workspace, vid).checklist[0]
    assert (item.result_id, item.rating, item.observation) == (rid, Rating.GOOD, "制度上墙")


def test_findings_need_a_problem_and_take_the_indicator_category(demo_workspace):
    vid = plan(demo_workspace)
    item = visit_record.visit_detail(demo_workspace, vid).checklist[5]
    with pytest.raises(DomainError):
        edits.add_finding(demo_workspace, vid, "  ")
    fid = edits.add_finding(demo_workspace, vid, "消防通道堵塞", Severity.SERIOUS, indicator_id=item.indicator_id)
    f = visit_record.visit_detail(demo_workspace, vid).findings[0]
    assert (f.id, f.category, f.severity) == (fid, item.category, Severity.SERIOUS)
    with pytest.raises(DomainError):
        edits.update_field(demo_workspace, "finding", fid, "problem", "")
    edits.remove_finding(demo_workspace, fid)
    assert visit_record.visit_detail(demo_workspace, vid).findings == ()
    assert outbox(demo_workspace, fid)[-1].op == "delete"


def test_attachments_are_content_addressed_and_recorded_once_per_owner(demo_workspace, tmp_path):
    vid = plan(demo_workspace)
    fid = edits.add_finding(demo_workspace, vid, "食堂留样缺失")
    photo = tmp_path / "留样柜.jpg"
    photo.write_bytes(b"\xff\xd8photo-bytes")
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(photo.read_bytes())
    edits.attach_file(demo_workspace, photo, finding_id=fid)
    edits.attach_file(demo_workspace, copy, finding_id=fid)
    files = visit_record.visit_detail(demo_workspace, vid).findings[0].attachments
    assert [a.filename for a in files] == ["留样柜.jpg", "copy.jpg"]
    assert files[0].sha256 == files[1].sha256 and files[0].mime_type == "image/jpeg"
    assert demo_workspace.attachments.read(files[0].sha256) == b"\xff\xd8photo-bytes"
    with pytest.raises(DomainError):
        edits.attach_file(demo_workspace, tmp_path, finding_id=fid)
    with pytest.raises(DomainError):
        edits.attach_file(demo_workspace, photo)


def test_visit_status_follows_the_lifecycle(demo_workspace):
    vid = plan(demo_workspace)
    with pytest.raises(DomainError) as e:
        edits.move_visit(demo_workspace, vid, VisitStatus.COMPLETED)
    assert e.value.code == "visit.bad_transition"
    edits.move_visit(demo_workspace, vid, VisitStatus.IN_PROGRESS)
    edits.move_visit(demo_workspace, vid, VisitStatus.COMPLETED)
    assert visit_record.visit_detail(demo_workspace, vid).status is VisitStatus.COMPLETED
    with demo_workspace.read() as s:
        actions = s.scalars(sa.select(AuditEntry.action).where(AuditEntry.entity_id == vid)).all()
    assert actions == ["insert", "update", "update"]


def test_training_records_are_validated(demo_workspace):
    before = training.training_summary(demo_workspace, 2026).progress.minutes
    edits.add_training(demo_workspace, dt.date(2026, 11, 20), 180, "督导报告撰写", "区督导室")
    assert training.training_summary(demo_workspace, 2026).progress.minutes == before + 180
    for minutes, title in ((0, "x"), (24 * 60 + 1, "x"), (60, " ")):
        with pytest.raises(DomainError):
            edits.add_training(demo_workspace, dt.date(2026, 11, 20), minutes, title)


def test_an_empty_start_sets_up_a_profile_and_schools(workspace):
    assert choices.is_empty(workspace)
    with pytest.raises(DomainError):
        edits.start_profile(workspace, "张三", "DX-1")
    me = edits.start_profile(workspace, "张三", "DX0001")
    assert profile.current_inspector_id(workspace) == me
    edits.add_school(workspace, "S-1", "新村小学", "某区教育局")
    with pytest.raises(DomainError) as e:
        edits.add_school(workspace, "S-1", "另一所", "某区教育局")
    assert e.value.code == "school.duplicate_code"
    assert not choices.is_empty(workspace)
