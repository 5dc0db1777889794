"""What the office administrator does from the command line: users, schools, assignments
(the rule file each region follows is in server/region_rules.py).

These write through the same record store as a push (``records.server_write``),
so schools, assignments and inspector records reach laptops by ordinary pull.
"""

from __future__ import annotations

import csv
import json
import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain.duties import Load, inspector_load
from inspector_desktop.server import auth, records, tables as t
from inspector_desktop.server.db import writing
from inspector_desktop.server.door import Rejected
from inspector_desktop.server.security import MIN_PASSWORD_LENGTH, hash_password, utcnow
from inspector_desktop.checklists import NAMESPACE
from inspector_desktop.sync.protocol import Mutation, MutationStatus, Op, Role
from inspector_desktop.wording.cli import CommandError, Phrase, say

SCHOOL_COLUMNS = ("code", "name", "competent_department", "district", "address", "school_type", "is_large")
# The district is the school's region, which decides which leads see it (scope.place_of).
REQUIRED_SCHOOL_COLUMNS = ("code", "name", "competent_department", "district")
# The kinds of school an import accepts (empty: not given), as laptops show them.
SCHOOL_TYPES = ("幼儿园", "小学", "初中", "九年一贯制", "高中", "完全中学", "十二年一贯制", "中等职业学校", "特殊教育学校")
MAX_LISTED_PROBLEMS = 20
TRUE_WORDS = {"1", "true", "yes", "y", "是", "大"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否"}


class AdminError(CommandError):
    """A command cannot do what was asked and changed nothing: a message of
    wording/cli.py says what to fix (exit 2, something to fix in what was given)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, 2, **params)


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    code: str
    region: str
    roles: tuple[str, ...]
    disabled: bool


def school_id(code: str) -> str:
    # Name-based, so importing the same list again updates rather than duplicates.
    return str(uuid.uuid5(NAMESPACE, f"school:{code}"))


def _write(engine: sa.Engine, entity: str, record_id: str, fields: dict[str, Any], op: Op = Op.UPDATE) -> None:
    with engine.connect() as conn:
        exists = conn.execute(sa.select(t.record.c.id).where(t.record.c.id == record_id)).first() is not None
        version = conn.execute(sa.select(t.record.c.version).where(t.record.c.id == record_id)).scalar() or 0
    mutation = Mutation(seq=1, entity=entity, entity_id=record_id, op=Op.UPDATE if exists else Op.INSERT, fields=fields, base_version=version)
    (result,) = records.server_write(engine, [mutation])
    if result.status is MutationStatus.REJECTED:
        raise Rejected(result.code)  # worded by the one error catalogue


def _account(conn: sa.Connection, username: str) -> sa.Row:
    row = conn.execute(sa.select(t.account).where(t.account.c.username == username.strip().lower())).first()
    if row is None:
        raise AdminError("server_no_such_user", username=username)
    return row


# ---------------------------------------------------------------- users


def check_password(password: str) -> None:
    """Refuse a password too short to be set, before anything is opened or changed."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError("server_password_too_short", length=MIN_PASSWORD_LENGTH)


def create_user(engine: sa.Engine, username: str, password: str, roles: list[Role], display_name: str, code: str, region: str = "") -> str:
    username = username.strip().lower()
    if not username or not roles:
        raise AdminError("server_user_needs_name_and_role")
    check_password(password)
    hashed = hash_password(password)
    account_id = str(uuid.uuid4())
    try:
        with writing(engine) as conn:
            conn.execute(
                sa.insert(t.account).values(
                    id=account_id,
                    username=username,
                    display_name=display_name or username,
                    code=code,
                    region=region,
                    is_inspector=Role.INSPECTOR in roles,
                    is_lead=Role.LEAD in roles,
                    is_admin=Role.ADMIN in roles,
                    password_hash=hashed,
                    created_at=utcnow(),
                )
            )
    except sa.exc.IntegrityError:
        raise AdminError("server_user_taken", username=username, code=code) from None
    if Role.INSPECTOR in roles or Role.LEAD in roles:
        fields = dict(code=code, name=display_name or username, region=region, phone="", is_lead=Role.LEAD in roles, active=True)
        _write(engine, "inspector", account_id, fields)
    return account_id


def list_users(engine: sa.Engine) -> list[UserRow]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.account).order_by(t.account.c.username)).all()
    return [UserRow(r.username, r.display_name, r.code, r.region, tuple(auth.roles_of(r)), r.disabled) for r in rows]


def reset_password(engine: sa.Engine, username: str, password: str) -> None:
    check_password(password)
    hashed = hash_password(password)
    with writing(engine) as conn:
        row = _account(conn, username)
        conn.execute(sa.update(t.account).where(t.account.c.id == row.id).values(password_hash=hashed))
        auth.revoke_account(conn, row.id)  # whoever had the old password is signed out
        conn.execute(sa.delete(t.login_throttle).where(t.login_throttle.c.username == row.username))


def set_disabled(engine: sa.Engine, username: str, disabled: bool) -> None:
    with writing(engine) as conn:
        row = _account(conn, username)
        conn.execute(sa.update(t.account).where(t.account.c.id == row.id).values(disabled=disabled))
        if disabled:
            auth.revoke_account(conn, row.id)
    if row.is_inspector or row.is_lead:  # laptops learn it by pull: a disabled colleague is no longer offered
        _write(engine, "inspector", row.id, {"active": not disabled})


def revoke_tokens(engine: sa.Engine, username: str) -> int:
    with writing(engine) as conn:
        return auth.revoke_account(conn, _account(conn, username).id)


def revoke_device_key(engine: sa.Engine, key_id: str) -> None:
    """Revoke a lost laptop's signing key; sheets it signed stop verifying as genuine."""
    with writing(engine) as conn:
        done = conn.execute(
            sa.update(t.device_key).where(t.device_key.c.key_id == key_id, t.device_key.c.revoked_at.is_(None)).values(revoked_at=utcnow())
        ).rowcount
        if not done:
            raise AdminError("server_no_such_key", key_id=key_id)
        record_id = conn.execute(
            sa.select(t.record.c.id).where(t.record.c.entity == "device_key", t.record.c.fields.contains(f'"key_id": "{key_id}"'))
        ).scalar()
    if record_id:  # laptops learn of the revocation by pull
        _write(engine, "device_key", record_id, {"revoked_at": utcnow().isoformat()})


# ---------------------------------------------------------------- schools


def read_school_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, row) pairs from a CSV or XLSX file with a header row."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise AdminError("server_import_wrong_kind", path=str(path))
    if path.is_dir():
        raise AdminError("server_path_is_folder", path=str(path))
    try:
        table = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except FileNotFoundError:
        raise AdminError("file_missing", path=str(path)) from None
    except UnicodeDecodeError:
        raise AdminError("server_import_not_utf8", path=str(path)) from None
    except OSError as exc:
        raise AdminError("file_unreadable", path=str(path), reason=exc.strerror or type(exc).__name__) from None
    except csv.Error:
        raise AdminError("server_import_not_utf8", path=str(path)) from None
    if not table:
        raise AdminError("server_import_empty", path=str(path))
    header = [h.strip().lower() for h in table[0][1]]
    missing = [c for c in REQUIRED_SCHOOL_COLUMNS if c not in header]
    if missing:
        raise AdminError("server_import_no_columns", path=str(path), missing=", ".join(missing), columns=", ".join(SCHOOL_COLUMNS))
    rows = []
    for line, values in table[1:]:
        if not any(v.strip() for v in values):
            continue
        rows.append((line, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header) if h in SCHOOL_COLUMNS}))
    return rows


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        return [(reader.line_num, row) for row in reader]


def _read_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    if not path.exists():
        raise FileNotFoundError(path)
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [(i, ["" if v is None else str(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    except OSError:
        raise
    except Exception:  # noqa: BLE001 - a damaged workbook fails in zipfile, zlib, XML or openpyxl, each its own way
        raise AdminError("server_import_not_xlsx", path=str(path)) from None


def check_schools(path: Path) -> list[dict[str, Any]]:
    """The schools a file holds, every field checked; all rows or none: every bad
    cell is reported by its row and column, and nothing is written."""
    schools, problems = school_problems(read_school_rows(path))
    if problems:
        # One line, however many rows are wrong: the first ones, then how many more.
        bad_type = any(p.key == "server_cell_not_school_type" for p in problems)
        listed = problems[:MAX_LISTED_PROBLEMS] + ([Phrase("server_school_types", types="、".join(SCHOOL_TYPES))] if bad_type else [])
        more = len(problems) - MAX_LISTED_PROBLEMS
        if more > 0:
            raise AdminError("server_import_refused_more", path=str(path), problems=listed, more=more)
        raise AdminError("server_import_refused", path=str(path), problems=listed)
    return schools


def school_problems(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[Phrase]]:
    """The schools of checked rows, and every bad cell, each a Phrase naming its row and column."""
    problems: list[Phrase] = []
    schools: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        for column in REQUIRED_SCHOOL_COLUMNS:
            if not row.get(column):
                problems.append(Phrase("server_cell_empty", row=line, column=column))
        large = row.get("is_large", "").lower()
        if large not in TRUE_WORDS | FALSE_WORDS:
            problems.append(Phrase("server_cell_not_yes_no", row=line, column="is_large", value=row["is_large"]))
        kind = row.get("school_type", "")
        if kind and kind not in SCHOOL_TYPES:
            problems.append(Phrase("server_cell_not_school_type", row=line, column="school_type", value=kind))
        code = row.get("code", "")
        if code and code in seen:
            problems.append(Phrase("server_cell_code_repeats", row=line, column="code", code=code, first=seen[code]))
        seen.setdefault(code, line)
        fields = {c: row.get(c, "") for c in SCHOOL_COLUMNS if c != "is_large"}
        fields["is_large"] = large in TRUE_WORDS
        schools.append(fields)
    return schools, problems


def import_schools(engine: sa.Engine, path: Path) -> int:
    return write_schools(engine, check_schools(path))


def write_schools(engine: sa.Engine, schools: list[dict[str, Any]]) -> int:
    """Insert or update checked schools (``check_schools``) in one write."""
    mutations = []
    with engine.connect() as conn:
        for i, fields in enumerate(schools, start=1):
            sid = school_id(fields["code"])
            version = conn.execute(sa.select(t.record.c.version).where(t.record.c.id == sid)).scalar()
            op = Op.INSERT if version is None else Op.UPDATE
            mutations.append(Mutation(seq=i, entity="school", entity_id=sid, op=op, fields=fields, base_version=version or 0))
    results = records.server_write(engine, mutations)
    refused = [r for r in results if r.status is MutationStatus.REJECTED]
    if refused:  # the checks above make this unreachable unless the schema moved on
        raise Rejected(refused[0].code)
    return len(schools)


# ---------------------------------------------------------------- assignments


def assign(engine: sa.Engine, username: str, school_code: str, since: dt.date) -> str | None:
    """Make an inspector responsible for one school; returns a warning above 1:5."""
    return assign_schools(engine, username, [school_code], since)


def assign_schools(engine: sa.Engine, username: str, school_codes: Sequence[str], since: dt.date) -> str | None:
    """Make an inspector responsible for schools, all or none: the inspector and
    every code are checked before anything is written. Returns the warning
    sentence when the inspector is now above the 1:5 guideline."""
    codes = list(dict.fromkeys(school_codes))
    ids = {code: school_id(code) for code in codes}
    with engine.connect() as conn:
        inspector = _account(conn, username)
        if not inspector.is_inspector:
            raise AdminError("server_not_an_inspector", username=username)
        found = set(conn.execute(
            sa.select(t.record.c.id).where(t.record.c.id.in_(list(ids.values())), t.record.c.entity == "school")
        ).scalars())
    unknown = [code for code in codes if ids[code] not in found]
    if unknown:
        raise AdminError("server_unknown_schools", codes=", ".join(unknown))
    load = assign_ids(engine, inspector.id, list(ids.values()), since)
    if load.over_ratio:
        return say("server_over_ratio", username=username, schools=load.schools, large=load.large_schools, percent=load.percent)
    return None


def unassign_schools(engine: sa.Engine, username: str, school_codes: Sequence[str], on: dt.date) -> Load:
    """End an inspector's responsibility for schools from ``on``, all or none: every
    code must name a school the inspector is responsible for, or nothing changes."""
    codes = list(dict.fromkeys(school_codes))
    ids = {code: school_id(code) for code in codes}
    with engine.connect() as conn:
        inspector = _account(conn, username)
        held = set(held_schools(conn, inspector.id, on))
    not_held = [code for code in codes if ids[code] not in held]
    if not_held:
        raise AdminError("server_not_responsible", username=username, codes=", ".join(not_held))
    return unassign_ids(engine, inspector.id, list(ids.values()), on)


def assignment_id(inspector_id: str, sid: str) -> str:
    # One record per inspector and school: assigning again takes it up again.
    return str(uuid.uuid5(NAMESPACE, f"assignment:{inspector_id}:{sid}"))


def held_schools(conn: sa.Connection, inspector_id: str, on: dt.date) -> list[str]:
    """The schools an inspector is responsible for on a day (or from a later one):
    an assignment counts until its ``until`` has passed."""
    rows = conn.execute(sa.select(t.record.c.school_id, t.record.c.fields).where(
        t.record.c.entity == "school_assignment", t.record.c.subject_id == inspector_id, t.record.c.deleted.is_(False)))
    return [sid for sid, fields in rows if (json.loads(fields).get("until") or "9999") >= on.isoformat()]


def load_of(conn: sa.Connection, school_ids: Sequence[str]) -> Load:
    """The 1:5 load of these schools (domain/duties.py: a large school takes a whole inspector)."""
    fields = conn.execute(sa.select(t.record.c.fields).where(t.record.c.id.in_(list(school_ids)))).scalars()
    return inspector_load(bool(json.loads(f).get("is_large", False)) for f in fields)


def assign_ids(engine: sa.Engine, inspector_id: str, school_ids: Sequence[str], since: dt.date) -> Load:
    """Assign checked schools (ids) in one write; the inspector's load afterwards."""
    mutations = []
    with engine.connect() as conn:
        for seq, sid in enumerate(dict.fromkeys(school_ids), start=1):
            record_id = assignment_id(inspector_id, sid)
            version = conn.execute(sa.select(t.record.c.version).where(t.record.c.id == record_id)).scalar()
            fields = dict(inspector_id=inspector_id, school_id=sid, since=since.isoformat(), until=None)
            mutations.append(Mutation(seq=seq, entity="school_assignment", entity_id=record_id,
                                      op=Op.INSERT if version is None else Op.UPDATE, fields=fields, base_version=version or 0))
    _write_all(engine, mutations)
    with engine.connect() as conn:
        return load_of(conn, held_schools(conn, inspector_id, since))


def unassign_ids(engine: sa.Engine, inspector_id: str, school_ids: Sequence[str], on: dt.date) -> Load:
    """End the inspector's responsibility for checked schools (ids) from ``on``, in one
    write; the record stays, with the day before as its last, so the duty ledger
    keeps who was responsible when. Schools not held are left as they are."""
    mutations = []
    last_day = (on - dt.timedelta(days=1)).isoformat()
    with engine.connect() as conn:
        held = set(held_schools(conn, inspector_id, on))
        for seq, sid in enumerate((s for s in dict.fromkeys(school_ids) if s in held), start=1):
            record_id = assignment_id(inspector_id, sid)
            version = conn.execute(sa.select(t.record.c.version).where(t.record.c.id == record_id)).scalar()
            mutations.append(Mutation(seq=seq, entity="school_assignment", entity_id=record_id, op=Op.UPDATE,
                                      fields=dict(until=last_day), base_version=version or 0))
    _write_all(engine, mutations)
    with engine.connect() as conn:
        return load_of(conn, held_schools(conn, inspector_id, on))


def _write_all(engine: sa.Engine, mutations: list[Mutation]) -> None:
    if not mutations:
        return
    refused = [r for r in records.server_write(engine, mutations) if r.status is MutationStatus.REJECTED]
    if refused:  # the callers' checks make this unreachable unless the schema moved on
        raise Rejected(refused[0].code)
