"""What an escalation step's paper says (an interview's time, place and participants)
travels with the step: recorded on the lead's laptop, stored by the real server, and
printed the same on the inspector's laptop after a sync."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inspector_desktop.domain import EscalationKind
from inspector_desktop.reports.escalation import build_escalation_pdf
from inspector_desktop.store import escalation_docs, open_workspace, rectifications
from inspector_desktop.store.escalation_docs import StepDetails
from inspector_desktop.sync import account
from tests.server.conftest import PASSWORD
from tests.sync.conftest import Laptop, server_rows
from tests.sync.test_escalation_roles import _overdue_rectification, inspector_and_lead  # noqa: F401 (fixture)


def test_the_interview_details_reach_the_server_and_the_inspectors_laptop(
        server, engine, inspector_and_lead, tmp_path: Path, no_keyring):  # noqa: F811
    inspector, lead, school = inspector_and_lead
    a = Laptop(tmp_path / "a", server.url, inspector)
    chief = open_workspace(tmp_path / "chief")
    try:
        a.sync()
        rid = _overdue_rectification(a, school)
        assert a.sync().rejected == 0
        account.login(chief, server.url, lead, PASSWORD)
        account.sync_now(chief)
        details = StepDetails(dt.datetime(2026, 11, 13, 9, 30), "区教育督导室二楼会议室", "校长；区教育体育局分管负责人")
        eid = rectifications.record_escalation(chief, rid, EscalationKind.INTERVIEW, "整改逾期未完成，约谈校长。",
                                               dt.date(2026, 11, 6), "王建国", details=details)
        assert account.sync_now(chief).rejected == 0
        stored = server_rows(engine, "escalation")[eid]
        assert (stored["held_at"], stored["place"], stored["participants"]) == (
            "2026-11-13T09:30:00", "区教育督导室二楼会议室", "校长；区教育体育局分管负责人")
        a.sync()
        doc = escalation_docs.escalation_document(a.ws, eid)
        assert doc.details == details
        assert build_escalation_pdf(doc)[:4] == b"%PDF"
    finally:
        a.close()
        chief.close()
