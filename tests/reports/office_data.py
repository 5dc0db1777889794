"""Inspection records made the way the app makes them (store functions), and the office
report's figures counted again independently: plain Python over every row, no query
of the report's own."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import Counter
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain import (
    Category,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    ResponseKind,
    Scope,
    Severity,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)
from inspector_desktop.store import edits, objections, rectifications, roles
from inspector_desktop.store.models import FeedbackForm, Inspector, Requirement, SchoolAssignment

E = EscalationKind
C, V = Category, Severity


def completed_visit(ws: Any, school_id: str, inspector_id: str, day: dt.date,
                    findings: list[tuple[Category, Severity]], planning: Planning = Planning.ROUTINE) -> str:
    visit = edits.create_visit(ws, school_id, day, Scope.COMPREHENSIVE, Stage.PROCESS, planning, Notice.ANNOUNCED,
                               None, [(inspector_id, TeamRole.LEADER)], "日常督导")
    edits.move_visit(ws, visit, VisitStatus.IN_PROGRESS)
    for n, (category, severity) in enumerate(findings, start=1):
        edits.add_finding(ws, visit, f"问题{n}：{category.value}", severity, category=category)
    edits.move_visit(ws, visit, VisitStatus.COMPLETED)
    return visit


def issued_form(ws: Any, visit_id: str, deadlines: list[dt.date]) -> tuple[str, list[str]]:
    """A form with one requirement per deadline, issued; its rectifications open."""
    with ws.write() as s:
        form = FeedbackForm(visit_id=visit_id, number=f"T-{uuid.uuid4().hex[:10]}")
        s.add(form)
        s.flush()
        for n, deadline in enumerate(deadlines, start=1):
            s.add(Requirement(form_id=form.id, ordinal=n, text=f"整改要求{n}", deadline=deadline,
                              responsible_party="校长"))
        form_id = form.id
    with ws.write() as s:
        s.get(FeedbackForm, form_id).status = FormStatus.ISSUED
    return form_id, rectifications.open_rectifications(ws, form_id)


def verify(ws: Any, form_id: str, rid: str, day: dt.date, inspector_id: str) -> None:
    rectifications.report_rectification(ws, rid, "已整改完毕", day)
    rectifications.record_reinspection(ws, form_id, day, {rid: (Verdict.RECTIFIED, "")}, inspector_id)


def not_rectified(ws: Any, form_id: str, rid: str, day: dt.date, inspector_id: str) -> None:
    rectifications.report_rectification(ws, rid, "正在整改", day)
    rectifications.record_reinspection(ws, form_id, day, {rid: (Verdict.NOT_RECTIFIED, "未见整改")}, inspector_id)


def objection(ws: Any, form_id: str, received: dt.date, replied: dt.date | None) -> None:
    rid = objections.record_response(ws, form_id, ResponseKind.OBJECTION, "对结论有异议", received)
    if replied is not None:
        objections.reply_to_objection(ws, rid, "维持原结论", replied)


D = dt.date


def build_region(ws: Any) -> None:
    """A lead's workspace: seven schools and two inspectors' visits, forms, the chain and objections
    (as of 20 November 2026), made through the store as the window makes them."""
    lead = edits.start_profile(ws, "张总督学", "L01")
    roles.set_roles(ws, [roles.INSPECTOR, roles.LEAD])
    with ws.write() as s:
        s.get(Inspector, lead).region, s.get(Inspector, lead).is_lead = "西湖区", True
        wang, li = Inspector(code="W01", name="王芳", region="西湖区"), Inspector(code="W02", name="李强", region="西湖区")
        s.add_all([wang, li])
        s.flush()
        w01, w02 = wang.id, li.id
    ids = {code: edits.add_school(ws, code, f"{code}学校", "西湖区教育局", "西湖区", is_large=(code == "XH03"))
           for code in ("XH01", "XH02", "XH03", "XH04", "XH05", "XH06", "XH07")}
    with ws.write() as s:
        for code in ("XH01", "XH02", "XH04", "XH05", "XH06", "XH07"):
            s.add(SchoolAssignment(inspector_id=w01, school_id=ids[code], since=D(2026, 1, 1)))
        s.add(SchoolAssignment(inspector_id=w02, school_id=ids["XH03"], since=D(2026, 1, 1)))
    for day in range(10, 14):
        edits.add_training(ws, D(2026, 5, day), 8 * 60, "责任督学培训", inspector_id=w01)
    edits.add_training(ws, D(2026, 6, 1), 10 * 60, "督导实务", inspector_id=w02)
    edits.add_training(ws, D(2025, 6, 1), 20 * 60, "去年的培训", inspector_id=w02)

    completed_visit(ws, ids["XH01"], w01, D(2025, 10, 10), [(C.SAFETY, V.SERIOUS), (C.HYGIENE, V.MINOR)])
    spring = completed_visit(ws, ids["XH01"], w01, D(2026, 3, 5), [(C.SAFETY, V.MODERATE), (C.ADMINISTRATION, V.MINOR)])
    autumn = completed_visit(ws, ids["XH01"], w01, D(2026, 9, 15), [(C.HYGIENE, V.SERIOUS)])
    completed_visit(ws, ids["XH02"], w01, D(2026, 9, 20), [(C.ETHOS, V.MINOR)], Planning.RANDOM)
    big = completed_visit(ws, ids["XH03"], w02, D(2026, 10, 8), [(C.SAFETY, V.SERIOUS), (C.SAFETY, V.MINOR)])
    completed_visit(ws, ids["XH02"], w01, D(2027, 1, 5), [(C.OTHER, V.MINOR)])

    form1, (r1, r2) = issued_form(ws, spring, [D(2026, 4, 5), D(2026, 4, 5)])
    verify(ws, form1, r1, D(2026, 4, 1), w01)  # on time
    verify(ws, form1, r2, D(2026, 4, 20), w01)  # late
    form2, (r3, _r4) = issued_form(ws, autumn, [D(2026, 10, 15), D(2026, 12, 31)])
    not_rectified(ws, form2, r3, D(2026, 10, 16), w01)
    rectifications.mark_overdue(ws, D(2026, 10, 19))
    rectifications.record_escalation(ws, r3, EscalationKind.INTERVIEW, "整改逾期未完成，约谈校长。",
                                     D(2026, 10, 20), "张总督学")
    form3, (r5,) = issued_form(ws, big, [D(2026, 11, 1)])
    rectifications.report_rectification(ws, r5, "已整改，请复查", D(2026, 10, 30))
    objection(ws, form2, D(2026, 9, 20), D(2026, 9, 25))
    objection(ws, form3, D(2026, 10, 10), None)


# ---------------------------------------------------------------- counted again


def rows(ws: Any, table: str) -> list[dict[str, Any]]:
    with ws.read() as s:
        return [dict(r._mapping) for r in s.execute(sa.text(f"SELECT * FROM {table} WHERE deleted = 0"))]


def _d(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def expected(ws: Any, start: dt.date, end: dt.date, as_of: dt.date, every_months: int,
             school_code: str | None = None) -> dict[str, Any]:
    schools = {s["id"]: s for s in rows(ws, "school") if school_code in (None, s["code"])}
    visits = {v["id"]: v for v in rows(ws, "visit")
              if v["school_id"] in schools and v["status"] == "completed" and start <= _d(v["planned_on"]) <= end}
    findings = [f for f in rows(ws, "finding") if f["visit_id"] in visits]
    grid = Counter((f["category"], f["severity"]) for f in findings)
    every_visit = {v["id"]: v for v in rows(ws, "visit")}
    earlier = {(every_visit[f["visit_id"]]["school_id"], f["category"]) for f in rows(ws, "finding")
               if every_visit[f["visit_id"]]["status"] == "completed"
               and _d(every_visit[f["visit_id"]]["planned_on"]) < start}
    repeats = {(visits[f["visit_id"]]["school_id"], f["category"]) for f in findings} & earlier

    requirements = {r["id"]: r for r in rows(ws, "requirement")}
    forms = {f["id"]: f for f in rows(ws, "feedback_form")}
    buckets: Counter[str] = Counter()
    for r in rows(ws, "rectification"):
        form = forms[requirements[r["requirement_id"]]["form_id"]]
        if form["visit_id"] not in every_visit or r["school_id"] not in schools:
            continue
        if not start <= _d(every_visit[form["visit_id"]]["planned_on"]) <= end:
            continue
        original = _d(requirements[r["requirement_id"]]["deadline"])
        if r["status"] == "verified":
            buckets["on_time" if _d(r["verified_on"]) <= original else "late"] += 1
        elif r["status"] in ("overdue", "escalated") or (r["status"] == "open" and _d(r["deadline"]) < as_of):
            buckets["overdue"] += 1
        else:
            buckets["open"] += 1
    steps = Counter(e["kind"] for e in rows(ws, "escalation")
                    if e["school_id"] in schools and e["kind"] != "incentive" and start <= _d(e["decided_on"]) <= end)
    objection_rows = [o for o in rows(ws, "school_response")
                      if o["kind"] == "objection" and start <= _d(o["received_on"]) <= end
                      and every_visit[forms[o["form_id"]]["visit_id"]]["school_id"] in schools]
    months = (min(end, as_of).year - start.year) * 12 + min(end, as_of).month - start.month + 1
    return {
        "schools": len(schools),
        "visits_done": len(visits),
        "visits_due": len(schools) * math.ceil(months / every_months),
        "schools_visited": len({v["school_id"] for v in visits.values()}),
        "findings": {(Category(c), Severity(s)): n for (c, s), n in grid.items()},
        "repeats": {(schools[sid]["code"], Category(c)) for sid, c in repeats},
        "rectifications": (buckets["on_time"], buckets["late"], buckets["open"], buckets["overdue"]),
        "steps": {E(k): n for k, n in steps.items()},
        "objections": (len(objection_rows), sum(o["replied_on"] is not None for o in objection_rows),
                       sum(o["replied_on"] is None for o in objection_rows),
                       sum(o["replied_on"] is None and _d(o["reply_deadline"]) < as_of for o in objection_rows)),
    }


def figures(report: Any) -> dict[str, Any]:
    """The report's figures in the shape ``expected`` gives."""
    r = report.rectifications
    return {
        "schools": len(report.schools),
        "visits_done": report.visits_done,
        "visits_due": report.visits_due,
        "schools_visited": report.schools_visited,
        "findings": {(c, s): n for c, counts in report.findings for s, n in zip(Severity, counts) if n},
        "repeats": {(x.school_code, x.category) for x in report.repeats},
        "rectifications": (r.closed_on_time, r.closed_late, r.still_open, r.overdue),
        "steps": {k: n for k, n in report.step_counts if n},
        "objections": (report.objections.received, report.objections.replied, report.objections.awaiting,
                       report.objections.awaiting_overdue),
    }
