"""A lead's laptop sees the region two inspectors built on theirs: the lead's Today
lists inspector B's overdue rectification naming B, the Region overview's figures
agree with a count made here from the records sync brought, a double-click on a
school opens its dossier and one on an inspector shows their schools; an
inspector's window has no overview, and their Today is still their own."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from PySide6.QtCore import Qt

from inspector_desktop.domain import (
    Notice,
    Planning,
    RectificationStatus,
    ResponseKind,
    Scope,
    Severity,
    Stage,
    TeamRole,
    VisitStatus,
)
from inspector_desktop.domain.rectification import effective_status
from inspector_desktop.store import edits, objections
from inspector_desktop.store.discretion import is_confidential
from inspector_desktop.store.models import FeedbackForm, Rectification, SchoolResponse, Visit
from inspector_desktop.store.today import today_items
from inspector_desktop.sync.protocol import Role
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, rows

S = RectificationStatus


def test_a_lead_sees_the_region_its_inspectors_built(laptops, office, server):
    region = f"青云谱区{office.tag}"  # a region of this test's own on the module's server
    wu = office.create_user("wu", "吴督学", office.code("A"), region=region)
    xu = office.create_user("xu", "徐督学", office.code("B"), region=region)
    office.create_user("song", "宋总督学", office.code("L"), Role.LEAD, region=region)
    sa_code, sb_code = office.code("SA"), office.code("SB")
    office.import_schools((sa_code, "青云小学", "青云谱区教育局", region), (sb_code, "谱园中学", "青云谱区教育局", region))
    office.assign("wu", sa_code)
    office.assign("xu", sb_code)
    school_a, school_b = office.school_id(sa_code), office.school_id(sb_code)

    clock = Clock(dt.date(2026, 11, 9))
    a, b = laptops("wu", clock), laptops("xu", clock)
    steps.sign_in(a, server.url, office.username("wu"))
    steps.sign_in(b, server.url, office.username("xu"))

    # Inspector B, in the window: a visit, a serious finding, the form signed: one rectification.
    steps.plan_visit(b, "谱园中学", Notice.ANNOUNCED, clock.day)
    steps.move_visit(b, "start")
    steps.add_finding(b, "消防通道堆放杂物", Severity.SERIOUS, recommendation="立即清理消防通道")
    steps.move_visit(b, "complete")
    editor = steps.open_form_from_visit(b)
    steps.sign_and_lock(b, editor, ("徐督学", "责任督学"), ("钱校长", "校长"))
    editor.accept()
    (rect,) = rows(b.ws, Rectification)
    (form,) = rows(b.ws, FeedbackForm)
    objections.record_response(b.ws, form.id, ResponseKind.OBJECTION, "通道杂物系施工临时堆放", clock.day)
    steps.sync(b)

    # The deadline passes. Inspector A, the same day: a visit done, and an unannounced plan (hidden).
    clock.day = rect.deadline + dt.timedelta(days=1)
    done = edits.create_visit(a.ws, school_a, clock.day, Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                              Notice.ANNOUNCED, None, [(wu, TeamRole.LEADER)])
    edits.move_visit(a.ws, done, VisitStatus.IN_PROGRESS)
    edits.move_visit(a.ws, done, VisitStatus.COMPLETED)
    surprise = clock.day + dt.timedelta(days=1)
    assert surprise.month == clock.day.month  # this month's: counted only once revealed
    edits.create_visit(a.ws, school_a, surprise, Scope.COMPREHENSIVE, Stage.PROCESS, Planning.ROUTINE,
                       Notice.UNANNOUNCED, None, [(wu, TeamRole.LEADER)])
    steps.sync(a)
    steps.sync(b)

    lead = laptops("song", clock)
    steps.sign_in(lead, server.url, office.username("song"))
    lead.qtbot.waitUntil(lambda: lead.window.is_lead, timeout=WAIT)

    # The lead's Today: B's overdue rectification, with B named.
    today = lead.window.today_page
    steps.go(lead, today)
    lead.qtbot.waitUntil(lambda: today.items is not None and today.items.as_of == clock.day
                         and any(d.rectification_id == rect.id for d in today.items.deadlines), timeout=WAIT)
    texts = [today.deadline_list.item(i).text() for i in range(today.deadline_list.count())]
    (text,) = [t for t in texts if "谱园中学" in t]
    assert "1 day overdue" in text and "Inspector: 徐督学" in text
    objection_texts = [today.objection_list.item(i).text() for i in range(today.objection_list.count())]
    assert any("谱园中学" in t and "徐督学" in t for t in objection_texts)

    # The overview: its figures are the records counted here.
    page = lead.window.region_page
    steps.go(lead, page)
    lead.qtbot.waitUntil(lambda: page.overview is not None and len(page.overview.schools) == 2, timeout=WAIT)
    overview = page.overview
    expected = _recount(lead.ws, clock.day)
    for f in overview.schools:
        got = f.figures
        assert (got.visits_done, got.visits_planned, got.open_rectifications, got.overdue_rectifications,
                got.escalated_rectifications, got.objections_awaiting) == expected[f.school_id], f.name
    by_school = {f.school_id: f for f in overview.schools}
    assert by_school[school_b].figures.overdue_rectifications == 1 and by_school[school_b].figures.objections_awaiting == 1
    assert by_school[school_a].figures.visits_done == 1
    assert by_school[school_a].figures.visits_planned == expected[school_a][1] == 0  # the unannounced plan is hidden
    assert [v.notice for v in rows(lead.ws, Visit, Visit.school_id == school_a)].count(Notice.UNANNOUNCED) == 1
    lead.window.discretion.reveal(60)  # revealed, the plan counts again
    lead.qtbot.waitUntil(lambda: {f.school_id: f for f in page.overview.schools}[school_a].figures.visits_planned
                         == 1, timeout=WAIT)
    lead.window.discretion.hide()
    assert by_school[school_b].responsible_names == ("徐督学",)
    assert [p.name for p in overview.inspectors] == ["吴督学", "徐督学"]
    assert page.school_model.rowCount() == 2 and page.inspector_model.rowCount() == 2
    assert [s.label() for s in page.sets["chain"]] == ["Open", "Overdue", "Escalated"]

    # An inspector double-clicked: their schools and ledger below.
    page.tabs.setCurrentIndex(0)
    row = next(n for n, p in enumerate(page.inspector_model.rows) if p.inspector_id == xu)
    _double_click(lead, page.inspector_view, page.inspector_model.index(row, 1))
    lead.qtbot.waitUntil(lambda: page.chosen == xu, timeout=WAIT)
    assert [f.school_id for f in page.theirs_model.rows] == [school_b]
    assert "徐督学" in page.detail.title()

    # A school double-clicked: its dossier on the Schools page.
    page.tabs.setCurrentIndex(1)
    view, row = page.view_of(school_b)
    _double_click(lead, view, page.school_model.index(row, 1))
    schools = lead.window.schools_page
    assert lead.window.stack.currentWidget() is schools
    lead.qtbot.waitUntil(lambda: schools.dossier is not None and schools.dossier.school.id == school_b, timeout=WAIT)

    # An inspector's window: no overview, and Today still covers their own schools only.
    office_row = [p for p, _g in a.window.pages].index(a.window.region_page)
    assert a.window.nav.item(office_row).isHidden() and not a.window.is_lead
    a_today = a.window.today_page
    steps.go(a, a_today)
    a.qtbot.waitUntil(lambda: a_today.items is not None and a_today.items.as_of == clock.day, timeout=WAIT)
    assert a_today.items == today_items(a.ws, clock.day, wu)
    assert a_today.items.region is None
    assert all("Inspector:" not in a_today.deadline_list.item(i).text() for i in range(a_today.deadline_list.count()))
    assert rect.id not in {d.rectification_id for d in a_today.items.deadlines}


def _recount(ws, today: dt.date) -> dict[str, tuple[int, ...]]:  # type: ignore[no-untyped-def]
    """Per school: completed visits this month, shown plans this month, open, overdue and
    escalated rectifications, unanswered objections; from the rows, one by one."""
    month = (today.year, today.month)
    done: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    for v in rows(ws, Visit, Visit.deleted.is_(False)):
        if (v.planned_on.year, v.planned_on.month) != month:
            continue
        if v.status is VisitStatus.COMPLETED and v.planned_on <= today:
            done[v.school_id] += 1
        elif v.status in (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS) and not is_confidential(
                v.notice, v.status, v.planned_on, today):
            planned[v.school_id] += 1
    chain: Counter[tuple[str, S]] = Counter(
        (r.school_id, effective_status(r.status, r.deadline, today)) for r in rows(ws, Rectification, Rectification.deleted.is_(False)))
    forms = {f.id: f.visit_id for f in rows(ws, FeedbackForm)}
    schools_of = {v.id: v.school_id for v in rows(ws, Visit)}
    waiting = Counter(schools_of[forms[r.form_id]] for r in rows(ws, SchoolResponse, SchoolResponse.deleted.is_(False))
                      if r.kind is ResponseKind.OBJECTION and r.replied_on is None)
    return {sid: (done[sid], planned[sid], chain[sid, S.OPEN] + chain[sid, S.REPORTED], chain[sid, S.OVERDUE],
                  chain[sid, S.ESCALATED], waiting[sid]) for sid in set(schools_of.values())}


def _double_click(laptop, view, index) -> None:  # type: ignore[no-untyped-def]
    at = view.visualRect(index).center()
    laptop.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
    laptop.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
