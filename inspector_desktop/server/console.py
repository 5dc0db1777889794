"""The office's console around the commands: a command line read back as one
translated sentence when argparse refuses it, and ``--db`` opened or refused in
the administrator's words, never as a driver's traceback."""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any, NoReturn

from inspector_desktop.wording.cli import CommandError, say, say_error

PROG = "inspector-server"


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as one translated sentence (exit 2)."""

    def error(self, message: str) -> NoReturn:
        say_error(PROG, argument_problem(message))
        self.exit(2)


# argparse's own English sentences (Python ships no translations of them), read
# back into the commands' messages.
_ARGPARSE = [
    (re.compile(r"unrecognized arguments: (?P<arguments>.*)", re.S), "server_arg_unknown"),
    (re.compile(r"the following arguments are required: (?P<names>.*)", re.S), "server_arg_missing"),
    (re.compile(r"argument (?P<option>.+?): expected (?:one|at least one|at most one) argument"), "server_arg_needs_value"),
    (re.compile(r"argument (?P<option>.+?): invalid choice: (?P<value>.+) \(choose from (?P<choices>.*)\)", re.S),
     "server_arg_not_one_of"),
    (re.compile(r"argument (?P<option>.+?): invalid \S+ value: (?P<value>.+)", re.S), "server_arg_invalid"),
    (re.compile(r"argument (?P<option>.+?): (?P<problem>.+)", re.S), "bad_argument"),  # our types' own sentences
]


def _unquote(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def argument_problem(message: str) -> CommandError:
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message.strip())
        if found:
            params = found.groupdict()
            if "value" in params:
                params["value"] = _unquote(params["value"])
            if "choices" in params:
                params["choices"] = ", ".join(_unquote(c.strip()) for c in params["choices"].split(","))
            return CommandError(key, 2, **{k: " ".join(v.split()) for k, v in params.items()})
    return CommandError("server_arg_other", 2, problem=" ".join(message.split()))


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", value=text)) from None


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(say("server_not_a_port", value=text))
    return value


def shown_db(db: str) -> str:
    """--db as the administrator gave it, without a PostgreSQL password."""
    if "://" not in db:
        return db
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(db).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return db


def database_problem(exc: BaseException, db: str) -> CommandError:
    """The sentence for a database that cannot be opened or used."""
    import sqlalchemy as sa

    from inspector_desktop.server.db import DatabaseError

    shown = shown_db(db)
    if isinstance(exc, DatabaseError):
        if exc.__cause__ is None:  # migrate(): a schema from a newer version
            return CommandError("server_db_newer", path=shown)
        exc = exc.__cause__
    if isinstance(exc, (sa.exc.ArgumentError, ImportError)):  # no such dialect or driver
        return CommandError("server_bad_db_url", path=shown)
    if isinstance(exc, sa.exc.DBAPIError) and not isinstance(exc, sa.exc.OperationalError):
        return CommandError("server_not_a_database", path=shown)  # sqlite3: "file is not a database"
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return CommandError("server_db_unreachable", path=shown, reason=reason[0] if reason else type(exc).__name__)


def _sqlite_header(file: Path) -> bool:
    try:
        with file.open("rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # let SQLite's own refusal name the problem


def check_db(db: str, create: bool) -> None:
    """Refuse, before anything opens it, a ``--db`` that cannot be a server database:
    a folder, a file in a folder that does not exist, a file that is not SQLite's
    (SQLite itself would write its schema over a file of a few bytes), or, unless
    ``create``, a SQLite file that is not there or is empty."""
    import sqlalchemy as sa

    from inspector_desktop.server.db import normalise_url

    shown = shown_db(db)
    try:
        url = sa.engine.make_url(normalise_url(db))
    except (sa.exc.ArgumentError, ValueError):
        raise CommandError("server_bad_db_url", path=shown) from None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    file = Path(url.database)
    if file.is_dir():
        raise CommandError("server_db_folder", path=shown)
    if not file.parent.is_dir():
        raise CommandError("server_db_no_folder", path=shown)
    size = file.stat().st_size if file.exists() else 0
    if not create and size == 0:
        raise CommandError("server_no_database", path=shown)
    if size and not _sqlite_header(file):
        raise CommandError("server_not_a_database", path=shown)


def open_engine(db: str, create: bool) -> Any:
    """The database ``db`` names, migrated (``check_db`` first)."""
    import sqlalchemy as sa

    from inspector_desktop.server.db import DatabaseError, open_database

    check_db(db, create)
    try:
        return open_database(db)
    except (DatabaseError, sa.exc.SQLAlchemyError, ImportError) as exc:
        raise database_problem(exc, db) from None
