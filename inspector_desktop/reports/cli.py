"""Headless sheets: ``sheet`` writes signed forms' PDFs for batch printing and archiving,
``verify`` checks a sheet offline, ``notice`` writes an announced visit's notice letter."""

from __future__ import annotations

import argparse
import logging
import sys

from inspector_desktop.commands import command, open_workspace_for, path_argument, write_file
from inspector_desktop.wording.cli import CommandError, file_error


def sheet_filename(number: str) -> str:
    return f"feedback-{number}.pdf"


def _configure_sheet(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=path_argument, required=True, metavar="DIR", help="folder to write the PDFs into")
    p.add_argument("--form", metavar="ID", help="only this form (its id or its number)")


@command("sheet", "write the PDF feedback sheet of every signed form (or of one)", _configure_sheet)
def cmd_sheet(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from inspector_desktop.reports.sheet import render
    from inspector_desktop.store import forms
    from inspector_desktop.store.models import FeedbackForm
    from inspector_desktop.wording import verdicts

    with open_workspace_for(args) as ws:
        if args.form:
            with ws.read() as s:
                form_id = s.scalar(sa.select(FeedbackForm.id).where(
                    sa.or_(FeedbackForm.id == args.form, FeedbackForm.number == args.form)))
            if form_id is None:
                raise CommandError("no_such_form", 2, form=args.form)
            ids = [form_id]
        else:
            ids = forms.signed_form_ids(ws)
        verify_url = forms.office_verify_url(ws)  # where each sheet's QR code points
        refused = 0
        for form_id in ids:
            problems = forms.stored_form_problems(ws, form_id)
            snap = forms.load_form(ws, form_id)
            if problems:
                # Never print a sheet whose stored form no longer matches what was signed.
                refused += 1
                print(verdicts.sheet_line("refused", number=snap.number, problems="; ".join(problems)), file=sys.stderr)
                continue
            target = args.out / sheet_filename(snap.number)
            write_file(target, render(forms.sheet_source(ws, form_id), verify_url))
            print(target)
        print(verdicts.sheet_line("summary", written=len(ids) - refused, refused=refused), file=sys.stderr)
    return 1 if refused else 0


def _configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=path_argument, metavar="FILE.pdf", help="the sheet to check")


@command("verify", "check offline that a printed sheet's PDF is genuine and unaltered", _configure_verify)
def cmd_verify(args: argparse.Namespace) -> int:
    """GENUINE 0, ALTERED 1, UNKNOWN SIGNER 4, NOT A FEEDBACK SHEET 5 (wording/verdicts.py):
    a file verify cannot vouch for is not thereby accused of tampering."""
    from inspector_desktop.reports.verify import verify_pdf
    from inspector_desktop.wording import verdicts

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a damaged file is reported below, once
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise file_error(args.file, exc, "file_unreadable") from exc
    if args.data_dir is not None:
        from inspector_desktop.store import forms

        with open_workspace_for(args) as ws:
            verdict = verify_pdf(data, lambda key_id: forms.public_key(ws, key_id))
    else:
        verdict = verify_pdf(data)
    print(verdicts.headline(verdict.outcome, args.file, data))
    for line in verdicts.details(verdict):
        print(f"  {line}")
    return verdicts.EXIT_CODES[verdict.outcome]


def _configure_notice(p: argparse.ArgumentParser) -> None:
    p.add_argument("--visit", required=True, metavar="ID", help="the announced visit")
    p.add_argument("--out", type=path_argument, required=True, metavar="FILE.pdf")
    p.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")


@command("notice", "write the notice letter of an announced visit (never for unannounced ones)", _configure_notice)
def cmd_notice(args: argparse.Namespace) -> int:
    from inspector_desktop.reports.notice import build_notice_letter
    from inspector_desktop.store.notices import notice_letter_facts

    from inspector_desktop.domain import DomainError

    with open_workspace_for(args) as ws:
        try:
            facts = notice_letter_facts(ws, args.visit)
        except DomainError as exc:
            if exc.code == "visit.not_found":  # a mistyped id, not a visit removed since
                raise CommandError("no_such_visit", 2, visit=args.visit) from exc
            raise
        pdf = build_notice_letter(facts, args.language)
    write_file(args.out, pdf)
    print(args.out)
    return 0
