"""The rule file in the window: the form editor counts deadlines from the window's
clock and the active rule file; Settings shows the rule file in force, and offers
the region's choice to a lead only."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from PySide6.QtWidgets import QDateEdit

from inspector_desktop.domain import Severity
from inspector_desktop.store import roles, rules
from inspector_desktop.store.models import Finding, Inspector
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.ui.form_editor import FormEditor
from tests.ui.conftest import settle

FRIDAY = dt.date(2026, 11, 20)
TIMEOUT = 15_000


def _deadlines(editor: FormEditor) -> list[dt.date]:
    out = []
    for row in range(editor.requirements.rowCount()):
        cell = editor.requirements.cellWidget(row, 1)
        assert isinstance(cell, QDateEdit)
        out.append(cell.date().toPython())
    return out


def test_the_form_editor_counts_from_the_windows_clock_and_the_rule_file(qtbot, demo_workspace, english):
    ws = demo_workspace
    rules.set_rules(ws, "jiangxi.v1")
    with ws.read() as s:
        vid = s.scalar(sa.select(Finding.visit_id).where(Finding.severity == Severity.SERIOUS).order_by(Finding.visit_id))
        severities = [f.severity for f in s.scalars(sa.select(Finding).where(Finding.visit_id == vid))]
    editor = FormEditor(ws, visit_id=vid, today=lambda: FRIDAY)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.form is not None and not editor.busy, timeout=TIMEOUT)

    jiangxi = rules.active_rules(ws)
    assert _deadlines(editor) == [jiangxi.rectification_deadline(FRIDAY, sev) for sev in severities]
    assert dt.date(2026, 12, 1) in _deadlines(editor)  # serious: seven working days from Friday 20 Nov
    editor.add_requirement_button.click()
    added = _deadlines(editor)[-1]
    assert added == jiangxi.rectification_deadline(FRIDAY, Severity.MINOR) != FRIDAY + dt.timedelta(days=30)
    settle(qtbot)


def test_settings_offers_the_regions_rule_file_to_a_lead_only(qtbot, window):
    ws, page = window.workspace, window.settings_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.choice is not None, timeout=TIMEOUT)
    assert page.choice.source is rules.RulesSource.DEFAULT
    # Named by its title, not its file's code: an inspector reads "National default rules", never "default.v1".
    assert "National default rules" in page.rules_now.text() and "default.v1" not in page.rules_now.text()
    assert page.rules_lead.isHidden()  # the demo's inspector is no lead

    # Signed in as a lead of the region: the choice is offered.
    roles.set_roles(ws, ["inspector", "lead"])
    with ws.read() as s:
        region, name = (lambda i: (i.region, i.name))(s.get(Inspector, current_inspector_id(ws)))
    page.choice = None
    window.show_page(window.today_page)
    window.show_page(page)
    qtbot.waitUntil(lambda: page.choice is not None and page.choice.may_choose, timeout=TIMEOUT)
    assert page.rules_lead.isVisible() and region in page.rules_apply.text()
    offered = [page.rules_combo.itemText(i) for i in range(page.rules_combo.count())]
    assert offered == ["National default rules", "Jiangxi province rules (example)"], offered
    page.rules_combo.setCurrentIndex(page.rules_combo.findData("jiangxi.v1"))
    page.rules_apply.click()
    qtbot.waitUntil(lambda: page.choice is not None and page.choice.source is rules.RulesSource.REGION, timeout=TIMEOUT)
    assert rules.active_rules(ws).key == "jiangxi.v1"
    assert "Jiangxi province rules (example)" in page.rules_now.text() and name in page.rules_now.text()
    assert "jiangxi.v1" not in page.rules_now.text()
    assert "next sync" in page.rules_message.text()
    settle(qtbot)
