"""What the console commands say when they cannot do what was asked.

Every failure reaches the user as one translated sentence on stderr, naming the
user's own path where a path is at fault, never a message key or a traceback,
and exits with the code README documents:

- 0 done;
- 1 done in part, or the answer is "no" (a sheet ALTERED, a sync to run again);
- 2 a set-up problem: bad arguments, a missing or unusable file or workspace;
- 3 the sync stopped and running it again will not help;
- 4 and 5 are ``verify``'s own verdicts (see README).

A command raises ``CommandError(key, exit_code, **params)``; the entry points
(``cli.main``, ``server.cli.main``) print it with ``say_error``. Errors the core
raises with a code are worded by the one error catalogue (``wording/errors.py``).
"""

from __future__ import annotations

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
}


class CommandError(Exception):
    """A command cannot do what was asked: one sentence for the user, and an exit code."""

    def __init__(self, key: str, exit_code: int = 2, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.exit_code = exit_code
        self.params = params


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

