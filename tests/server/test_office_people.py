"""The office's people and schools over HTTP: a lead of a region lists, creates,
disables, imports and assigns within it; an inspector reaches none of it (403),
and another region's inspectors and schools do not exist to the lead (404).
On SQLite and PostgreSQL, through the real server on 127.0.0.1."""

from __future__ import annotations

import io
import logging
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from inspector_desktop.server import admin, tables as t
from inspector_desktop.sync.protocol import Role
from tests.server.conftest import PASSWORD, Inspector, Office

ON = "2026-12-01"
HEADER = "code,name,competent_department,district,is_large\n"


@pytest.fixture
def region() -> str:
    return f"区{uuid.uuid4().hex[:6]}"


@pytest.fixture
def lead(office: Office, region: str) -> Inspector:
    return office.inspector(Role.LEAD, region=region)


def _ok(r: httpx.Response) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def _refused(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def _assign(who: Inspector, inspector_id: str, *school_ids: str, end: bool = False) -> httpx.Response:
    path = "/office/assignments/end" if end else "/office/assignments"
    return who.http.post(path, json=dict(inspector_id=inspector_id, school_ids=list(school_ids), on=ON))


def _import(who: Inspector, text: str, name: str = "schools.csv") -> httpx.Response:
    return who.http.post("/office/schools/import", params={"filename": name}, content=text.encode("utf-8"),
                         headers={"Content-Type": "application/octet-stream"})


def test_an_inspector_reaches_no_office_route(office: Office, region: str):
    me = office.inspector(region=region)
    other = office.inspector(region=region)
    school = admin.school_id(office.school(region))
    refusals = [
        me.http.get("/office/people"),
        me.http.post("/office/inspectors", json=dict(username="x" + uuid.uuid4().hex[:6], name="x", code="X1", password=PASSWORD)),
        me.http.put(f"/office/inspectors/{other.id}/disabled", json=dict(disabled=True)),
        _import(me, HEADER + f"Z{uuid.uuid4().hex[:6]},学校,局,{region},no\n"),
        _assign(me, me.id, school),
        _assign(me, other.id, school, end=True),
    ]
    for r in refusals:
        _refused(r, 403, "auth.lead_only")
    with office.engine.connect() as conn:  # nothing was assigned
        assert admin.held_schools(conn, me.id, __import__("datetime").date(2026, 12, 1)) == []


def test_a_lead_sees_only_the_region_and_creates_and_disables_its_inspectors(office: Office, region: str, lead: Inspector,
                                                                              caplog: pytest.LogCaptureFixture):
    mine = office.inspector(region=region)
    elsewhere = office.inspector(region="别的区")
    my_school, far_school = office.school(region), office.school("别的区")
    people = _ok(lead.http.get("/office/people"))
    assert people["region"] == region
    assert mine.id in [i["id"] for i in people["inspectors"]] and elsewhere.id not in [i["id"] for i in people["inspectors"]]
    codes = [s["code"] for s in people["schools"]]
    assert my_school in codes and far_school not in codes

    username, secret = f"new{uuid.uuid4().hex[:6]}", "a fresh secret 42"
    caplog.set_level(logging.DEBUG)
    made = _ok(lead.http.post("/office/inspectors", json=dict(username=username, name="王新", code=username.upper(), password=secret)))
    assert secret not in caplog.text and "password" not in str(made)
    assert made["load"] == dict(schools=0, large_schools=0, percent=0, over=False, shares=0)
    with office.engine.connect() as conn:
        account = conn.execute(sa.select(t.account).where(t.account.c.id == made["id"])).one()
    assert (account.region, account.is_inspector, account.is_lead) == (region, True, False)
    newcomer = Inspector(office.server.url, username, made["id"], password=secret)  # signs in with the lead's password
    assert _ok(newcomer.http.get("/me"))["region"] == region

    taken = _refused(lead.http.post("/office/inspectors", json=dict(username=username, name="又一个", code="Q" + username, password=secret)),
                     409, "office.refused")
    assert taken["params"]["key"] == "server_user_taken"
    short = _refused(lead.http.post("/office/inspectors", json=dict(username="s" + username, name="短", code="S" + username, password="short")),
                     409, "office.refused")
    assert short["params"]["key"] == "server_password_too_short"

    assert _ok(lead.http.put(f"/office/inspectors/{made['id']}/disabled", json=dict(disabled=True)))["disabled"] is True
    assert newcomer.http.get("/me").status_code == 401  # signed out at once
    r = httpx.post(office.server.url + "/auth/login", json=dict(username=username, password=secret, client_id=newcomer.client_id))
    _refused(r, 403, "auth.disabled")
    assert _ok(lead.http.put(f"/office/inspectors/{made['id']}/disabled", json=dict(disabled=False)))["disabled"] is False
    Inspector(office.server.url, username, made["id"], password=secret)  # may sign in again

    _refused(lead.http.put(f"/office/inspectors/{elsewhere.id}/disabled", json=dict(disabled=True)), 404, "inspector.not_found")
    _refused(lead.http.put(f"/office/inspectors/{lead.id}/disabled", json=dict(disabled=True)), 404, "inspector.not_found")


def test_assignments_are_all_or_none_and_answer_with_the_one_to_five_load(office: Office, region: str, lead: Inspector):
    inspector = office.inspector(region=region)
    small = [admin.school_id(office.school(region)) for _ in range(6)]
    large = admin.school_id(office.school(region, large=True))
    far = admin.school_id(office.school("别的区"))

    _refused(_assign(lead, inspector.id, small[0], far), 404, "school.not_found")
    _refused(_assign(lead, inspector.id, small[0], str(uuid.uuid4())), 404, "school.not_found")
    assert _ok(lead.http.get("/office/people"))["inspectors"]  # and nothing was assigned:
    assert next(i for i in _ok(lead.http.get("/office/people"))["inspectors"] if i["id"] == inspector.id)["school_ids"] == []

    five = _ok(_assign(lead, inspector.id, *small[:5]))
    assert five["load"] == dict(schools=5, large_schools=0, percent=100, over=False, shares=5)
    six = _ok(_assign(lead, inspector.id, small[5]))
    assert six["load"] == dict(schools=6, large_schools=0, percent=120, over=True, shares=6)
    after = _ok(_assign(lead, inspector.id, *small[1:], end=True))
    assert after["school_ids"] == [small[0]] and after["load"]["percent"] == 20
    big = _ok(_assign(lead, inspector.id, large))
    assert big["load"] == dict(schools=2, large_schools=1, percent=120, over=True, shares=6)  # a large school takes a whole inspector
    people = _ok(lead.http.get("/office/people"))
    shown = {s["id"]: s for s in people["schools"]}
    assert shown[large]["inspector_ids"] == [inspector.id] and shown[small[1]]["inspector_ids"] == []

    # The inspector's laptop learns it by pull: the ended ones carry their last day.
    pulled = inspector.pull_all()
    ends = {r["fields"]["school_id"]: r["fields"]["until"] for r in pulled.values() if r["entity"] == "school_assignment"}
    assert ends[small[0]] is None and ends[large] is None and ends[small[1]] == "2026-11-30"

    stranger = office.inspector(region="别的区")
    _refused(_assign(lead, stranger.id, small[0]), 404, "inspector.not_found")


def test_an_import_with_a_bad_row_is_refused_whole_with_each_cell_named(office: Office, region: str, lead: Inspector):
    tag = uuid.uuid4().hex[:6]
    bad = (HEADER + f"A{tag},一中,县教育局,{region},no\n" + f"B{tag},,县教育局,{region},maybe\n"
           + f"C{tag},三中,县教育局,别的区,no\n")
    body = _refused(_import(lead, bad), 422, "office.import_refused")
    cells = [(p["row"], p["column"], p["key"]) for p in body["params"]["problems"]]
    assert cells == [(3, "is_large", "server_cell_not_yes_no"), (3, "name", "server_cell_empty"),
                     (4, "district", "office.school_elsewhere")]
    codes = [s["code"] for s in _ok(lead.http.get("/office/people"))["schools"]]
    assert not {f"A{tag}", f"B{tag}", f"C{tag}"} & set(codes)  # all or none

    whole = _refused(_import(lead, "just some words\n", "notes.txt"), 422, "office.import_refused")
    assert whole["params"]["problems"][0]["key"] == "server_import_wrong_kind"
    assert whole["params"]["problems"][0]["params"]["path"] == "notes.txt"  # the lead's file, not the server's

    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "competent_department", "district", "is_large", "school_type"])
    sheet.append([f"X{tag}", "实验小学", "县教育局", region, "是", "小学"])
    sheet.append([f"Y{tag}", "第二中学", "县教育局", region, "no", "初中"])
    data = io.BytesIO()
    book.save(data)
    r = lead.http.post("/office/schools/import", params={"filename": "学校.xlsx"}, content=data.getvalue(),
                       headers={"Content-Type": "application/octet-stream"})
    assert _ok(r) == {"count": 2}
    shown = {s["code"]: s for s in _ok(lead.http.get("/office/people"))["schools"]}
    assert shown[f"X{tag}"]["is_large"] is True and shown[f"Y{tag}"]["school_type"] == "初中"
