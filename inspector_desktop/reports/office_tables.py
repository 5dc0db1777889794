"""The 督导报告's sections as words and tables, once for the PDF and the spreadsheet alike:
each section has its sentence and its tables (header, rows, a totals row), so both
formats print the same figures under the same headings."""

from __future__ import annotations

from dataclasses import dataclass

from inspector_desktop.domain import Severity
from inspector_desktop.domain.duties import TRAINING_HOURS_PER_YEAR
from inspector_desktop.reports import labels
from inspector_desktop.reports.office_words import day, kind, percent, period_words, say
from inspector_desktop.domain.office_report import OfficeReport

Cell = str | int | float


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None  # the 合计 row, if the table adds up
    widths: tuple[float, ...]  # relative column widths on paper


@dataclass(frozen=True)
class Section:
    key: str  # "visits", …: the spreadsheet's sheet name comes from it
    title: str
    text: tuple[str, ...]
    grids: tuple[Grid, ...]


def _ratio(done: int, due: int) -> str:
    return percent(done / due if due else None)


def _cols(lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(say(lang, f"col_{k}") for k in keys)


def title(report: OfficeReport, lang: str) -> str:
    if report.school is not None:
        return say(lang, "school_title", school=report.school[1])
    return say(lang, "region_title", region=report.region or report.office_name or "—")


def number(report: OfficeReport) -> str:
    """编号: the period and what it covers, e.g. DB-2026-S1-QSH-001, DB-2026-09-REGION."""
    return f"DB-{report.period.key}-{report.school[0] if report.school else 'REGION'}"


def opening(report: OfficeReport, lang: str) -> str:
    period, as_of = period_words(lang, report.period.key), day(lang, report.as_of)
    if report.school is not None:
        return say(lang, "opening_school", period=period, school=report.school[1], as_of=as_of)
    return say(lang, "opening_region", period=period, region=report.region or report.office_name or "—",
               as_of=as_of, schools=len(report.schools))


def sections(report: OfficeReport, lang: str) -> list[Section]:
    r, rules = report, report.rules_title_zh if lang == "zh_CN" else report.rules_title_en
    out = [Section("visits", say(lang, "s_visits"), (say(
        lang, "visits_text", rules=rules,
        every=say(lang, "every_1") if r.every_months == 1 else say(lang, "every_n", n=r.every_months), due=r.visits_due, done=r.visits_done,
        visited=r.schools_visited, schools=len(r.schools)),), (Grid(
            _cols(lang, "code", "school", "due", "done", "done_rate", "findings"),
            tuple((s.code, s.name, s.visits_due, s.visits_done, _ratio(s.visits_done, s.visits_due), s.findings)
                  for s in r.schools),
            (say(lang, "total_row"), "", r.visits_due, r.visits_done, _ratio(r.visits_done, r.visits_due),
             r.findings_total), (14, 34, 12, 12, 12, 12)),))]

    severities = tuple(labels.label(lang, s) for s in Severity)
    by_severity = [sum(n[i] for _c, n in r.findings) for i in range(len(Severity))]
    out.append(Section("findings", say(lang, "s_findings"), (say(lang, "findings_text", total=r.findings_total),),
                       (Grid((say(lang, "col_category"), *severities, say(lang, "col_total")),
                             tuple((labels.label(lang, c), *n, sum(n)) for c, n in r.findings),
                             (say(lang, "total_row"), *by_severity, r.findings_total), (40, 12, 12, 12, 12)),)))

    repeats = (Grid(_cols(lang, "code", "school", "category", "this", "earlier", "last"),
                    tuple((x.school_code, x.school_name, labels.label(lang, x.category), x.this_period, x.earlier,
                           day(lang, x.last_before)) for x in r.repeats),
                    (say(lang, "total_row"), "", "", sum(x.this_period for x in r.repeats),
                     sum(x.earlier for x in r.repeats), ""), (13, 26, 27, 10, 10, 16)),) if r.repeats else ()
    out.append(Section("repeats", say(lang, "s_repeats"),
                       (say(lang, "repeats_text" if r.repeats else "no_repeats"),), repeats))

    c = r.rectifications
    out.append(Section("rectifications", say(lang, "s_rectifications"), (say(
        lang, "rect_text", total=c.total, closed=c.closed, rate=percent(c.rate), on_time=c.closed_on_time,
        on_time_rate=percent(c.on_time_rate), open=c.still_open, overdue=c.overdue),), (Grid(
            _cols(lang, "code", "school", "rect", "on_time", "late", "open", "overdue", "rate"),
            tuple((s.code, s.name, s.rectifications, s.closed_on_time, s.closed_late, s.still_open, s.overdue,
                   _ratio(s.closed_on_time + s.closed_late, s.rectifications)) for s in r.schools),
            (say(lang, "total_row"), "", c.total, c.closed_on_time, c.closed_late, c.still_open, c.overdue,
             percent(c.rate)), (12, 24, 10, 10, 10, 10, 11, 11)),)))

    counts = dict(r.step_counts)
    words = {name: n for name, n in zip(("interview", "notification", "accountability"), counts.values())}
    step_grids = [Grid(_cols(lang, "step", "count"), tuple((kind(lang, k), n) for k, n in r.step_counts),
                       (say(lang, "total_row"), sum(counts.values())), (40, 20))]
    if r.steps:
        step_grids.append(Grid(
            _cols(lang, "school", "step", "date", "requirement", "deadline", "verdict", "reason"),
            tuple((x.school_name, kind(lang, x.kind), day(lang, x.decided_on), x.requirement or "—",
                   day(lang, x.deadline), kind(lang, x.verdict), x.reason) for x in r.steps),
            None, (16, 15, 13, 20, 13, 13, 20)))
    out.append(Section("steps", say(lang, "s_steps"),
                       (say(lang, "steps_text", **words) if r.steps else say(lang, "no_steps"),), tuple(step_grids)))

    o = r.objections
    out.append(Section("objections", say(lang, "s_objections"), (say(
        lang, "objections_text", received=o.received, replied=o.replied, late=o.replied_late, awaiting=o.awaiting,
        overdue=o.awaiting_overdue),), (Grid(
            _cols(lang, "received", "replied", "replied_late", "awaiting", "awaiting_overdue"),
            ((o.received, o.replied, o.replied_late, o.awaiting, o.awaiting_overdue),), None, (1, 1, 1, 1, 1)),)))

    mark = {True: say(lang, "over"), False: ""}
    met = {True: say(lang, "met"), False: ""}
    out.append(Section("inspectors", say(lang, "s_inspectors"),
                       (say(lang, "inspectors_text", hours=TRAINING_HOURS_PER_YEAR),), (Grid(
                           _cols(lang, "inspector_code", "inspector", "schools", "large", "load", "training",
                                 "visits"),
                           tuple((i.code, i.name, i.schools, i.large_schools, f"{i.load_percent}%{mark[i.over_ratio]}",
                                  say(lang, "training_of", hours=f"{i.training_hours:g}",
                                      target=TRAINING_HOURS_PER_YEAR) + met[i.training_met], i.visits)
                                 for i in r.inspectors),
                           (say(lang, "total_row"), "", sum(i.schools for i in r.inspectors),
                            sum(i.large_schools for i in r.inspectors), "",
                            f"{sum(i.training_hours for i in r.inspectors):g}", sum(i.visits for i in r.inspectors)),
                           (13, 17, 11, 11, 16, 18, 12)),)))
    return out
