"""Subcommand registries for the console commands.

A feature module adds its own headless command with ``@command(...)`` and never
imports the command-line entry point: that keeps ``cli`` free to import any
feature (the GUI included) lazily, and any feature (export, which the GUI also
imports) free to register a command, without an import circle.

    @command("sheet", "write the PDF feedback sheets", configure_sheet)
    def cmd_sheet(args) -> int:
        with open_workspace_for(args) as ws:
            ...

This module imports only the standard library, so registering costs nothing at
start-up; ``inspector-server`` keeps its own ``Registry`` of the same shape.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector_desktop.store.db import Workspace

Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]


def _no_options(_parser: argparse.ArgumentParser) -> None:
    pass


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Configure
    run: Handler


class Registry:
    """Named subcommands, in the order they were registered (the order ``--help`` lists)."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def command(self, name: str, help: str, configure: Configure = _no_options) -> Callable[[Handler], Handler]:
        def wrap(fn: Handler) -> Handler:
            if name in self._commands and self._commands[name].run is not fn:
                # Two features claiming one name would silently hide one of them.
                raise ValueError(f"subcommand {name!r} is registered twice")
            self._commands[name] = Command(name, help, configure, fn)
            return fn

        return wrap

    def __getitem__(self, name: str) -> Command:
        return self._commands[name]

    def __contains__(self, name: object) -> bool:
        return name in self._commands

    def __iter__(self) -> Iterator[Command]:
        return iter(list(self._commands.values()))

    def add_to(self, parser: argparse.ArgumentParser, common: Configure = _no_options, required: bool = False) -> None:
        """One subparser per command; ``common`` adds the options every command takes."""
        sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=required)
        for c in self:
            p = sub.add_parser(c.name, help=c.help, description=c.help)
            common(p)
            c.configure(p)


# The ``inspector-desktop`` commands.
DESKTOP = Registry()
command = DESKTOP.command


def open_workspace_for(args: argparse.Namespace) -> Workspace:
    """The workspace a command's ``--data-dir`` names (default: the per-user one)."""
    # Imported here: ``--help`` and registration must not pay for SQLAlchemy.
    from inspector_desktop.paths import DataDir
    from inspector_desktop.store import open_workspace

    return open_workspace(DataDir(getattr(args, "data_dir", None)))
