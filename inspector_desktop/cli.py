"""The ``inspector-desktop`` command: no subcommand opens the window; subcommands
do headless work and print, on every OS (this is a console script on purpose)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector_desktop import __version__
from inspector_desktop.commands import DESKTOP, command, open_workspace_for

# Modules that register further subcommands when imported (see commands.py).
FEATURE_COMMANDS = ("inspector_desktop.reports.cli", "inspector_desktop.sync.cli", "inspector_desktop.export")


def _data_dir_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="workspace folder (default: the per-user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-desktop",
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


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--visits", type=_positive, default=None, help="how many visits (default: about a year, 90)")
    p.add_argument("--seed", type=int, default=None, help="random seed (same seed and date, same data)")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="the demo's 'today' (default: today)")


@command("demo", "build realistic demo data in an empty workspace", _configure_demo)
def cmd_demo(args: argparse.Namespace) -> int:
    from inspector_desktop.store.demo import DEFAULT_SEED, build_demo

    def progress(done: int, total: int) -> None:
        print(f"\r{done * 100 // total:3d}% ", end="", file=sys.stderr, flush=True)

    with open_workspace_for(args) as ws:
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
    from inspector_desktop.ui.app import run

    return run(args.data_dir, quit_after=args.quit_after)


def main(argv: Sequence[str] | None = None) -> int:
    _load_commands()
    args = build_parser().parse_args(argv)
    from inspector_desktop.domain import DomainError
    from inspector_desktop.store import StoreError

    try:
        if args.command is None:
            return run_gui(args)
        return DESKTOP[args.command].run(args)
    except (StoreError, DomainError, OSError) as exc:
        print(f"inspector-desktop: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _load_commands() -> None:
    """Feature modules register further subcommands when they are imported."""
    import importlib

    for module in FEATURE_COMMANDS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
