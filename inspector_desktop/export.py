"""Export of visits, findings and rectifications to CSV or XLSX, and the headless
``inspector-desktop export`` command.

Rows stream from the database in batches into a temporary file beside the
target, which is renamed over the target only when complete: a cancelled or
failed export never leaves a half file where the inspector expects a whole one.
Planned unannounced visits are left out unless asked for: an export is a file
that travels, and an unannounced plan must not (四不两直).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from inspector_desktop.commands import command, open_workspace_for, path_argument, temp_beside
from inspector_desktop.domain import (
    Category,
    DomainError,
    EscalationKind,
    Notice,
    Planning,
    RectificationStatus,
    Scope,
    Severity,
    Stage,
    TeamRole,
    VisitStatus,
)
from inspector_desktop.domain.escalation import LADDER
from inspector_desktop.store.db import Workspace
from inspector_desktop import wording, workbook
from inspector_desktop.wording.labels import enum_word
from inspector_desktop.wording.cli import CommandError, file_error
from inspector_desktop.store.models import (
    Escalation,
    FeedbackForm,
    Finding,
    Inspector,
    Rectification,
    Requirement,
    School,
    Visit,
    VisitTeamMember,
)

WHAT = ("visits", "findings", "rectifications")
FORMATS = ("csv", "xlsx")
BATCH = 2_000
XLSX_MAX_ROWS = 1_048_575  # one row is the header

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in specs)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "visits": _cols(
        ("id", "记录ID", "ID"), ("school_code", "学校编号", "School number"), ("school", "学校", "School"),
        ("planned_on", "督导日期", "Date"), ("status", "状态", "Status"), ("scope", "范围", "Scope"),
        ("stage", "阶段", "Stage"), ("planning", "计划方式", "Planning"), ("notice", "明察/暗访", "Notice"),
        ("leader", "组长", "Team leader"), ("purpose", "督导事项", "Purpose"), ("notes", "记录", "Notes"),
        ("reinspection_of", "复查的督导意见书", "Re-inspection of form"),
    ),
    "findings": _cols(
        ("id", "记录ID", "ID"), ("visit_id", "督导记录ID", "Visit ID"), ("planned_on", "督导日期", "Visit date"),
        ("school_code", "学校编号", "School number"), ("school", "学校", "School"), ("category", "类别", "Category"),
        ("severity", "严重程度", "Severity"), ("problem", "问题", "Problem"), ("evidence", "依据", "Evidence"),
        ("diagnosis", "诊断", "Diagnosis"), ("recommendation", "建议", "Recommendation"),
    ),
    "rectifications": _cols(
        ("id", "记录ID", "ID"), ("school_code", "学校编号", "School number"), ("school", "学校", "School"),
        ("form", "督导意见书编号", "Form number"), ("ordinal", "序号", "No."), ("requirement", "整改要求", "Requirement"),
        ("original_deadline", "原整改期限", "Original deadline"), ("deadline", "当前期限", "Current deadline"),
        ("status", "状态", "Status"), ("reported_on", "报告日期", "Reported on"),
        ("report_text", "整改报告", "Report"), ("verified_on", "复查确认日期", "Verified on"),
        ("escalations", "问责步骤", "Escalation steps"),
    ),
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    seconds: float


# ---------------------------------------------------------------- queries


def _visits(include_unannounced_plans: bool) -> sa.Select[Any]:
    leader = aliased(VisitTeamMember)
    form = aliased(FeedbackForm)
    q = (
        sa.select(Visit.id, School.code, School.name, Visit.planned_on, Visit.status, Visit.scope, Visit.stage,
                  Visit.planning, Visit.notice, Inspector.name, Visit.purpose, Visit.notes, form.number)
        .join(School, School.id == Visit.school_id)
        .outerjoin(leader, sa.and_(leader.visit_id == Visit.id, leader.role == TeamRole.LEADER,
                                   leader.deleted.is_(False)))
        .outerjoin(Inspector, Inspector.id == leader.inspector_id)
        .outerjoin(form, form.id == Visit.reinspection_of_form_id)
        .where(Visit.deleted.is_(False))
        .order_by(Visit.planned_on, Visit.id)
    )
    if not include_unannounced_plans:
        q = q.where(sa.not_(sa.and_(Visit.notice == Notice.UNANNOUNCED, Visit.status == VisitStatus.PLANNED)))
    return q


def _findings(include_unannounced_plans: bool) -> sa.Select[Any]:
    # Findings exist only on visits under way or done, so there is no plan to hide.
    return (
        sa.select(Finding.id, Finding.visit_id, Visit.planned_on, School.code, School.name, Finding.category,
                  Finding.severity, Finding.problem, Finding.evidence, Finding.diagnosis, Finding.recommendation)
        .join(Visit, Visit.id == Finding.visit_id)
        .join(School, School.id == Visit.school_id)
        .where(Finding.deleted.is_(False), Visit.deleted.is_(False))
        .order_by(Visit.planned_on, Finding.id)
    )


def _rectifications(include_unannounced_plans: bool) -> sa.Select[Any]:
    steps = (
        sa.select(sa.func.group_concat(Escalation.kind, " > "))
        .where(Escalation.rectification_id == Rectification.id, Escalation.deleted.is_(False),
               Escalation.kind != EscalationKind.INCENTIVE)
        .scalar_subquery()
    )
    return (
        sa.select(Rectification.id, School.code, School.name, FeedbackForm.number, Requirement.ordinal,
                  Requirement.text, Requirement.deadline, Rectification.deadline, Rectification.status,
                  Rectification.reported_on, Rectification.report_text, Rectification.verified_on, steps)
        .join(Requirement, Requirement.id == Rectification.requirement_id)
        .join(FeedbackForm, FeedbackForm.id == Requirement.form_id)
        .join(School, School.id == Rectification.school_id)
        .where(Rectification.deleted.is_(False))
        .order_by(Requirement.deadline, FeedbackForm.number, Requirement.ordinal)
    )


# Columns holding an enum: their values go out in words, in the export's language
# (the same words as on screen, from the committed translations), not as stored.
ENUM_COLUMNS: dict[str, dict[str, type[Enum]]] = {
    "visits": {"status": VisitStatus, "scope": Scope, "stage": Stage, "planning": Planning, "notice": Notice},
    "findings": {"category": Category, "severity": Severity},
    "rectifications": {"status": RectificationStatus},
}


def _in_words(what: str, language: str) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Stored enum values to words: one dict per column, filled once from the enum,
    so a hundred thousand rows cost a lookup per cell. A value this laptop does
    not know (from a newer one) goes out as it came."""
    keys = [c.key for c in COLUMNS[what]]
    words = {keys.index(k): {m.value: enum_word(m, language) for m in kind} for k, kind in ENUM_COLUMNS[what].items()}
    ladder_at = keys.index("escalations") if "escalations" in keys else None
    steps = {m.value: enum_word(m, language) for m in EscalationKind}
    columns = list(words.items())

    def fix(row: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(row)
        for i, table in columns:
            value = out[i]
            out[i] = table.get(value, value)
        if ladder_at is not None and out[ladder_at]:
            out[ladder_at] = " > ".join(steps.get(step, step) for step in str(out[ladder_at]).split(" > "))
        return tuple(out)

    return fix


def _ladder_order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # group_concat's order is the scan order, which sync may shuffle; the ladder's is not.
    known = {k.value: LADDER.index(k) for k in LADDER}
    steps = sorted((k for k in (row[-1] or "").split(" > ") if k), key=lambda k: known.get(k, len(known)))
    return (*row[:-1], " > ".join(steps))


QUERIES = {"visits": _visits, "findings": _findings, "rectifications": _rectifications}
ROW_FIX: dict[str, Callable[[tuple[Any, ...]], tuple[Any, ...]]] = {"rectifications": _ladder_order}


def _count(query: sa.Select[Any]) -> sa.Select[Any]:
    """Rows to expect, for progress: the same FROM and filter, without the outer
    joins that only add names (they never add or drop rows) or the ORDER BY."""
    froms = query.get_final_froms()[0]
    while isinstance(froms, sa.Join) and froms.isouter:
        froms = froms.left
    return sa.select(sa.func.count()).select_from(froms).where(query.whereclause)


def _rows(ws: Workspace, what: str, query: sa.Select[Any], batch: int, language: str) -> Iterator[Sequence[Sequence[Any]]]:
    order, words = ROW_FIX.get(what), _in_words(what, language)
    with ws.read() as s:
        result = s.execute(query, execution_options={"yield_per": batch})
        for part in result.partitions(batch):
            yield [words(order(tuple(r)) if order else tuple(r)) for r in part]


def _as_stored_text(query: sa.Select[Any]) -> sa.Select[Any]:
    """The same query, values as SQLite stores them: ISO dates, enum values.

    CSV wants exactly that text, the spreadsheet turns ISO dates into dates itself,
    and skipping the conversion to Python dates and enums and back halves the time
    of a large export.
    """
    return query.with_only_columns(
        *(sa.type_coerce(c, sa.String).label(c.key or f"c{i}") for i, c in enumerate(query.selected_columns)),
        maintain_column_froms=True,
    )


# ---------------------------------------------------------------- writers


def _write_csv(path: Path, header: list[str], batches: Iterator[Sequence[Sequence[Any]]], step: Callable[[int], None]) -> None:
    # utf-8-sig: the BOM is how Excel on Windows knows the Chinese text is UTF-8.
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for rows in batches:
            out.writerows(rows)  # rows of stored text; csv writes None as an empty field
            step(len(rows))
        fh.flush()
        os.fsync(fh.fileno())


def _column_kinds(query: sa.Select[Any]) -> list[str]:
    return [workbook.DATE if isinstance(c.type, sa.Date) else workbook.TEXT for c in query.selected_columns]


def export(
    ws: Workspace,
    what: str,
    fmt: str,
    out: Path,
    language: str = "zh_CN",
    include_unannounced_plans: bool = False,
    progress: Progress | None = None,
    check: Callable[[], None] | None = None,
    batch: int = BATCH,
) -> ExportResult:
    """Write one table to ``out``. ``check()`` may raise to cancel (ui/ops' task.check);
    ``progress(done, total)`` is called after each batch."""
    if what not in WHAT:
        raise DomainError("export.unknown_table", what=what, known=list(WHAT))
    if fmt not in FORMATS:
        raise DomainError("export.unknown_format", format=fmt, known=list(FORMATS))
    clock = time.perf_counter()
    query = QUERIES[what](include_unannounced_plans)
    with ws.read() as s:
        total = s.scalar(_count(query)) or 0
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        raise DomainError("export.too_many_rows_for_xlsx", rows=total, limit=XLSX_MAX_ROWS)
    header = [c.zh if language.startswith("zh") else c.en for c in COLUMNS[what]]
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, max(total, done))
        if check:
            check()

    out = Path(out)
    try:
        tmp = temp_beside(out)
        try:
            if check:
                check()
            rows = _rows(ws, what, _as_stored_text(query), batch, language)
            if fmt == "csv":
                _write_csv(tmp, header, rows, step)
            else:
                workbook.write(tmp, what, header, _column_kinds(query), rows, step)
            os.replace(tmp, out)  # atomic: the target is the old file or the whole new one
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        if exc.errno is None:
            raise
        # The hidden temporary file means nothing to the inspector: name the file they chose.
        raise OSError(exc.errno, exc.strerror, str(out)) from exc
    return ExportResult(out, done, time.perf_counter() - clock)


# ---------------------------------------------------------------- the headless command


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--what", choices=WHAT, required=True, help="which records")
    p.add_argument("--format", choices=FORMATS, default=None, help="file format (default: from --out's suffix)")
    p.add_argument("--out", type=path_argument, required=True, metavar="FILE", help="the file to write")
    p.add_argument("--language", choices=wording.LANGUAGES, default=None,
                   help="column headings and values in words (default: from the locale, zh_CN for a Chinese one)")
    p.add_argument("--include-unannounced-plans", action="store_true",
                   help="also export planned unannounced visits (confidential: left out by default)")


@command("export", "export visits, findings or rectifications to CSV or XLSX", _configure)
def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise CommandError("format_unknown", 2, path=args.out)
    shown = [0]

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if total >= 20_000 and pct != shown[0]:
            shown[0] = pct
            print(f"\r{pct:3d}% ", end="", file=sys.stderr, flush=True)

    with open_workspace_for(args) as ws:
        try:
            args.out.parent.mkdir(parents=True, exist_ok=True)  # as sheet and notice do
            result = export(ws, args.what, fmt, args.out, args.language or wording.language(), args.include_unannounced_plans,
                            progress)
        except OSError as exc:
            raise file_error(args.out, exc) from exc
    if shown[0]:
        print(file=sys.stderr)
    print(f"exported {result.rows} {args.what} to {result.path} in {result.seconds:.1f} s")
    return 0
