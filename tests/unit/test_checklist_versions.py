"""Checklist templates the office drafts and publishes: a published version never
changes, the next one is drafted from it, weights must total 100 to publish, a
visit keeps its version and may move to the new one field by field (and back),
and its score comes from the ratings, the scale and the weights."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from inspector_desktop.checklists import template_id
from inspector_desktop.domain import DomainError, Notice, Planning, Rating, Scope, Severity, Stage, TeamRole
from inspector_desktop.domain.templates import DEFAULT_SCALE, TemplateStatus, checklist_score, scale_of
from inspector_desktop.store import choices, edits, roles, template_moves, templates, visit_record
from inspector_desktop.store.models import ChecklistTemplate, FeedbackForm, Indicator, Inspector, School

V1 = template_id("routine-national", 1)


def _visit(ws) -> str:
    with ws.write() as s:
        me = Inspector(code="DX01", name="王芳")
        school = School(code="S1", name="实验小学", competent_department="区教育局")
        s.add_all([me, school])
        s.flush()
        ids = me.id, school.id
    return edits.create_visit(ws, ids[1], dt.date(2026, 12, 1), Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                              Notice.ANNOUNCED, V1, [(ids[0], TeamRole.LEADER)])


def _v2(ws) -> str:
    """R8 dropped, R9 added, R1 retitled; weights to 100."""
    roles.set_roles(ws, [roles.LEAD])
    draft = templates.new_version(ws, V1)
    got = templates.content(ws, draft)
    assert (got.version, got.status, got.total_weight) == (2, TemplateStatus.DRAFT, 100)
    items = [i for i in got.items if i.code != "R8"]
    items[0] = dataclasses.replace(items[0], title_en="Administration", weight=items[0].weight + 5)
    items.append(templates.DraftItem(None, "R9", items[1].category, "劳动教育", "Labour education", weight=10))
    templates.save_draft(ws, draft, got.title_zh, got.title_en, got.scale, items)
    with pytest.raises(DomainError) as refused:
        templates.publish(ws, draft)
    assert refused.value.code == "template.weights_not_full" and refused.value.params["total"] == 103
    items = [dataclasses.replace(i, id=j.id) for i, j in zip(items, templates.content(ws, draft).items, strict=True)]
    items[-1] = dataclasses.replace(items[-1], weight=7)
    templates.save_draft(ws, draft, got.title_zh, got.title_en, got.scale, items)
    assert templates.content(ws, draft).total_weight == 100
    templates.publish(ws, draft)
    return draft


def test_a_published_version_never_changes_and_the_next_is_drafted_from_it(workspace):
    v2 = _v2(workspace)
    listed = {(v.code, v.version): v for v in templates.versions(workspace)}
    assert listed["routine-national", 2].status is TemplateStatus.PUBLISHED
    assert listed["routine-national", 2].published_at is not None and listed["routine-national", 2].items == 8
    for template in (V1, v2):
        got = templates.content(workspace, template)
        with pytest.raises(DomainError) as refused:
            templates.save_draft(workspace, template, "改", got.title_en, got.scale, list(got.items))
        assert refused.value.code == "template.published"
        with pytest.raises(DomainError), workspace.write() as s:
            s.get(Indicator, got.items[0].id).weight = 99  # whichever write tries it
        with pytest.raises(DomainError), workspace.write() as s:
            s.add(Indicator(template_id=template, ordinal=9, code="X", category=got.items[0].category, title_zh="x",
                            title_en="x"))
    # A new visit starts on the newest published version; a draft is never offered.
    v3 = templates.new_version(workspace, v2)
    assert templates.new_version(workspace, V1) == v3  # one draft at a time
    assert [(c.id, c.version) for c in choices.templates(workspace)] == [(v2, 2)]


def test_only_a_lead_drafts_or_publishes(workspace):
    with pytest.raises(DomainError) as refused:
        templates.new_version(workspace, V1)
    assert refused.value.code == "template.lead_only"


def test_a_visit_keeps_its_version_and_moves_field_by_field_and_back(workspace):
    visit = _visit(workspace)
    detail = visit_record.visit_detail(workspace, visit)
    r1, r8 = detail.checklist[0].indicator_id, detail.checklist[7].indicator_id
    edits.set_indicator_result(workspace, visit, r1, rating=Rating.GOOD, observation="制度齐全")
    edits.set_indicator_result(workspace, visit, r8, rating=Rating.NEEDS_IMPROVEMENT, observation="校风待加强")
    edits.add_finding(workspace, visit, "制度未公开", Severity.MINOR, indicator_id=r1)
    v2 = _v2(workspace)

    detail = visit_record.visit_detail(workspace, visit)  # still on version 1, ratings intact
    assert (detail.template_version, detail.newer_template.version) == (1, 2)
    assert [i.rating for i in detail.checklist][::7] == [Rating.GOOD, Rating.NEEDS_IMPROVEMENT]

    plan = template_moves.plan_move(workspace, visit, v2)
    assert [i.code for i in plan.of(template_moves.KEPT)] == [f"R{n}" for n in range(1, 8)]
    assert [i.code for i in plan.of(template_moves.NEW)] == ["R9"]
    assert [(i.code, i.rating, i.observation) for i in plan.set_aside] == [("R8", Rating.NEEDS_IMPROVEMENT, "校风待加强")]
    assert plan.of(template_moves.KEPT)[0].title_en == "Administration" and plan.of(template_moves.KEPT)[0].findings == 1

    back = template_moves.move_visit(workspace, visit, v2)
    detail = visit_record.visit_detail(workspace, visit)
    assert (back, detail.template_id, detail.newer_template) == (V1, v2, None)
    assert [(i.code, i.rating, i.observation) for i in detail.checklist if i.rating is not Rating.NOT_ASSESSED] == [
        ("R1", Rating.GOOD, "制度齐全")]
    assert detail.findings[0].indicator_id == detail.checklist[0].indicator_id  # the finding follows its item

    template_moves.move_visit(workspace, visit, back)  # the undo: R8's rating was only set aside
    detail = visit_record.visit_detail(workspace, visit)
    assert [i.rating for i in detail.checklist][::7] == [Rating.GOOD, Rating.NEEDS_IMPROVEMENT]


def test_a_signed_forms_visit_is_never_moved(workspace):
    visit = _visit(workspace)
    v2 = _v2(workspace)
    with workspace.write(remote=True) as s:
        s.add(FeedbackForm(visit_id=visit, number="DX01-2026-0001", status="signed"))
    with pytest.raises(DomainError) as refused:
        template_moves.plan_move(workspace, visit, v2)
    assert refused.value.code == "template.visit_signed"


def test_the_score_weighs_each_rating_on_the_scale():
    scale = scale_of({})
    assert scale[Rating.GOOD] == DEFAULT_SCALE["good"]
    score = checklist_score([(50, Rating.GOOD), (30, Rating.SATISFACTORY), (20, Rating.NOT_ASSESSED)], scale)
    assert (score.points, score.out_of, score.rated, score.complete) == (50 + round(30 * 3 / 4), 100, 2, False)
    # A version made before weights weighs its eight items evenly.
    even = checklist_score([(0, Rating.GOOD)] * 4 + [(0, Rating.UNSATISFACTORY)] * 4, scale)
    assert (even.points, even.out_of, even.complete) == (52, 100, True)


def test_shipped_versions_read_as_published_with_the_default_scale(workspace):
    with workspace.read() as s:
        t = s.get(ChecklistTemplate, V1)
        assert t.status is TemplateStatus.PUBLISHED and t.scale == {}
        assert s.scalar(sa.select(sa.func.sum(Indicator.weight)).where(Indicator.template_id == V1)) == 0
