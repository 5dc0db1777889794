"""The office's people and schools over HTTP, for a lead's laptop: the region's
inspectors and schools with who is responsible for what, new inspector accounts,
disabling one, importing schools, assigning and ending assignments.

Every route is a lead's, and only for the lead's own region (a lead without one
oversees the province): an inspector is refused (403 ``auth.lead_only``), and an
inspector or school of another region does not exist (404), as in scope.py. The
work is done by the same functions as ``inspector-server``'s commands (admin.py),
so the console and the window cannot disagree.
"""


import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import FastAPI, Path as PathParam, Query, Request

from inspector_desktop.server import admin, tables as t
from inspector_desktop.server.auth import Me
from inspector_desktop.server.errors import ApiError, not_found
from inspector_desktop.sync import protocol as p
from inspector_desktop.sync.office_protocol import (
    Assignment,
    Disabled,
    Imported,
    ImportProblem,
    InspectorRow,
    LoadShown,
    NewInspector,
    People,
    SchoolRow,
)
from inspector_desktop.sync.protocol import Role
from inspector_desktop.wording.cli import CommandError, Phrase, say

MAX_PROBLEMS = 500  # listed in the window; a file wrong everywhere is wrong in its first 500 cells too


def lead_only(me: Me) -> None:
    if not me.is_lead:
        raise ApiError(403, "auth.lead_only", "Only a lead inspector manages people and schools.")


def _mine(me: Me, region_column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return sa.true() if not me.region else region_column == me.region


def _today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------- reading


def _inspector(conn: sa.Connection, me: Me, inspector_id: str) -> sa.Row:
    row = conn.execute(sa.select(t.account).where(
        t.account.c.id == inspector_id, t.account.c.is_inspector.is_(True), _mine(me, t.account.c.region))).first()
    if row is None:
        raise not_found("inspector")
    return row


def _row(conn: sa.Connection, account: sa.Row, on: dt.date) -> InspectorRow:
    held = admin.held_schools(conn, account.id, on)
    load = admin.load_of(conn, held)
    return InspectorRow(id=account.id, username=account.username, name=account.display_name, code=account.code,
                        disabled=account.disabled, school_ids=sorted(held),
                        load=LoadShown(schools=load.schools, large_schools=load.large_schools,
                                       percent=load.percent, over=load.over_ratio, shares=load.shares))


def people(engine: sa.Engine, me: Me, on: dt.date) -> People:
    lead_only(me)
    with engine.connect() as conn:
        accounts = conn.execute(sa.select(t.account).where(
            t.account.c.is_inspector.is_(True), _mine(me, t.account.c.region)).order_by(t.account.c.code)).all()
        inspectors = [_row(conn, a, on) for a in accounts]
        schools = conn.execute(sa.select(t.record.c.id, t.record.c.fields).where(
            t.record.c.entity == "school", t.record.c.deleted.is_(False), _mine(me, t.record.c.region))).all()
    responsible: dict[str, list[str]] = {}
    for row in inspectors:
        for sid in row.school_ids:
            responsible.setdefault(sid, []).append(row.id)
    rows = []
    for sid, raw in schools:
        f = json.loads(raw)
        rows.append(SchoolRow(id=sid, code=f.get("code", ""), name=f.get("name", ""), district=f.get("district", ""),
                              school_type=f.get("school_type") or "", is_large=bool(f.get("is_large")),
                              inspector_ids=responsible.get(sid, [])))
    return People(region=me.region, inspectors=inspectors, schools=sorted(rows, key=lambda r: r.code))


# ---------------------------------------------------------------- accounts


def create_inspector(engine: sa.Engine, me: Me, body: NewInspector) -> InspectorRow:
    """An inspector account in the lead's region. The password is the lead's to tell
    the inspector; it is hashed at once and never written to a log or answered."""
    lead_only(me)
    try:
        account_id = admin.create_user(engine, body.username, body.password, [Role.INSPECTOR], body.name.strip(),
                                       body.code.strip(), me.region)
    except CommandError as exc:
        raise _refused(exc) from None
    with engine.connect() as conn:
        return _row(conn, _inspector(conn, me, account_id), _today())


def set_disabled(engine: sa.Engine, me: Me, inspector_id: str, body: Disabled) -> InspectorRow:
    """Disable (signed out at once, sign-in refused) or enable an inspector of the region."""
    lead_only(me)
    with engine.connect() as conn:
        account = _inspector(conn, me, inspector_id)
    if account.id == me.id:
        raise ApiError(409, "office.not_yourself", "A lead cannot disable their own account.")
    admin.set_disabled(engine, account.username, body.disabled)
    with engine.connect() as conn:
        return _row(conn, _inspector(conn, me, inspector_id), _today())


# ---------------------------------------------------------------- schools


def import_schools(engine: sa.Engine, me: Me, filename: str, data: bytes) -> Imported:
    """All rows or none: every bad cell comes back by row and column (``office.import_refused``).
    A lead of a region imports only that region's schools."""
    lead_only(me)
    suffix = Path(filename).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"schools{suffix}"
        path.write_bytes(data)
        try:
            schools, problems = admin.school_problems(admin.read_school_rows(path))
        except CommandError as exc:  # the whole file: not a spreadsheet, no header, no rows
            params = {k: (filename if k == "path" else v) for k, v in exc.params.items()}
            raise _import_refused([ImportProblem(key=exc.key, params=_plain(params))]) from None
        rows = [line for line, _row in admin.read_school_rows(path)]
    found = [ImportProblem(row=p.params.get("row"), column=p.params.get("column", ""), key=p.key, params=_plain(p.params))
             for p in problems]
    if me.region:
        found += [ImportProblem(row=line, column="district", key="office.school_elsewhere",
                                params={"row": line, "column": "district", "district": s["district"], "region": me.region})
                  for line, s in zip(rows, schools) if s["district"] and s["district"] != me.region]
    if found:
        raise _import_refused(sorted(found, key=lambda p: (p.row or 0, p.column)))
    return Imported(count=admin.write_schools(engine, schools))


def _import_refused(problems: list[ImportProblem]) -> ApiError:
    return ApiError(422, "office.import_refused", "Nothing was imported: the file has problems.",
                    count=len(problems), problems=[p.model_dump() for p in problems[:MAX_PROBLEMS]])


# ---------------------------------------------------------------- assignments


def _checked(engine: sa.Engine, me: Me, body: Assignment) -> str:
    """The inspector and every school checked (in the lead's region) before anything is written."""
    lead_only(me)
    ids = list(dict.fromkeys(body.school_ids))
    with engine.connect() as conn:
        account = _inspector(conn, me, body.inspector_id)
        found = set(conn.execute(sa.select(t.record.c.id).where(
            t.record.c.id.in_(ids), t.record.c.entity == "school", t.record.c.deleted.is_(False),
            _mine(me, t.record.c.region))).scalars())
    if len(found) != len(ids):
        raise not_found("school")
    return account.id


def assign(engine: sa.Engine, me: Me, body: Assignment) -> InspectorRow:
    admin.assign_ids(engine, _checked(engine, me, body), body.school_ids, body.on)
    with engine.connect() as conn:
        return _row(conn, _inspector(conn, me, body.inspector_id), body.on)


def unassign(engine: sa.Engine, me: Me, body: Assignment) -> InspectorRow:
    admin.unassign_ids(engine, _checked(engine, me, body), body.school_ids, body.on)
    with engine.connect() as conn:
        return _row(conn, _inspector(conn, me, body.inspector_id), body.on)


# ---------------------------------------------------------------- words and routes


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: ({"key": v.key, "params": _plain(v.params)} if isinstance(v, Phrase) else v) for k, v in params.items()}


def _refused(exc: CommandError) -> ApiError:
    # The console's own sentence, keyed, so the laptop words it in the lead's language.
    return ApiError(409, "office.refused", say(exc.key, "en", **exc.params), key=exc.key, params=_plain(exc.params))


def register(app: FastAPI, engine: sa.Engine, caller: Any) -> None:
    """The office's routes on the app; ``caller`` is the app's signed-in caller dependency."""
    Id = Annotated[str, PathParam(pattern=p.UUID_PATTERN)]

    @app.get("/office/people", response_model=People, tags=["office"])
    def office_people(me: caller, on: dt.date | None = None) -> People:  # type: ignore[valid-type]
        return people(engine, me, on or _today())

    @app.post("/office/inspectors", response_model=InspectorRow, tags=["office"])
    def office_new_inspector(body: NewInspector, me: caller) -> InspectorRow:  # type: ignore[valid-type]
        return create_inspector(engine, me, body)

    @app.put("/office/inspectors/{inspector_id}/disabled", response_model=InspectorRow, tags=["office"])
    def office_disable(inspector_id: Id, body: Disabled, me: caller) -> InspectorRow:  # type: ignore[valid-type]
        return set_disabled(engine, me, inspector_id, body)

    @app.post("/office/schools/import", response_model=Imported, tags=["office"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def office_import(request: Request, me: caller,  # type: ignore[valid-type]
                            filename: Annotated[str, Query(min_length=1, max_length=200)]) -> Imported:
        from starlette.concurrency import run_in_threadpool

        data = await request.body()
        return await run_in_threadpool(import_schools, engine, me, filename, data)

    @app.post("/office/assignments", response_model=InspectorRow, tags=["office"])
    def office_assign(body: Assignment, me: caller) -> InspectorRow:  # type: ignore[valid-type]
        return assign(engine, me, body)

    @app.post("/office/assignments/end", response_model=InspectorRow, tags=["office"])
    def office_unassign(body: Assignment, me: caller) -> InspectorRow:  # type: ignore[valid-type]
        return unassign(engine, me, body)
