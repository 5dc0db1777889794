"""Headless sheets: ``sheet`` writes signed forms' PDFs for batch printing and archiving,
``verify`` checks a sheet offline, ``notice`` writes an announced visit's notice letter."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from inspector_desktop.commands import command, open_workspace_for


def sheet_filename(number: str) -> str:
    return f"feedback-{number}.pdf"


def _configure_sheet(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the PDFs into")
    p.add_argument("--form", metavar="ID", help="only this form (its id or its number)")


@command("sheet", "write the PDF feedback sheet of every signed form (or of one)", _configure_sheet)
def cmd_sheet(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from inspector_desktop.reports.sheet import render
    from inspector_desktop.store import forms
    from inspector_desktop.store.models import FeedbackForm

    with open_workspace_for(args) as ws:
        if args.form:
            with ws.read() as s:
                form_id = s.scalar(sa.select(FeedbackForm.id).where(
                    sa.or_(FeedbackForm.id == args.form, FeedbackForm.number == args.form)))
            if form_id is None:
                print(f"inspector-desktop: no feedback form {args.form!r} in this workspace", file=sys.stderr)
                return 2
            ids = [form_id]
        else:
            ids = forms.signed_form_ids(ws)
        args.out.mkdir(parents=True, exist_ok=True)
        verify_url = forms.office_verify_url(ws)  # where each sheet's QR code points
        refused = 0
        for form_id in ids:
            problems = forms.stored_form_problems(ws, form_id)
            snap = forms.load_form(ws, form_id)
            if problems:
                # Never print a sheet whose stored form no longer matches what was signed.
                refused += 1
                print(f"ALTERED {snap.number}: " + "; ".join(problems), file=sys.stderr)
                continue
            target = args.out / sheet_filename(snap.number)
            target.write_bytes(render(forms.sheet_source(ws, form_id), verify_url))
            print(target)
        print(f"{len(ids) - refused} sheet(s) written, {refused} refused", file=sys.stderr)
    return 1 if refused else 0


def _configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE.pdf", help="the sheet to check")


@command("verify", "check offline that a printed sheet's PDF is genuine and unaltered", _configure_verify)
def cmd_verify(args: argparse.Namespace) -> int:
    from inspector_desktop.reports.verify import verify_pdf

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a damaged file is reported below, once
    data = args.file.read_bytes()
    if args.data_dir is not None:
        from inspector_desktop.store import forms

        with open_workspace_for(args) as ws:
            verdict = verify_pdf(data, lambda key_id: forms.public_key(ws, key_id))
    else:
        verdict = verify_pdf(data)
    print(f"{args.file}: {'GENUINE' if verdict.genuine else 'ALTERED'}")
    if verdict.form_number:
        print(f"  form {verdict.form_number}, content digest {verdict.digest}")
    if verdict.key_source:
        print(f"  device key {verdict.key_id[:16]} from: {verdict.key_source}")
    for name, ok, detail in verdict.checks:
        print(f"  [{'ok' if ok else 'FAILED'}] {name}" + ("" if ok else f": {detail}"))
    return 0 if verdict.genuine else 1


def _configure_notice(p: argparse.ArgumentParser) -> None:
    p.add_argument("--visit", required=True, metavar="ID", help="the announced visit")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")


@command("notice", "write the notice letter of an announced visit (never for unannounced ones)", _configure_notice)
def cmd_notice(args: argparse.Namespace) -> int:
    from inspector_desktop.reports.notice import build_notice_letter
    from inspector_desktop.store.notices import notice_letter_facts

    with open_workspace_for(args) as ws:
        pdf = build_notice_letter(notice_letter_facts(ws, args.visit), args.language)
    args.out.write_bytes(pdf)
    print(args.out)
    return 0
