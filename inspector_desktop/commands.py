"""Subcommand registries for the console commands.

A feature module adds its own headless command with ``@command(...)`` and never
imports the command-line entry point: that keeps ``cli`` free to import any
feature (the GUI included) lazily, and any feature (export, which the GUI also
imports) free to register a command, without an import circle.

    @command("sheet", "write the PDF feedback sheets", configure_sheet)
    def cmd_sheet(args) -> int:
        with open_workspace_for(args) as ws:
            ...

This module imports only the standard library (and the commands' own words),
so registering costs nothing at start-up; ``inspector-server`` keeps its own ``Registry`` of the same shape.
"""

from __future__ import annotations

import argparse
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_desktop.wording.cli import CommandError, file_error, say

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


def open_workspace_for(args: argparse.Namespace, create: bool = False) -> Workspace:
    """The workspace a command's ``--data-dir`` names (default: the per-user one).

    Only a command that makes a workspace (``demo``) passes ``create``: any other
    given a folder without one says so, naming the folder as the user typed it,
    and leaves the disk as it was (a mistyped path must not become a new, empty
    workspace that then answers "nothing there").
    """
    # Imported here: ``--help`` and registration must not pay for SQLAlchemy.
    from inspector_desktop.console_unlock import open_in_console
    from inspector_desktop.paths import DataDir

    given = getattr(args, "data_dir", None)
    data_dir = DataDir(given)
    if not create and not data_dir.holds_workspace():
        raise CommandError("no_workspace", 2, path=given if given is not None else data_dir.root)
    return open_in_console(data_dir)


def path_argument(text: str) -> Path:
    """A file or folder named on the command line (argparse's ``type``)."""
    if "\0" in text:
        # No system accepts it; refused here, it is one sentence like any bad option.
        raise argparse.ArgumentTypeError(say("nul_in_path"))
    return Path(text)


path_argument.__name__ = "path"  # argparse names the type in its own messages


def temp_beside(target: Path) -> Path:
    """A new empty file next to ``target``, hidden, to be renamed over it when complete.

    Made with the user's ordinary permissions (0666 less the umask), as a plain
    ``open`` would: ``tempfile.mkstemp`` makes it 0600, and the rename would pass
    that on to the finished file.
    """
    for _attempt in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def write_file(target: Path, data: bytes) -> None:
    """A command's output file, whole or not at all, its folder made if missing.

    A failure is one sentence naming ``target`` as the user typed it (a full
    disk, a file where a folder should be), never the temporary file beside it.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(target)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise file_error(target, exc) from exc
