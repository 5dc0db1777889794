"""``inspector-server``: run the sync server and administer accounts, schools, assignments.

Every command takes ``--db URL`` (a SQLite file path or ``postgresql+psycopg://...``;
default: $INSPECTOR_SERVER_DB, else inspector-server.db in the current folder)
and migrates the database to the current schema before it does anything. Only
``migrate``, ``create-user`` and ``import-schools`` create a SQLite file that is
not there: the others act on what a database holds, and a mistyped path must not
leave an empty database behind. A command that cannot do what was asked says so
in one translated sentence and changes nothing (exit codes: wording/cli.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from inspector_desktop import __version__
from inspector_desktop.commands import Registry
from inspector_desktop.server import console, serving
from inspector_desktop.sync.protocol import Role
from inspector_desktop.wording.cli import CommandError, say, say_error

PROG = console.PROG
DEFAULT_DB = "inspector-server.db"
SERVER = Registry()
# The commands that make a SQLite file --db names when it is not there yet; the
# others only act on what a database holds, so a mistyped path is refused.
CREATING = {"serve", "migrate", "create-user", "import-schools"}
# Engines this run opened; main() closes them, and SQLite's WAL files with them.
_OPENED: list[Any] = []

def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=os.environ.get("INSPECTOR_SERVER_DB", DEFAULT_DB),
        metavar="URL",
        help="database: a SQLite file path, or postgresql+psycopg://user:pass@host/db "
        "(default: $INSPECTOR_SERVER_DB or ./inspector-server.db)",
    )


def _password_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input (for scripts)")


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        interactive = False
    if not interactive:
        # A piped password without --password-stdin: getpass would read it as the
        # first answer and fail at the second.
        raise CommandError("server_password_no_terminal")
    try:
        first = getpass.getpass(say("server_password_prompt"))
        again = getpass.getpass(say("server_password_again"))
    except EOFError:
        raise CommandError("server_password_not_given") from None
    if first != again:
        raise CommandError("server_passwords_differ")
    return first


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database --db names, migrated; made first only by the commands in CREATING."""
    engine = console.open_engine(args.db, create=args.command in CREATING)
    _OPENED.append(engine)
    return engine


# ---------------------------------------------------------------- commands


@SERVER.command("serve", "run the sync server", serving.serve_options)
def cmd_serve(args: argparse.Namespace) -> int:
    return serving.serve(args)


def _user_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("username")


def _create_options(p: argparse.ArgumentParser) -> None:
    _user_option(p)
    p.add_argument("--role", action="append", required=True, choices=[r.value for r in Role], help="repeat for several roles")
    p.add_argument("--name", help="display name, e.g. 王芳")
    p.add_argument("--code", help="inspector code used in form numbers (default: the username)")
    p.add_argument("--region", default="", help="region a lead oversees (empty: the whole province)")
    _password_options(p)


def _password_change_options(p: argparse.ArgumentParser) -> None:
    _user_option(p)
    _password_options(p)


def _disable_options(p: argparse.ArgumentParser) -> None:
    _user_option(p)
    p.add_argument("--enable", action="store_true", help="enable the account again instead")


def _key_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("key_id", help="the key id (SHA-256 hex of the public key)")


def _schools_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help=".csv or .xlsx with a header row: code, name, competent_department, district, address, school_type, is_large")


def _assign_options(p: argparse.ArgumentParser) -> None:
    _user_option(p)
    p.add_argument("school", nargs="+", help="school codes")
    p.add_argument("--since", type=console.date, default=dt.date.today(), help="YYYY-MM-DD (default today)")


@SERVER.command("migrate", "create or upgrade the database schema, then exit")
def cmd_migrate(args: argparse.Namespace) -> int:
    from inspector_desktop.server.db import current_revision

    engine = _engine(args)
    print(f"database schema at {current_revision(engine)}")
    return 0


@SERVER.command("create-user", "create an account with one or more roles", _create_options)
def cmd_create_user(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import AdminError, check_password, create_user

    roles = list(dict.fromkeys(Role(r) for r in args.role))
    if not args.username.strip():
        raise AdminError("server_user_needs_name_and_role")
    password = _read_password(args)
    check_password(password)  # before the database is opened, let alone made
    create_user(_engine(args), args.username, password, roles, args.name or args.username,
                args.code or args.username, args.region)
    print(say("server_user_created", username=args.username, roles=", ".join(roles)))
    return 0


@SERVER.command("list-users", "list accounts, their roles and state")
def cmd_list_users(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import list_users

    rows = list_users(_engine(args))
    print(f"{'username':<20} {'code':<10} {'roles':<24} {'region':<16} state")
    for u in rows:
        state = "disabled" if u.disabled else "active"
        print(f"{u.username:<20} {u.code:<10} {','.join(u.roles):<24} {u.region:<16} {state}")
    return 0


@SERVER.command("reset-password", "set a new password and sign out the user's sessions", _password_change_options)
def cmd_reset_password(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import reset_password

    reset_password(_engine(args), args.username, _read_password(args))
    print(f"password of {args.username} changed; their sessions were signed out")
    return 0


@SERVER.command("disable-user", "disable an account and revoke its tokens", _disable_options)
def cmd_disable_user(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import set_disabled

    set_disabled(_engine(args), args.username, not args.enable)
    print(f"{args.username} {'enabled' if args.enable else 'disabled and signed out'}")
    return 0


@SERVER.command("revoke-tokens", "sign a user out everywhere", _user_option)
def cmd_revoke_tokens(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import revoke_tokens

    n = revoke_tokens(_engine(args), args.username)
    print(f"revoked {n} tokens of {args.username}")
    return 0


@SERVER.command("revoke-key", "revoke a device signing key (a lost laptop)", _key_option)
def cmd_revoke_key(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import revoke_device_key

    revoke_device_key(_engine(args), args.key_id)
    print(f"device key {args.key_id} revoked")
    return 0


def _device_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("device", help="the device id (as the lead's list shows it), its signing key's id, or the user "
                                  "(when they have one device not yet reported lost)")


@SERVER.command("revoke-device", "report a laptop lost: its tokens die and it erases its workspace at its next contact",
                _device_option)
def cmd_revoke_device(args: argparse.Namespace) -> int:
    from inspector_desktop.server.devices import revoke_device

    done = revoke_device(_engine(args), args.device)
    d = done.device
    if not done.already:
        print(say("server_device_revoked", device=d.device_id, username=d.username, tokens=done.tokens))
    elif not d.erased_at:
        print(say("server_device_waiting", device=d.device_id, username=d.username, since=d.revoked_at[:16]))
    else:
        print(say("server_device_erased", device=d.device_id, username=d.username, when=d.erased_at[:16],
                  lost=d.lost_changes or 0))
    return 0


@SERVER.command("import-schools", "import or update schools from CSV or XLSX, all rows or none", _schools_option)
def cmd_import_schools(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import check_schools, write_schools

    schools = check_schools(args.file)  # the whole file, before the database is opened
    n = write_schools(_engine(args), schools)
    print(say("server_imported", count=n, path=str(args.file)))
    return 0


@SERVER.command("assign", "make an inspector responsible for schools (warns above 1:5)", _assign_options)
def cmd_assign(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import assign_schools

    warning = assign_schools(_engine(args), args.username, args.school, args.since)
    for code in dict.fromkeys(args.school):
        print(say("server_assigned", username=args.username, code=code))
    if warning:
        print(warning, file=sys.stderr)
    return 0


def _unassign_options(p: argparse.ArgumentParser) -> None:
    _user_option(p)
    p.add_argument("school", nargs="+", help="school codes")
    p.add_argument("--on", type=console.date, default=dt.date.today(), help="first day without the school, YYYY-MM-DD (default today)")


@SERVER.command("unassign", "end an inspector's responsibility for schools (all or none)", _unassign_options)
def cmd_unassign(args: argparse.Namespace) -> int:
    from inspector_desktop.server.admin import unassign_schools

    load = unassign_schools(_engine(args), args.username, args.school, args.on)
    for code in dict.fromkeys(args.school):
        print(say("server_unassigned", username=args.username, code=code))
    print(say("server_load", username=args.username, schools=load.schools))
    return 0


def _rules_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", required=True, help="the region, as the district of its schools and its users' region name it")
    p.add_argument("--rules", required=True, metavar="KEY", help="a shipped rule file, e.g. default.v1 or jiangxi.v1")
    p.add_argument("--decided-by", default="", help="who decided it, shown on the laptops (e.g. 张总督学)")
    p.add_argument("--on", type=dt.date.fromisoformat, default=dt.date.today(), help="date of the decision, YYYY-MM-DD (default today)")


@SERVER.command("set-rules", "set the rule file a region's laptops follow (reaches them at their next sync)", _rules_options)
def cmd_set_rules(args: argparse.Namespace) -> int:
    from inspector_desktop.server.region_rules import set_region_rules

    set_region_rules(_engine(args), args.region, args.rules, args.on, args.decided_by)
    print(say("server_rules_set", region=args.region, rules=args.rules))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = console.Parser(prog=PROG, description="Central sync server for inspectors' laptops, and its administration.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    SERVER.add_to(parser, common=_db_option, required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import sqlalchemy as sa

    from inspector_desktop.server.db import DatabaseError
    from inspector_desktop.server.door import Rejected
    from inspector_desktop.server.errors import ApiError

    args = build_parser().parse_args(argv)
    try:
        console.check_db(args.db, create=args.command in CREATING)
        return SERVER[args.command].run(args)
    except CommandError as exc:
        say_error(PROG, exc)
        return exc.exit_code
    except (ApiError, Rejected) as exc:  # the server's own rules refused the change
        say_error(PROG, exc)
        return 1
    except (DatabaseError, sa.exc.SQLAlchemyError) as exc:  # a database that failed after opening, or serve's
        say_error(PROG, console.database_problem(exc, args.db))
        return 2
    except OSError as exc:
        say_error(PROG, CommandError("server_os_problem", path=exc.filename or args.db, reason=exc.strerror or str(exc)))
        return 2
    except KeyboardInterrupt:
        say_error(PROG, CommandError("interrupted"))
        return 130
    finally:
        while _OPENED:
            _OPENED.pop().dispose()


if __name__ == "__main__":
    raise SystemExit(main())
