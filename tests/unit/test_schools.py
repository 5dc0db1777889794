"""A school's dossier: repeated findings, open rectifications, objections and their replies."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from inspector_desktop.domain import FormStatus, RectificationStatus, ResponseKind
from inspector_desktop.store import objections, schools
from inspector_desktop.store.models import FeedbackForm, Visit

TODAY = dt.date(2026, 11, 22)


def test_dossier_flags_findings_repeated_across_years(demo_workspace):
    school = schools.school_rows(demo_workspace, TODAY)[0]
    dossier = schools.school_dossier(demo_workspace, school.id, TODAY)
    assert dossier.visits and dossier.findings
    years: dict = {}
    for f in dossier.findings:
        years.setdefault(f.category, set()).add(f.day.year)
    repeated = [f for f in dossier.findings if f.repeated]
    assert repeated and all(len(years[f.category]) > 1 for f in repeated)
    assert dossier.repeated_categories == {f.category for f in repeated}
    assert all(r.status is not RectificationStatus.VERIFIED for r in dossier.open_rectifications)


def test_dossier_lists_the_schools_objections_and_marks_one_past_its_reply_deadline(demo_workspace):
    with demo_workspace.read() as s:
        form_id, school_id = s.execute(
            sa.select(FeedbackForm.id, Visit.school_id).join(Visit, Visit.id == FeedbackForm.visit_id)
            .where(FeedbackForm.status == FormStatus.ISSUED).limit(1)).one()
    rid = objections.record_response(demo_workspace, form_id, ResponseKind.OBJECTION, "期限过短", dt.date(2026, 10, 1))
    (row,) = schools.school_dossier(demo_workspace, school_id, TODAY).responses
    assert (row.id, row.kind, row.text) == (rid, ResponseKind.OBJECTION, "期限过短")
    assert row.reply_deadline is not None and row.reply_deadline < TODAY and row.overdue
    # On the day of the deadline it is not yet overdue.
    assert not schools.school_dossier(demo_workspace, school_id, row.reply_deadline).responses[0].overdue
    objections.reply_to_objection(demo_workspace, rid, "维持原要求", TODAY)
    (row,) = schools.school_dossier(demo_workspace, school_id, TODAY).responses
    assert (row.reply_text, row.replied_on, row.overdue) == ("维持原要求", TODAY, False)
