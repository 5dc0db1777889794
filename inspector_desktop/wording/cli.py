"""What the console commands say when they cannot do what was asked.

Every failure reaches the user as one translated sentence on stderr, naming the
user's own path where a path is at fault, never a message key or a traceback,
and exits with the code README documents:

- 0 done (``verify``: GENUINE);
- 1 done in part, or the answer is "no" (``verify``: ALTERED, the content was
  changed; ``sheet``: a form refused; ``sync``: stopped, run it again later);
- 2 a set-up problem: bad arguments, a missing or unusable file, no workspace
  at ``--data-dir`` (only ``demo`` and the window create one), no or wrong sync
  credentials;
- 3 the sync stopped and running it again will not help (the server's answers
  are not what this version understands);
- 4 ``verify``: UNKNOWN SIGNER, intact but signed with a device key the
  workspace does not know;
- 5 ``verify``: NOT A FEEDBACK SHEET, not a PDF or a PDF without a sheet's
  signed content;
- 70 a fault in the program itself (one line all the same; please report it).

A command raises ``CommandError(key, exit_code, **params)``; the entry points
(``cli.main``, ``server.cli.main``) print it with ``say_error``. Errors the core
raises with a code are worded by the one error catalogue (``wording/errors.py``).
"""

from __future__ import annotations

import errno
import sys
from typing import Any

from inspector_desktop.wording import QT_TRANSLATE_NOOP, translate
from inspector_desktop.wording import errors as catalogue

CONTEXT = "Commands"

MESSAGES: dict[str, str] = {
    "no_workspace": QT_TRANSLATE_NOOP(
        "Commands", "There is no workspace in {path}; check --data-dir (this command never creates one)."),
    "file_missing": QT_TRANSLATE_NOOP("Commands", "The file {path} does not exist."),
    "file_unreadable": QT_TRANSLATE_NOOP("Commands", "The file {path} cannot be read: {reason}."),
    "cannot_write": QT_TRANSLATE_NOOP("Commands", "Cannot write {path}: {reason}."),
    "disk_full": QT_TRANSLATE_NOOP("Commands", "The disk is full, so {path} was not written; nothing else changed."),
    "bad_argument": QT_TRANSLATE_NOOP("Commands", "{option}: {problem}"),
    "not_a_date": QT_TRANSLATE_NOOP("Commands", "“{value}” is not a date; write it as YYYY-MM-DD."),
    "not_a_whole_number": QT_TRANSLATE_NOOP("Commands", "“{value}” is not a whole number."),
    "at_least_one": QT_TRANSLATE_NOOP("Commands", "“{value}” must be at least 1."),
    "no_such_form": QT_TRANSLATE_NOOP("Commands", "This workspace has no feedback form {form}."),
    "no_such_visit": QT_TRANSLATE_NOOP("Commands", "This workspace has no visit {visit}."),
    "interrupted": QT_TRANSLATE_NOOP("Commands", "Stopped before finishing; nothing half-written was kept."),
    "cannot_use": QT_TRANSLATE_NOOP("Commands", "Cannot use {path}: {reason}."),
    "nul_in_path": QT_TRANSLATE_NOOP("Commands", "A file or folder name cannot hold a NUL character."),
    "no_credentials": QT_TRANSLATE_NOOP(
        "Commands", "Nobody is signed in to {server} from this workspace: log in once in the window, or set "
        "INSPECTOR_SYNC_USER and INSPECTOR_SYNC_PASSWORD, or INSPECTOR_SYNC_TOKEN."),
    "sync_stopped": QT_TRANSLATE_NOOP(
        "Commands", "Sync stopped. {reason} {pending} change(s) still wait to be sent; nothing on this laptop was lost."),
    "no_server": QT_TRANSLATE_NOOP(
        "Commands", "No sync server given (--server URL) and none logged in to before from this workspace."),
    "format_unknown": QT_TRANSLATE_NOOP(
        "Commands", "Cannot tell the format from {path}; say --format csv or --format xlsx."),
    # argparse's own refusals, worded again (its English is not translated); the
    # same sentences as inspector-server's, so they are translated once.
    "missing_options": QT_TRANSLATE_NOOP("Commands", "Missing {names}; see --help."),
    "not_a_choice": QT_TRANSLATE_NOOP("Commands", "{option}: “{value}” is not one of {choices}."),
    "not_understood": QT_TRANSLATE_NOOP(
        "Commands", "{arguments}: not an option or argument of this command; see --help."),
    "needs_value": QT_TRANSLATE_NOOP("Commands", "{option} needs a value; see --help."),
}

# Why a file could not be read or written, for the errors users meet most.
REASONS: dict[int, str] = {
    errno.ENOENT: QT_TRANSLATE_NOOP("Commands", "a folder on its way does not exist"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("Commands", "a part of the path is a file, not a folder"),
    errno.EEXIST: QT_TRANSLATE_NOOP("Commands", "a part of the path is a file, not a folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("Commands", "it is a folder"),
    errno.EACCES: QT_TRANSLATE_NOOP("Commands", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("Commands", "permission denied"),
    errno.EROFS: QT_TRANSLATE_NOOP("Commands", "the disk is read-only"),
    errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("Commands", "the name is too long"),
}


class CommandError(Exception):
    """A command cannot do what was asked: one sentence for the user, and an exit code."""

    def __init__(self, key: str, exit_code: int = 2, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.exit_code = exit_code
        self.params = params


def reason(exc: OSError, lang: str | None = None) -> str:
    """Why the system refused, in the user's language where the cause is a common one."""
    words = REASONS.get(exc.errno or 0)
    return translate(CONTEXT, words, lang) if words else (exc.strerror or str(exc))


def file_error(path: Any, exc: BaseException, key: str = "cannot_write") -> CommandError:
    """An OSError met on the user's file, as a sentence naming the path as they typed it
    (never a temporary file beside it)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return CommandError("disk_full", 2, path=path)
    if isinstance(exc, FileNotFoundError) and key == "file_unreadable":
        return CommandError("file_missing", 2, path=path)
    why = reason(exc) if isinstance(exc, OSError) else str(exc)
    return CommandError(key, 2, path=path, reason=why)


def say(key: str, lang: str | None = None, **params: Any) -> str:
    """The sentence for one message of this module, filled and translated."""
    return catalogue.fill(translate(CONTEXT, MESSAGES[key], lang), params)


def sentence(exc: BaseException, lang: str | None = None) -> str:
    """One line for any failure a command meets: its own message, or the error catalogue's."""
    if isinstance(exc, CommandError):
        return say(exc.key, lang, **exc.params)
    text = catalogue.error_text(exc, lambda source: translate(catalogue.CONTEXT, source, lang))
    return " ".join(text.split())  # one line, whatever the error's own text held


def say_error(program: str, exc: BaseException, stream: Any = None) -> None:
    print(f"{program}: {sentence(exc)}", file=stream or sys.stderr)

