"""Headless sync: ``inspector-desktop sync --data-dir D --server URL``.

Credentials, first found wins: INSPECTOR_SYNC_TOKEN (an access token, kept
nowhere); INSPECTOR_SYNC_USER with INSPECTOR_SYNC_PASSWORD (a login whose
token goes to the keyring, or this run's memory); else the token stored by an
earlier login on this laptop. Exit codes: 0 synced (records the laptop could
not apply yet are set aside and said so: a rerun retries them, nothing waits);
1 stopped where running again later can help (the server unreachable or busy);
2 set-up: no workspace at --data-dir (sync never creates one: a workspace is
begun in the window), no server, no credentials, or credentials the server
refuses (wrong password, sign-in expired or revoked, account disabled), all of
which the user fixes before a rerun; 3 stopped where running again cannot help
(the server's answers are not what this version understands: tell the office).
Nothing local is lost in any case but one: a laptop the office reported lost
erases its workspace, says so and how many changes were not sent, and exits 2.
"""

from __future__ import annotations

import argparse
import os
import sys

from inspector_desktop.commands import command, open_workspace_for
from inspector_desktop.wording.cli import CommandError, say, sentence

TOKEN_ENV = "INSPECTOR_SYNC_TOKEN"
USER_ENV = "INSPECTOR_SYNC_USER"
PASSWORD_ENV = "INSPECTOR_SYNC_PASSWORD"


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", metavar="URL", help="sync server address (default: the one last logged in to)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")


@command("sync", "push this laptop's changes to the sync server, then pull the server's", _configure)
def cmd_sync(args: argparse.Namespace) -> int:
    from inspector_desktop.credentials import CredentialsError
    from inspector_desktop.sync import account
    from inspector_desktop.sync.transport import AuthError, DeviceRevoked, SyncError

    with open_workspace_for(args) as ws:
        server = args.server or ws.setting(account.SERVER_URL)
        if not server:
            raise CommandError("no_server", 2)
        last_stage = [""]

        def progress(stage: str, done: int, total: int) -> None:
            if not args.quiet and stage != last_stage[0]:
                last_stage[0] = stage
                print(f"  {stage}…", file=sys.stderr, flush=True)

        try:
            if os.environ.get(TOKEN_ENV):
                engine = account.engine_with_token(ws, server, os.environ[TOKEN_ENV])
            else:
                if os.environ.get(USER_ENV) and os.environ.get(PASSWORD_ENV):
                    account.login(ws, server, os.environ[USER_ENV], os.environ[PASSWORD_ENV])
                try:
                    engine = account.engine_for(ws, server)
                except AuthError as exc:  # nobody signed in: nothing was asked of the server
                    raise CommandError("no_credentials", 2, server=server) from exc
            report = engine.sync(progress)
        except DeviceRevoked as exc:  # no way around it: the workspace is erased
            from inspector_desktop.sync.revoked import erase_this_laptop

            print(say("device_revoked_erasing", path=str(ws.data_dir.root), pending=exc.pending), file=sys.stderr, flush=True)
            erase_this_laptop(ws)
            raise CommandError("device_erased", 2, path=str(ws.data_dir.root), pending=exc.pending) from exc
        except (SyncError, CredentialsError) as exc:
            raise CommandError("sync_stopped", exit_code(exc), reason=sentence(exc),
                               pending=account.pending_count(ws)) from exc
        print(f"synced with {server}: {report.summary()}")
        if report.rejected:
            print(f"  {report.rejected} change(s) were refused by the server; see the Sync page for the reasons")
        if report.conflicts:
            print(f"  {report.conflicts} conflict(s) to look at on the Sync page")
        if report.set_aside:
            print(f"  {report.set_aside} record(s) from the server could not be applied yet and were set aside; "
                  "they are retried on every sync (see the Sync page)")
        return 0


def exit_code(exc: Exception) -> int:
    """1 when a rerun later may get further, 2 when the user must fix the set-up
    first (credentials, the keyring), 3 when neither will help."""
    from inspector_desktop.credentials import CredentialsError
    from inspector_desktop.sync.transport import AuthError

    if rerun_may_help(exc):
        return 1
    return 2 if isinstance(exc, (AuthError, CredentialsError)) else 3


def rerun_may_help(exc: Exception) -> bool:
    """Whether running the same sync again later could get further."""
    from inspector_desktop.sync.transport import NetworkError, ServerRefused

    if isinstance(exc, NetworkError):
        return True
    return isinstance(exc, ServerRefused) and (exc.status >= 500 or exc.status == 429)
