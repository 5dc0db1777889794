"""The office's report from a lead's laptop, against the real server on 127.0.0.1: two
inspectors record visits, forms, a re-inspection, an objection and training on
their own laptops and sync; the lead syncs, records an interview, and the Reports
page makes the region's report and the bulletin from what arrived, with the
figures the records give when counted again by hand."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

from inspector_desktop.domain import Category, EscalationKind, Severity
from inspector_desktop.domain.office_report import parse_period
from inspector_desktop.server import admin
from inspector_desktop.store import edits, open_workspace, rectifications
from inspector_desktop.store.office_report import office_report
from inspector_desktop.store.rules import active_rules
from inspector_desktop.sync import account
from inspector_desktop.sync.protocol import Role
from tests.reports.office_data import completed_visit, expected, figures, issued_form, objection, verify
from tests.server.conftest import PASSWORD
from tests.sync.conftest import Laptop, _Named

AS_OF = dt.date(2026, 11, 20)
D = dt.date


def test_the_leads_laptop_reports_what_the_inspectors_synced(qtbot, server, office, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from inspector_desktop.ui.office_reports_page import OfficeReportsPage

    first, second = office.school(district="东湖区"), office.school(district="东湖区")
    # Inspectors of the region: their training records belong to it, so its lead receives them.
    wang, li = office.user(region="东湖区")[0], office.user(region="东湖区")[0]
    lead = office.user(Role.LEAD, region="东湖区")[0]
    office.assign(_Named(wang), first)
    office.assign(_Named(li), second)
    a, b = Laptop(tmp_path / "wang", server.url, wang), Laptop(tmp_path / "li", server.url, li)
    chief = open_workspace(tmp_path / "chief")
    try:
        a.sync(), b.sync()
        visit = completed_visit(a.ws, admin.school_id(first), a.account_id, D(2026, 9, 10),
                                [(Category.SAFETY, Severity.SERIOUS), (Category.HYGIENE, Severity.MINOR)])
        form_a, (late,) = issued_form(a.ws, visit, [D(2026, 10, 1)])
        objection(a.ws, form_a, D(2026, 9, 12), None)
        visit = completed_visit(b.ws, admin.school_id(second), b.account_id, D(2026, 10, 5),
                                [(Category.ETHOS, Severity.MODERATE)])
        form_b, (done,) = issued_form(b.ws, visit, [D(2026, 10, 20)])
        verify(b.ws, form_b, done, D(2026, 10, 18), b.account_id)
        edits.add_training(b.ws, D(2026, 6, 3), 6 * 60, "督导实务", inspector_id=b.account_id)
        assert a.sync().rejected == 0 and b.sync().rejected == 0

        account.login(chief, server.url, lead, PASSWORD)
        account.sync_now(chief)
        rectifications.mark_overdue(chief, D(2026, 10, 2))
        rectifications.record_escalation(chief, late, EscalationKind.INTERVIEW, "整改逾期未完成，约谈校长。",
                                         D(2026, 10, 9), "赵总督学")
        assert account.sync_now(chief).rejected == 0

        period = parse_period("2026-S2")
        report = office_report(chief, period, AS_OF)
        assert figures(report) == expected(chief, period.start, period.end, AS_OF,
                                           active_rules(chief).routine_every_months)
        r = report.rectifications
        assert (report.visits_done, report.schools_visited, report.findings_total) == (3, 2, 3)
        assert (r.closed_on_time, r.closed_late, r.still_open, r.overdue) == (1, 0, 0, 1)
        assert [(s.school_code, s.kind, s.deadline) for s in report.steps] == [
            (first, EscalationKind.INTERVIEW, D(2026, 10, 1))]
        assert (report.objections.received, report.objections.awaiting) == (1, 1)
        duty = {i.name: i for i in report.inspectors}
        assert (duty[wang].schools, duty[li].schools, duty[li].training_hours) == (1, 1, 6)

        # The page, on the lead's laptop: the bulletin, previewed, and the region's report as a spreadsheet.
        page = OfficeReportsPage(chief, lambda: AS_OF)
        qtbot.addWidget(page)
        page.refresh()
        qtbot.waitUntil(lambda: page.school.count() == 2, timeout=10_000)
        page.kind.setCurrentIndex(page.kind.findData("bulletin"))
        page.year.setValue(2026)
        page.part.setCurrentIndex(page.part.findData("S2"))
        page.language.setCurrentIndex(page.language.findData("zh_CN"))
        assert not page.school.isEnabled()
        page.preview_button.click()
        qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=20_000)
        path = tmp_path / "bulletin.pdf"
        path.write_bytes(page.preview.pdf_bytes())
        text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
        assert "关于2026年下半年督导问责情况的通报" in text and f"学校{first}" in text and "约谈" in text
        assert f"学校{second}" not in text  # a school with no escalation is not named

        target = tmp_path / "region.xlsx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        page.kind.setCurrentIndex(page.kind.findData("region"))
        page.language.setCurrentIndex(page.language.findData("en"))
        page.xlsx_button.click()
        qtbot.waitUntil(target.exists, timeout=20_000)
        qtbot.waitUntil(lambda: "Saved" in page.hint.text(), timeout=10_000)
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(target.read_bytes()), read_only=True)
        chain = [list(row) for row in book["Rectification"].iter_rows(values_only=True)]
        assert chain[-1][0] == "Total" and chain[-1][2:7] == [2, 1, 0, 0, 1]
    finally:
        a.close(), b.close(), chief.close()
