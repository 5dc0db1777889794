"""The visit list: the index and its filters, discreet mode's hiding, search."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.store import choices, discretion, edits, profile, visit_list, visit_record
from inspector_desktop.store.models import Visit
from inspector_desktop.store.visit_list import VisitFilter

TODAY = dt.date(2026, 11, 22)


def all_visits(ws):
    with ws.read() as s:
        return s.execute(sa.select(sa.literal_column("visit.rowid"), Visit).select_from(Visit)).all()


def test_index_filters_agree_with_the_database(demo_workspace):
    idx = visit_list.load_visit_index(demo_workspace)
    visits = {k: v for k, v in all_visits(demo_workspace)}
    assert len(idx) == len(visits) == 90
    flt = VisitFilter(scope=Scope.SPECIAL, status=VisitStatus.COMPLETED, date_from=dt.date(2026, 3, 1))
    got = idx.select(flt, TODAY, discreet=False)
    want = {k for k, v in visits.items() if v.scope is Scope.SPECIAL and v.status is VisitStatus.COMPLETED and v.planned_on >= dt.date(2026, 3, 1)}
    assert set(got) == want and want
    days = [visits[k].planned_on for k in got]
    assert days == sorted(days, reverse=True)  # newest first


def test_every_axis_and_school_filter(demo_workspace):
    idx = visit_list.load_visit_index(demo_workspace)
    visits = {k: v for k, v in all_visits(demo_workspace)}
    for field, value in (("stage", Stage.RESULT), ("planning", Planning.RANDOM), ("notice", Notice.ANNOUNCED),
                         ("school_id", idx.school_ids[1])):
        got = idx.select(VisitFilter(**{field: value}), TODAY, discreet=False)
        assert got and all(getattr(visits[k], field) == value for k in got)
    assert idx.select(VisitFilter(school_id="no-such-school"), TODAY) == ()


def _plan_unannounced(ws, days_ahead=3):
    school = choices.schools(ws)[0]
    me = profile.current_inspector_id(ws)
    vid = edits.create_visit(ws, school.id, TODAY + dt.timedelta(days=days_ahead), Scope.SPECIAL, Stage.PROCESS,
                             Planning.ROUTINE, Notice.UNANNOUNCED, None, [(me, TeamRole.LEADER)])
    return school, vid, visit_list.visit_key(ws, vid)


def test_hidden_visits_come_first_and_never_carry_school_or_date(demo_workspace):
    school, vid, key = _plan_unannounced(demo_workspace)
    idx = visit_list.load_visit_index(demo_workspace)
    keys = idx.select(VisitFilter(), TODAY, discreet=True)
    hidden_keys = [k for k in keys if visit_list.visit_rows(demo_workspace, [k], TODAY)[k].hidden]
    assert key in hidden_keys and keys[: len(hidden_keys)] == tuple(hidden_keys)
    row = visit_list.visit_rows(demo_workspace, [key], TODAY)[key]
    assert row.hidden and row.school_name == "" and row.planned_on is None and row.school_id is None and row.leader == ""
    # Narrowing by school, date or text would place it, so it is left out.
    assert key not in idx.select(VisitFilter(school_id=school.id), TODAY, discreet=True)
    assert key not in idx.select(VisitFilter(date_from=TODAY), TODAY, discreet=True)
    assert key in idx.select(VisitFilter(school_id=school.id), TODAY, discreet=False)
    shown = visit_list.visit_rows(demo_workspace, [key], TODAY, revealed=True)[key]
    assert not shown.hidden and shown.school_name == school.label and shown.confidential


def test_a_visit_that_started_or_is_announced_is_not_hidden():
    assert discretion.is_confidential(Notice.UNANNOUNCED, VisitStatus.PLANNED, TODAY, TODAY)
    assert not discretion.is_confidential(Notice.UNANNOUNCED, VisitStatus.IN_PROGRESS, TODAY, TODAY)
    assert not discretion.is_confidential(Notice.ANNOUNCED, VisitStatus.PLANNED, TODAY + dt.timedelta(days=1), TODAY)
    assert not discretion.is_confidential(Notice.UNANNOUNCED, VisitStatus.PLANNED, TODAY - dt.timedelta(days=1), TODAY)


def test_chinese_search_short_and_long_terms(demo_workspace):
    idx = visit_list.load_visit_index(demo_workspace)
    for term in ("食堂", "消防通道"):
        hits = visit_list.search_visit_keys(demo_workspace, term)
        assert hits
        keys = idx.select(VisitFilter(text=term), TODAY, discreet=False, text_hits=hits)
        for k in keys:
            vid = visit_list.visit_rows(demo_workspace, [k], TODAY, revealed=True)[k].id
            d = visit_record.visit_detail(demo_workspace, vid)
            assert term in d.notes + d.purpose + "".join(f.problem + f.evidence + f.diagnosis + f.recommendation for f in d.findings)
    assert visit_list.search_visit_keys(demo_workspace, "没有这种内容的词") == frozenset()


def test_index_lists_newest_first_each_visit_with_its_own_school_and_date(demo_workspace):
    idx = visit_list.load_visit_index(demo_workspace)
    visits = {k: v for k, v in all_visits(demo_workspace)}
    want = sorted(visits, key=lambda k: (visits[k].planned_on, k), reverse=True)  # on one day, the later-made first
    assert list(idx.keys) == want
    assert list(idx.days) == [visits[k].planned_on.isoformat() for k in want]
    assert [idx.school_ids[s] for s in idx.schools] == [visits[k].school_id for k in want]
    everything = idx.select(VisitFilter(), TODAY, discreet=False)
    assert list(everything) == want
