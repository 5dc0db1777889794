"""The office's reports, made one way for the window and the command: the 督导报告 (a
school's or the region's) or the 通报 bulletin over a year, a term or a month, as
PDF or XLSX, from the records the workspace holds (a lead's laptop holds its
region's after a sync).

``inspector-desktop report`` is read-only: a folder without a workspace is refused
like every command that only reads. Here, not in reports/, because it is where the
store (the figures) and the documents meet."""

from __future__ import annotations

import argparse
import datetime as dt

from inspector_desktop import wording
from inspector_desktop.commands import command, open_workspace_for, path_argument, write_file
from inspector_desktop.wording.cli import CommandError

KINDS = ("school", "region", "bulletin")
FORMATS = ("pdf", "xlsx")


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=KINDS, required=True,
                   help="a school's report (with --school), the region's report, or the bulletin (通报)")
    p.add_argument("--period", required=True, metavar="PERIOD",
                   help="a year (2026), a term (2026-S1: January–June, 2026-S2: July–December) or a month (2026-09)")
    p.add_argument("--school", metavar="CODE", help="the school's code, for --kind school")
    p.add_argument("--out", type=path_argument, required=True, metavar="FILE.pdf|FILE.xlsx",
                   help="the file to write; its suffix says the format")
    p.add_argument("--language", choices=wording.LANGUAGES, default=None,
                   help="the report's language (default: from the locale, zh_CN for a Chinese one)")


def build(ws, kind: str, period_text: str, school: str | None, fmt: str, language: str,  # type: ignore[no-untyped-def]
          today: dt.date) -> bytes:
    """The report's bytes, as the command and the window make them."""
    from inspector_desktop.domain.office_report import parse_period
    from inspector_desktop.reports import office_report, office_xlsx
    from inspector_desktop.store.office_report import office_report as figures

    report = figures(ws, parse_period(period_text), today, school if kind == "school" else None)
    if kind == "bulletin":
        make = office_report.build_bulletin_pdf if fmt == "pdf" else office_xlsx.build_bulletin_xlsx
    else:
        make = office_report.build_report_pdf if fmt == "pdf" else office_xlsx.build_report_xlsx
    return make(report, language)


@command("report", "write the office's inspection report (a school's or the region's) or its bulletin, "
                   "as PDF or XLSX", _configure)
def cmd_report(args: argparse.Namespace) -> int:
    from inspector_desktop.domain.office_report import parse_period

    try:
        parse_period(args.period)
    except ValueError:
        raise CommandError("report_bad_period", 2, period=args.period) from None
    if args.kind == "school" and not args.school:
        raise CommandError("report_school_needed", 2)
    fmt = args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise CommandError("report_format_unknown", 2, path=args.out)
    with open_workspace_for(args) as ws:
        try:
            data = build(ws, args.kind, args.period, args.school, fmt, args.language or wording.language(),
                         dt.date.today())
        except LookupError:
            raise CommandError("report_no_such_school", 2, school=args.school) from None
    write_file(args.out, data)
    print(args.out)
    return 0
