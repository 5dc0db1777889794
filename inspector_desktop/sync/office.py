"""The office's people and schools, asked of the server by a lead's laptop.

Accounts, schools and assignments are the office's (server/office.py checks the
lead's role and region on every request); the laptop asks, and the records the
office changed reach every laptop by the next sync. The wire models are in
office_protocol.py, shared with the server.

Calls go through the workspace's signed-in session (``account.engine_for``'s
transport: the stored token, refreshed when it expires).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from inspector_desktop.store.db import Workspace
from inspector_desktop.sync.office_protocol import (
    Assignment,
    ImportProblem,
    Imported,
    InspectorRow,
    NewInspector,
    People,
)
from inspector_desktop.sync.transport import ServerRefused, SyncError, Transport

T = TypeVar("T")
# A spreadsheet of a county's schools is a few hundred kB; the server's body limit is 8 MB.
MAX_IMPORT_BYTES = 6 * 1024 * 1024
IMPORT_CHUNK = 64 * 1024


# ---------------------------------------------------------------- the lead's calls


class ImportRefused(SyncError):
    """Nothing was imported; ``problems`` name each bad cell, or the one thing wrong
    with the whole file (row None)."""

    code = "office.import_refused"

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"Nothing was imported ({len(problems)} problems).")
        self.problems = problems
        self.params = {"count": len(problems)}


def _call(ws: Workspace, ask: Callable[[Transport], T]) -> T:
    from inspector_desktop.sync.account import engine_for

    engine = engine_for(ws)
    try:
        return ask(engine.t)
    finally:
        engine.t.close()


def people(ws: Workspace, on: dt.date | None = None) -> People:
    """The region's inspectors and schools, with who is responsible on ``on`` (the lead's today)."""
    params = {"on": on.isoformat()} if on else None
    return _call(ws, lambda t: t.call("GET", "/office/people", People, params=params))


def create_inspector(ws: Workspace, username: str, name: str, code: str, password: str) -> InspectorRow:
    body = NewInspector(username=username, name=name, code=code, password=password).model_dump()
    return _call(ws, lambda t: t.call("POST", "/office/inspectors", InspectorRow, json_body=body))


def set_disabled(ws: Workspace, inspector_id: str, disabled: bool) -> InspectorRow:
    return _call(ws, lambda t: t.call("PUT", f"/office/inspectors/{inspector_id}/disabled", InspectorRow,
                                      json_body={"disabled": disabled}))


def assign(ws: Workspace, inspector_id: str, school_ids: Sequence[str], on: dt.date) -> InspectorRow:
    body = Assignment(inspector_id=inspector_id, school_ids=list(school_ids), on=on).model_dump(mode="json")
    return _call(ws, lambda t: t.call("POST", "/office/assignments", InspectorRow, json_body=body))


def unassign(ws: Workspace, inspector_id: str, school_ids: Sequence[str], on: dt.date) -> InspectorRow:
    body = Assignment(inspector_id=inspector_id, school_ids=list(school_ids), on=on).model_dump(mode="json")
    return _call(ws, lambda t: t.call("POST", "/office/assignments/end", InspectorRow, json_body=body))


def import_schools(ws: Workspace, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Send a CSV or XLSX file of schools; all rows are imported or none
    (``ImportRefused`` names every bad cell). ``progress(done, total)`` follows the reading."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused([ImportProblem(key="office.import_too_large", params={"mb": MAX_IMPORT_BYTES // 2**20})])
    data = bytearray()
    with path.open("rb") as f:
        while chunk := f.read(IMPORT_CHUNK):
            data += chunk
            if progress:
                progress(len(data), max(size, 1) * 2)  # the second half is the server's check and write
    try:
        answer = _call(ws, lambda t: t.call("POST", "/office/schools/import", Imported, data=bytes(data),
                                           params={"filename": path.name},
                                           headers={"Content-Type": "application/octet-stream"}))
    except ServerRefused as exc:
        if exc.code == "office.import_refused":
            raise ImportRefused([ImportProblem.model_validate(p) for p in exc.params.get("problems", [])]) from None
        raise
    if progress:
        progress(1, 1)
    return answer.count
