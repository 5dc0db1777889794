"""Read queries: the visit index and its filters, discretion, search, dossiers, history."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain import Notice, Planning, RectificationStatus, Scope, Stage, TeamRole, VisitStatus
from inspector_desktop.store import edits, queries
from inspector_desktop.store.models import Visit
from inspector_desktop.store.queries import VisitFilter

TODAY = dt.date(2026, 11, 22)


def all_visits(ws):
    with ws.read() as s:
        return s.execute(sa.select(sa.literal_column("visit.rowid"), Visit).select_from(Visit)).all()


def test_index_filters_agree_with_the_database(demo_workspace):
    idx = queries.load_visit_index(demo_workspace)
    visits = {k: v for k, v in all_visits(demo_workspace)}
    assert len(idx) == len(visits) == 90
    flt = VisitFilter(scope=Scope.SPECIAL, status=VisitStatus.COMPLETED, date_from=dt.date(2026, 3, 1))
    got = idx.select(flt, TODAY, discreet=False)
    want = {k for k, v in visits.items() if v.scope is Scope.SPECIAL and v.status is VisitStatus.COMPLETED and v.planned_on >= dt.date(2026, 3, 1)}
    assert set(got) == want and want
    days = [visits[k].planned_on for k in got]
    assert days == sorted(days, reverse=True)  # newest first


def test_every_axis_and_school_filter(demo_workspace):
    idx = queries.load_visit_index(demo_workspace)
    visits = {k: v for k, v in all_visits(demo_workspace)}
    for field, value in (("stage", Stage.RESULT), ("planning", Planning.RANDOM), ("notice", Notice.ANNOUNCED),
                         ("school_id", idx.school_ids[1])):
        got = idx.select(VisitFilter(**{field: value}), TODAY, discreet=False)
        assert got and all(getattr(visits[k], field) == value for k in got)
    assert idx.select(VisitFilter(school_id="no-such-school"), TODAY) == ()


def _plan_unannounced(ws, days_ahead=3):
    school = queries.schools(ws)[0]
    me = ws.setting("current_inspector_id")
    vid = edits.create_visit(ws, school.id, TODAY + dt.timedelta(days=days_ahead), Scope.SPECIAL, Stage.PROCESS,
                             Planning.ROUTINE, Notice.UNANNOUNCED, None, [(me, TeamRole.LEADER)])
    return school, vid, queries.visit_key(ws, vid)


def test_sealed_visits_come_first_and_never_carry_school_or_date(demo_workspace):
    school, vid, key = _plan_unannounced(demo_workspace)
    idx = queries.load_visit_index(demo_workspace)
    keys = idx.select(VisitFilter(), TODAY, discreet=True)
    sealed_keys = [k for k in keys if queries.visit_rows(demo_workspace, [k], TODAY)[k].sealed]
    assert key in sealed_keys and keys[: len(sealed_keys)] == tuple(sealed_keys)
    row = queries.visit_rows(demo_workspace, [key], TODAY)[key]
    assert row.sealed and row.school_name == "" and row.planned_on is None and row.school_id is None and row.leader == ""
    # Narrowing by school, date or text would place it, so it is left out.
    assert key not in idx.select(VisitFilter(school_id=school.id), TODAY, discreet=True)
    assert key not in idx.select(VisitFilter(date_from=TODAY), TODAY, discreet=True)
    assert key in idx.select(VisitFilter(school_id=school.id), TODAY, discreet=False)
    shown = queries.visit_rows(demo_workspace, [key], TODAY, revealed=True)[key]
    assert not shown.sealed and shown.school_name == school.label and shown.confidential


def test_a_visit_that_started_or_is_announced_is_not_sealed():
    assert queries.is_confidential(Notice.UNANNOUNCED, VisitStatus.PLANNED, TODAY, TODAY)
    assert not queries.is_confidential(Notice.UNANNOUNCED, VisitStatus.IN_PROGRESS, TODAY, TODAY)
    assert not queries.is_confidential(Notice.ANNOUNCED, VisitStatus.PLANNED, TODAY + dt.timedelta(days=1), TODAY)
    assert not queries.is_confidential(Notice.UNANNOUNCED, VisitStatus.PLANNED, TODAY - dt.timedelta(days=1), TODAY)


def test_chinese_search_short_and_long_terms(demo_workspace):
    idx = queries.load_visit_index(demo_workspace)
    for term in ("食堂", "消防通道"):
        hits = queries.search_visit_keys(demo_workspace, term)
        assert hits
        keys = idx.select(VisitFilter(text=term), TODAY, discreet=False, text_hits=hits)
        for k in keys:
            vid = queries.visit_rows(demo_workspace, [k], TODAY, revealed=True)[k].id
            d = queries.visit_detail(demo_workspace, vid)
            assert term in d.notes + d.purpose + "".join(f.problem + f.evidence + f.diagnosis + f.recommendation for f in d.findings)
    assert queries.search_visit_keys(demo_workspace, "没有这种内容的词") == frozenset()


def test_dossier_flags_findings_repeated_across_years(demo_workspace):
    school = queries.school_rows(demo_workspace, TODAY)[0]
    dossier = queries.school_dossier(demo_workspace, school.id, TODAY)
    assert dossier.visits and dossier.findings
    years: dict = {}
    for f in dossier.findings:
        years.setdefault(f.category, set()).add(f.day.year)
    repeated = [f for f in dossier.findings if f.repeated]
    assert repeated and all(len(years[f.category]) > 1 for f in repeated)
    assert dossier.repeated_categories == {f.category for f in repeated}
    assert all(r.status is not RectificationStatus.VERIFIED for r in dossier.open_rectifications)


def test_training_summary_and_today(demo_workspace):
    summary = queries.training_summary(demo_workspace, TODAY.year)
    assert summary.records and summary.progress.minutes == sum(r.minutes for r in summary.records)
    assert not summary.progress.complete
    today = queries.today_summary(demo_workspace, TODAY)
    assert today.inspector_name == "李明华" and today.overdue_rectifications > 0
    assert all(r.planned_on == TODAY for r in today.visits_today)


def test_history_lists_edits_of_the_visit_and_its_findings(demo_workspace):
    school, vid, _key = _plan_unannounced(demo_workspace)
    fid = edits.add_finding(demo_workspace, vid, "厕所无洗手液")
    edits.update_field(demo_workspace, "finding", fid, "diagnosis", "保洁检查缺失")
    entries = queries.visit_history(demo_workspace, vid)
    kinds = [(e.entity, e.action) for e in entries]
    assert kinds[0] == ("finding", "update") and ("visit", "insert") in kinds and ("finding", "insert") in kinds
    assert ("diagnosis", "", "保洁检查缺失") in entries[0].fields


def test_dossier_lists_the_schools_objections_and_marks_one_past_its_reply_deadline(demo_workspace):
    from inspector_desktop.domain import FormStatus, ResponseKind
    from inspector_desktop.store import chain
    from inspector_desktop.store.models import FeedbackForm

    with demo_workspace.read() as s:
        form_id, school_id = s.execute(
            sa.select(FeedbackForm.id, Visit.school_id).join(Visit, Visit.id == FeedbackForm.visit_id)
            .where(FeedbackForm.status == FormStatus.ISSUED).limit(1)).one()
    rid = chain.record_response(demo_workspace, form_id, ResponseKind.OBJECTION, "期限过短", dt.date(2026, 10, 1))
    (row,) = queries.school_dossier(demo_workspace, school_id, TODAY).responses
    assert (row.id, row.kind, row.text) == (rid, ResponseKind.OBJECTION, "期限过短")
    assert row.reply_deadline is not None and row.reply_deadline < TODAY and row.overdue
    # On the day of the deadline it is not yet overdue.
    assert not queries.school_dossier(demo_workspace, school_id, row.reply_deadline).responses[0].overdue
    chain.reply_to_objection(demo_workspace, rid, "维持原要求", TODAY)
    (row,) = queries.school_dossier(demo_workspace, school_id, TODAY).responses
    assert (row.reply_text, row.replied_on, row.overdue) == ("维持原要求", TODAY, False)
