"""What the office administrator does from the command line: users, schools, assignments,
and the rule file each region follows.

These write through the same record store as a push (``records.server_write``),
so schools, assignments and inspector records reach laptops by ordinary pull.
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector_desktop.domain.duties import inspector_load
from inspector_desktop.domain.rules import available_rules
from inspector_desktop.server import auth, records, tables as t
from inspector_desktop.server.db import writing
from inspector_desktop.server.security import hash_password, utcnow
from inspector_desktop.checklists import NAMESPACE
from inspector_desktop.sync import schema
from inspector_desktop.sync.protocol import Mutation, MutationStatus, Op, Role

SCHOOL_COLUMNS = ("code", "name", "competent_department", "district", "address", "school_type", "is_large")
# The district is the school's region, which decides which leads see it (scope.place_of).
REQUIRED_SCHOOL_COLUMNS = ("code", "name", "competent_department", "district")
MAX_LISTED_PROBLEMS = 20
TRUE_WORDS = {"1", "true", "yes", "y", "是", "大"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否"}


class AdminError(Exception):
    """A command cannot do what was asked; the message says what to fix."""


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
        raise AdminError(f"{entity} {record_id} was refused: {result.code}")


def _account(conn: sa.Connection, username: str) -> sa.Row:
    row = conn.execute(sa.select(t.account).where(t.account.c.username == username.strip().lower())).first()
    if row is None:
        raise AdminError(f"no user named {username!r}")
    return row


# ---------------------------------------------------------------- users


def create_user(engine: sa.Engine, username: str, password: str, roles: list[Role], display_name: str, code: str, region: str = "") -> str:
    username = username.strip().lower()
    if not username or not roles:
        raise AdminError("a user needs a username and at least one role")
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
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
        raise AdminError(f"the username {username!r} or the code {code!r} is already taken") from None
    if Role.INSPECTOR in roles or Role.LEAD in roles:
        fields = dict(code=code, name=display_name or username, region=region, phone="", is_lead=Role.LEAD in roles, active=True)
        _write(engine, "inspector", account_id, fields)
    return account_id


def list_users(engine: sa.Engine) -> list[UserRow]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.account).order_by(t.account.c.username)).all()
    return [UserRow(r.username, r.display_name, r.code, r.region, tuple(auth.roles_of(r)), r.disabled) for r in rows]


def reset_password(engine: sa.Engine, username: str, password: str) -> None:
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
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
            raise AdminError(f"no active device key {key_id}")
        record_id = conn.execute(
            sa.select(t.record.c.id).where(t.record.c.entity == "device_key", t.record.c.fields.contains(f'"key_id": "{key_id}"'))
        ).scalar()
    if record_id:  # laptops learn of the revocation by pull
        _write(engine, "device_key", record_id, {"revoked_at": utcnow().isoformat()})


# ---------------------------------------------------------------- schools


def read_school_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs from a CSV or XLSX file with a header row."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise AdminError(f"{path.name}: import reads .csv or .xlsx files")
    try:
        table = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except FileNotFoundError:
        raise AdminError(f"{path.name}: no such file") from None
    except UnicodeDecodeError:
        raise AdminError(f"{path.name}: not UTF-8 text; save the sheet as \"CSV UTF-8\" and import again") from None
    except (OSError, csv.Error) as exc:
        raise AdminError(f"{path.name}: cannot be read ({exc})") from None
    if not table:
        raise AdminError(f"{path.name} is empty")
    header = [h.strip().lower() for h in table[0][1]]
    missing = [c for c in REQUIRED_SCHOOL_COLUMNS if c not in header]
    if missing:
        raise AdminError(f"{path.name} line 1: the header lacks {', '.join(missing)} (columns: {', '.join(SCHOOL_COLUMNS)})")
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
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [(i, ["" if v is None else str(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        # A damaged file, or another format renamed to .xlsx.
        raise AdminError(f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})") from None


def import_schools(engine: sa.Engine, path: Path) -> int:
    """All rows or none: every bad row is reported by its line number first."""
    problems: list[str] = []
    schools: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in read_school_rows(path):
        for column in REQUIRED_SCHOOL_COLUMNS:
            if not row.get(column):
                what = "district (the school's region)" if column == "district" else column
                problems.append(f"line {line}: {what} is empty")
        large = row.get("is_large", "").lower()
        if large not in TRUE_WORDS | FALSE_WORDS:
            problems.append(f"line {line}: is_large must be yes or no, not {row['is_large']!r}")
        code = row.get("code", "")
        if code in seen:
            problems.append(f"line {line}: school code {code} repeats line {seen[code]}")
        seen.setdefault(code, line)
        fields = {c: row.get(c, "") for c in SCHOOL_COLUMNS if c != "is_large"}
        fields["is_large"] = large in TRUE_WORDS
        schools.append(fields)
    if problems:
        # One line, however many rows are wrong: the first ones, then how many more.
        listed = "; ".join(problems[:MAX_LISTED_PROBLEMS])
        more = len(problems) - MAX_LISTED_PROBLEMS
        raise AdminError(f"{path.name}: nothing was imported: {listed}" + (f"; and {more} more" if more > 0 else ""))
    mutations = []
    with engine.connect() as conn:
        for i, fields in enumerate(schools, start=1):
            sid = school_id(fields["code"])
            version = conn.execute(sa.select(t.record.c.version).where(t.record.c.id == sid)).scalar()
            op = Op.INSERT if version is None else Op.UPDATE
            mutations.append(Mutation(seq=i, entity="school", entity_id=sid, op=op, fields=fields, base_version=version or 0))
    results = records.server_write(engine, mutations)
    refused = [f"{schools[i]['code']}: {r.code}" for i, r in enumerate(results) if r.status is MutationStatus.REJECTED]
    if refused:  # validation above makes this unreachable unless the schema moved on
        raise AdminError("some schools were refused: " + "; ".join(refused))
    return len(schools)


# ---------------------------------------------------------------- assignments


def assign(engine: sa.Engine, username: str, school_code: str, since: dt.date) -> str | None:
    """Make an inspector responsible for a school; returns a warning above 1:5."""
    sid = school_id(school_code)
    with engine.connect() as conn:
        inspector = _account(conn, username)
        if not inspector.is_inspector:
            raise AdminError(f"{username} is not an inspector")
        school = conn.execute(sa.select(t.record.c.fields).where(t.record.c.id == sid, t.record.c.entity == "school")).first()
        if school is None:
            raise AdminError(f"no school with code {school_code}; import it first")
        held = conn.execute(
            sa.select(t.record.c.school_id).where(
                t.record.c.entity == "school_assignment", t.record.c.subject_id == inspector.id, t.record.c.deleted.is_(False)
            )
        ).scalars().all()
        school_ids = set(held) | {sid}
        larges = [
            records.json.loads(f).get("is_large", False)
            for f in conn.execute(sa.select(t.record.c.fields).where(t.record.c.id.in_(school_ids))).scalars()
        ]
    assignment_id = str(uuid.uuid5(NAMESPACE, f"assignment:{inspector.id}:{sid}"))
    _write(engine, "school_assignment", assignment_id, dict(inspector_id=inspector.id, school_id=sid, since=since.isoformat(), until=None))
    load = inspector_load(larges)
    if load.over_ratio:
        return (
            f"warning: {username} is now responsible for {load.schools} schools "
            f"({load.large_schools} large), {load.percent}% of the 1:5 guideline"
        )
    return None


# ---------------------------------------------------------------- rule files


def region_rules_id(region: str) -> str:
    # The id every laptop gives the region's record too (store/rules.py), so the
    # office's write and a lead's are one record.
    return str(uuid.uuid5(NAMESPACE, f"region_rules:{region}"))


def set_region_rules(engine: sa.Engine, region: str, rules: str, decided_on: dt.date, decided_by: str = "") -> None:
    """The rule file a region's laptops follow from their next sync."""
    region = region.strip()
    if not region:
        raise AdminError("a region is needed (the district of its schools, or a lead's region)")
    known = available_rules()
    if rules not in known:
        raise AdminError(f"no rule file {rules!r}; the rule files are: {', '.join(known)}")
    key = schema.natural_key("region_rules", {"region": region}, ("region",))
    with engine.connect() as conn:
        held = conn.execute(sa.select(t.record.c.id).where(t.record.c.natural_key == key)).scalar()
    fields = dict(region=region, rules=rules, decided_on=decided_on.isoformat(), decided_by=decided_by)
    _write(engine, "region_rules", held or region_rules_id(region), fields)
