"""Opening the workspace from a console command: the passphrase or recovery key
asked for when needed, and the new recovery key printed once.

On a computer without a keyring the passphrase comes from
INSPECTOR_DESKTOP_PASSPHRASE (for scripts), else from a prompt when there is a
terminal; with neither, the command says so in one sentence and exits 2.
"""

from __future__ import annotations

import getpass
import sys

from inspector_desktop.paths import DataDir
from inspector_desktop.store import PassphraseNeeded, Workspace, WorkspaceKeyLostError, open_workspace
from inspector_desktop.wording.cli import CommandError, say


def _ask(key: str) -> str:
    return getpass.getpass(say(key))


def _new_passphrase() -> str:
    first = _ask("passphrase_new")
    if not first:
        raise CommandError("passphrase_empty", 2)
    if _ask("passphrase_again") != first:
        raise CommandError("passphrases_differ", 2)
    return first


def _percent(done: int, total: int) -> None:
    print("\r" + say("encrypting_progress", percent=done * 100 // max(total, 1)), end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)


def open_in_console(data_dir: DataDir) -> Workspace:
    passphrase = recovery = None
    while True:
        try:
            ws = open_workspace(data_dir, passphrase=passphrase, recovery_code=recovery, progress=_percent)
            break
        except PassphraseNeeded as exc:
            if passphrase is not None or not sys.stdin.isatty():
                raise CommandError("passphrase_needed", 2) from exc
            passphrase = _new_passphrase() if exc.new else _ask("passphrase_prompt")
        except WorkspaceKeyLostError as exc:
            if recovery is not None or not sys.stdin.isatty():
                raise CommandError("recovery_key_needed", 2) from exc
            recovery = _ask("recovery_key_prompt")
    if ws.recovery_code:
        # Shown once, now: the only way back in if the keyring (or the passphrase) is lost.
        print(say("recovery_key_made", code=ws.recovery_code), file=sys.stderr)
    return ws
