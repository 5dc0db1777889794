"""The ``inspector-desktop`` command: no subcommand opens the window; subcommands
do headless work and print, on every OS (this is a console script on purpose)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from inspector_desktop import __version__
from inspector_desktop.commands import DESKTOP, command, open_workspace_for, path_argument
from inspector_desktop.wording.cli import CommandError, say, say_error

PROGRAM = "inspector-desktop"

# Modules that register further subcommands when imported (see commands.py).
FEATURE_COMMANDS = ("inspector_desktop.reports.cli", "inspector_desktop.sync.cli", "inspector_desktop.export",
                    "inspector_desktop.office_reports")
WINDOW_OPTIONS = ("--data-dir", "--quit-after")  # the options that go with no subcommand


class _Parser(argparse.ArgumentParser):
    """argparse, but a refusal is one translated line (no usage block) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {_reworded(message)}\n")


# argparse's refusals as it words them (Python 3.11+), and the sentence each becomes.
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "missing_options"),
    (re.compile(r"argument (?P<option>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)"),
     "not_a_choice"),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), "not_understood"),
    (re.compile(r"argument (?P<option>\S+): expected one argument"), "needs_value"),
    (re.compile(r"argument (?P<option>\S+): (?P<problem>.+)"), "bad_argument"),
)


def _reworded(message: str) -> str:
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(" ".join(message.split()))
        if found:
            return say(key, **found.groupdict())
    return " ".join(message.split())


def _data_dir_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=path_argument,
        default=default,
        metavar="DIR",
        help="workspace folder (default: the per-user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROGRAM,
        description="Field tool for school education inspectors (督学). "
        "With no command, opens the workspace window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _data_dir_option(parser, None)
    # For smoke tests of a built installer: open the window, then close it again.
    parser.add_argument("--quit-after", type=float, default=None, metavar="SECONDS", help=argparse.SUPPRESS)
    # SUPPRESS: "--data-dir" may come before or after the subcommand.
    DESKTOP.add_to(parser, common=lambda p: _data_dir_option(p, argparse.SUPPRESS))
    return parser


# Option types raise ArgumentTypeError with the user's sentence: for a ValueError,
# argparse would print "invalid <function name> value" instead.
def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", value=text)) from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_whole_number", value=text)) from None


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(say("at_least_one", value=text))
    return value


_date.__name__, _whole.__name__, _positive.__name__ = "date", "whole number", "number"


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--visits", type=_positive, default=None, help="how many visits (default: about a year, 90)")
    p.add_argument("--seed", type=_whole, default=None, help="random seed (same seed and date, same data)")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="the demo's 'today' (default: today)")


@command("demo", "build realistic demo data in an empty workspace", _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from inspector_desktop.store.demo import DEFAULT_SEED, build_demo

    def progress(done: int, total: int) -> None:
        print(f"\r{done * 100 // total:3d}% ", end="", file=sys.stderr, flush=True)

    with open_workspace_for(args, create=True) as ws:
        report = build_demo(
            ws,
            visits=args.visits,
            seed=DEFAULT_SEED if args.seed is None else args.seed,
            as_of=args.as_of,
            progress=progress if args.visits and args.visits >= 10_000 else None,
        )
        if args.visits and args.visits >= 10_000:
            print("\r100%", file=sys.stderr)
        states = ", ".join(f"{k} {v}" for k, v in sorted(report.rectifications.items()))
        print(
            f"Demo workspace at {ws.data_dir.root}\n"
            f"  visits {report.visits} (unannounced {report.unannounced}), findings {report.findings}, "
            f"feedback forms {report.forms}\n"
            f"  rectifications: {states or 'none'}\n"
            f"  built in {report.seconds:.1f} s"
        )
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from inspector_desktop.ui.start import run

    # The window's exit code is the command's (README's exit codes).
    return run(args.data_dir, quit_after=args.quit_after)


def main(argv: Sequence[str] | None = None) -> int:
    """Exit codes: wording/cli.py's docstring (and README). Every failure is one
    translated sentence on stderr; a bad option exits 2 through argparse."""
    if not _opens_the_window(sys.argv[1:] if argv is None else argv):
        _load_commands()
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return run_gui(args)
        return DESKTOP[args.command].run(args)
    except CommandError as exc:
        say_error(PROGRAM, exc)
        return exc.exit_code
    except OSError as exc:
        # A command that knows the user's path names it itself; this is the rest.
        from inspector_desktop.wording.cli import file_error

        say_error(PROGRAM, file_error(exc.filename, exc, "cannot_use") if exc.filename else exc)
        return 2
    except KeyboardInterrupt:
        say_error(PROGRAM, CommandError("interrupted", 130))
        return 130
    except Exception as exc:
        from inspector_desktop.domain import DomainError
        from inspector_desktop.store import StoreError

        say_error(PROGRAM, exc)  # the error catalogue's sentence; never a traceback
        return 2 if isinstance(exc, (StoreError, DomainError)) else 70


def _opens_the_window(argv: Sequence[str]) -> bool:
    """No subcommand, only the window's own options: the subcommands' modules (the store,
    reports, sync) need not load, and the window's first frame does not wait for them."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in WINDOW_OPTIONS and rest:
            rest.pop(0)  # its value
        elif not arg.startswith(tuple(f"{option}=" for option in WINDOW_OPTIONS)):
            return False
    return True


def _load_commands() -> None:
    """Feature modules register further subcommands when they are imported."""
    import importlib

    for module in FEATURE_COMMANDS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
