"""The school's response to a signed form: an objection, its reply deadline, the reply."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_desktop.domain import DomainError, ResponseKind
from inspector_desktop.store import objections, rectifications, rules
from inspector_desktop.store.models import SchoolResponse
from tests.unit.test_rectifications import build_case


@pytest.fixture
def case(workspace):
    c = build_case(workspace)
    rectifications.open_rectifications(workspace, c.form, actor_id=c.inspector)
    return c


def test_school_response_objection_with_reply_deadline_then_reply(workspace, case):
    rules.set_rules(workspace, "jiangxi.v1")
    rid = objections.record_response(workspace, case.form, ResponseKind.OBJECTION, "整改期限过短。", dt.date(2026, 11, 20))
    with pytest.raises(DomainError, match="response.objection_pending"):
        objections.record_response(workspace, case.form, ResponseKind.OBJECTION, "再议", dt.date(2026, 11, 21))
    objections.reply_to_objection(workspace, rid, "经研究，维持原期限。", dt.date(2026, 11, 27))
    with pytest.raises(DomainError, match="response.already_replied"):
        objections.reply_to_objection(workspace, rid, "again", dt.date(2026, 11, 28))
    ack = objections.record_response(workspace, case.form, ResponseKind.ACKNOWLEDGEMENT, "", dt.date(2026, 11, 28))
    with workspace.read() as s:
        row = s.get(SchoolResponse, rid)
        # Province rules: 10 working days from Friday 20 November.
        assert (row.reply_deadline, row.replied_on, row.text) == (dt.date(2026, 12, 4), dt.date(2026, 11, 27), "整改期限过短。")
        assert s.get(SchoolResponse, ack).reply_deadline is None
    with pytest.raises(DomainError, match="response.already_acknowledged"):
        objections.record_response(workspace, case.form, ResponseKind.OBJECTION, "x", dt.date(2026, 11, 29))
