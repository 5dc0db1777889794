"""The office publishes a checklist's next version, and a visit already begun on the
old one goes on: the lead drafts version 2 on the Checklist templates page (an
item dropped, one added, weights that must total 100), publishes it, and sync
takes it to an inspector, whose visit in progress keeps its ratings on version 1
and still works; moving it to version 2 shows each item's fate first (the
dropped item's rating and observation named) and then applies it, and Undo
brings it back. An inspector has no such page, and the server refuses a template
an inspector's laptop sends. A published version cannot be edited."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from inspector_desktop.checklists import template_id
from inspector_desktop.domain import DomainError, Notice, Rating
from inspector_desktop.domain.templates import TemplateStatus
from inspector_desktop.store.bookkeeping import OutboxEntry, OutboxState
from inspector_desktop.store.models import ChecklistTemplate, Indicator, IndicatorResult
from inspector_desktop.store.template_moves import DROPPED, KEPT, NEW
from inspector_desktop.sync.protocol import Role
from inspector_desktop.ui.template_move_dialog import TemplateMoveDialog
from tests.e2e import steps
from tests.e2e.conftest import WAIT, Clock, click, rows

V1 = template_id("routine-national", 1)


def _draft_v2(lead, monkeypatch) -> str:
    """Checklist templates → New version → R8 removed, R9 added → Publish (refused at 88, then at 100)."""
    page, qtbot = lead.window.templates_page, lead.qtbot
    steps.go(lead, page)
    qtbot.waitUntil(lambda: page.content is not None and page.content.id == V1, timeout=WAIT)
    assert not page.save_button.isEnabled() and not page.items.add_button.isEnabled()  # a published version is read-only
    assert "Total weight 100/100" in page.items.total.text()  # version 1 weighs its eight items evenly
    click(qtbot, page.new_button)
    qtbot.waitUntil(lambda: page.content is not None and page.content.version == 2, timeout=WAIT)
    assert page.content.status is TemplateStatus.DRAFT and page.items.table.rowCount() == 8
    page.items.table.selectRow(7)
    click(qtbot, page.items.remove_button)
    click(qtbot, page.items.add_button)
    row = page.items.table.rowCount() - 1
    for col, text in ((0, "R9"), (3, "劳动教育"), (4, "Labour education"), (6, "Check weekly labour lessons.")):
        page.items.table.item(row, col).setText(text)
    assert "Total weight 88/100 — must be 100 to publish" in page.items.total.text()
    # Moved up once, by the keyboard's button: the new item becomes the seventh.
    page.items.table.selectRow(row)
    click(qtbot, page.items.up_button)
    assert [page.items.table.item(r, 0).text() for r in range(8)][-2:] == ["R9", "R7"]

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    click(qtbot, page.publish_button)
    qtbot.waitUntil(lambda: "they must total 100" in page.state.text(), timeout=WAIT)
    assert "The weights total 88" in page.state.text()
    page.items.table.cellWidget(6, 1).setValue(12)  # R9's weight
    assert page.items.total.text() == "Total weight 100/100"
    click(qtbot, page.publish_button)
    qtbot.waitUntil(lambda: page.content is not None and page.content.status is TemplateStatus.PUBLISHED, timeout=WAIT)
    listed = {(v.version, v.status) for v in page.listed}
    assert listed == {(1, TemplateStatus.PUBLISHED), (2, TemplateStatus.PUBLISHED)}
    assert "by 林总督学" in page.versions.topLevelItem(0).text(2)
    return page.content.id


def test_a_new_version_reaches_an_inspector_whose_visit_goes_on_and_moves(laptops, office, server, monkeypatch):
    region = f"新建区{office.tag}"
    office.create_user("lin", "林总督学", office.code("L"), Role.LEAD, region=region)
    office.create_user("he", "何督学", office.code("A"), region=region)
    office.create_user("lu", "陆督学", office.code("B"), region=region)
    school = office.code("S")
    office.import_schools((school, "新建小学", "新建区教育局", region))
    office.assign("he", school)
    clock = Clock(dt.date(2026, 12, 1))

    he = laptops("he", clock)
    steps.sign_in(he, server.url, office.username("he"))
    visit = steps.plan_visit(he, "新建小学", Notice.ANNOUNCED, clock.day)
    steps.move_visit(he, "start")
    steps.rate(he, 0, Rating.GOOD, "制度上墙")
    steps.rate(he, 7, Rating.NEEDS_IMPROVEMENT, "校风待加强")
    checklist = he.window.visits_page.visit_page.checklist
    assert checklist.score.text() == "Score 16/100 (so far)"  # R1 good: all its 13; R8 needs improvement: 1/4 of 12
    steps.sync(he)

    lead = laptops("lin", clock)
    steps.sign_in(lead, server.url, office.username("lin"))
    lead.qtbot.waitUntil(lambda: lead.window.is_lead, timeout=WAIT)
    v2 = _draft_v2(lead, monkeypatch)
    with pytest.raises(DomainError) as refused, lead.ws.write() as s:  # the store: a published version is final
        s.scalars(sa.select(Indicator).where(Indicator.template_id == v2)).first().weight = 1
    assert refused.value.code == "template.published"
    steps.sync(lead)

    # The inspector's laptop receives version 2; the visit in progress stays on version 1 and still works.
    steps.sync(he)
    assert {t.version: t.status for t in rows(he.ws, ChecklistTemplate)} == {1: TemplateStatus.PUBLISHED,
                                                                           2: TemplateStatus.PUBLISHED}
    steps.open_visit_from_list(he, visit)
    page = he.window.visits_page.visit_page
    assert page.detail.template_version == 1 and len(checklist.lines) == 8
    assert [ln.rating.currentData() for ln in checklist.lines][::7] == [Rating.GOOD, Rating.NEEDS_IMPROVEMENT]
    steps.rate(he, 2, Rating.SATISFACTORY)
    assert {r.rating for r in rows(he.ws, IndicatorResult, IndicatorResult.visit_id == visit)} == {
        Rating.GOOD, Rating.SATISFACTORY, Rating.NEEDS_IMPROVEMENT}
    assert checklist.move_button.isVisible() and checklist.move_button.text() == "Move to version 2…"

    # Move: the mapping first, then applied.
    click(he.qtbot, checklist.move_button)
    dialog = checklist.findChild(TemplateMoveDialog)
    he.qtbot.waitUntil(lambda: dialog.plan is not None and dialog.move_button.isEnabled(), timeout=WAIT)
    fates = {dialog.table.topLevelItem(i).text(0): dialog.table.topLevelItem(i).text(2)
             for i in range(dialog.table.topLevelItemCount())}
    assert fates["R1"].startswith("Kept") and fates["R9"].startswith("New") and fates["R8"].startswith("Dropped")
    assert {i.outcome for i in dialog.plan.items} == {KEPT, NEW, DROPPED}
    assert dialog.set_aside.isVisible() and "R8" in dialog.set_aside.text() and "校风待加强" in dialog.set_aside.text()
    click(he.qtbot, dialog.move_button)
    he.qtbot.waitUntil(lambda: page.detail is not None and page.detail.template_version == 2, timeout=WAIT)
    he.qtbot.waitUntil(lambda: len(checklist.lines) == 8 and checklist.lines[6].item.code == "R9", timeout=WAIT)
    assert [ln.rating.currentData() for ln in checklist.lines][:3] == [Rating.GOOD, Rating.NOT_ASSESSED,
                                                                      Rating.SATISFACTORY]
    assert not checklist.move_button.isVisible()
    # Undo brings version 1 back with R8's rating; moved again, it stays on version 2.
    click(he.qtbot, dialog.undo_button)
    he.qtbot.waitUntil(lambda: page.detail.template_version == 1 and len(checklist.lines) == 8
                       and checklist.lines[7].rating.currentData() is Rating.NEEDS_IMPROVEMENT, timeout=WAIT)
    dialog.close()
    click(he.qtbot, checklist.move_button)
    dialog = [d for d in checklist.findChildren(TemplateMoveDialog) if d.isVisible()][-1]
    he.qtbot.waitUntil(lambda: dialog.move_button.isEnabled(), timeout=WAIT)
    click(he.qtbot, dialog.move_button)
    he.qtbot.waitUntil(lambda: page.detail.template_version == 2, timeout=WAIT)
    dialog.close()
    steps.sync(he)  # the server takes the moved lines

    # Another inspector: no templates page, and a template sent from their laptop is refused.
    lu = laptops("lu", clock)
    steps.sign_in(lu, server.url, office.username("lu"))
    row = [p for p, _g in lu.window.pages].index(lu.window.templates_page)
    assert lu.window.nav.item(row).isHidden() and not lu.window.is_lead
    with lu.ws.write() as s:  # what a tampered or outdated laptop could send
        s.add(ChecklistTemplate(code="routine-national", version=3, title_zh="改", title_en="Changed",
                                status=TemplateStatus.DRAFT))
    steps.sync(lu)
    (sent,) = rows(lu.ws, OutboxEntry, OutboxEntry.entity == "checklist_template")
    assert (sent.state, sent.result) == (OutboxState.REJECTED, "template.lead_only")
