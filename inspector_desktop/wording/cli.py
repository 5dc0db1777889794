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
    "device_revoked_erasing": QT_TRANSLATE_NOOP(
        "Commands", "The office reported this laptop lost: the workspace in {path} is being erased. Changes not yet sent, "
        "now lost: {pending}."),
    "device_erased": QT_TRANSLATE_NOOP(
        "Commands", "The workspace in {path} was erased because the office reported this laptop lost. Changes not yet "
        "sent, lost with it: {pending}."),
    "no_server": QT_TRANSLATE_NOOP(
        "Commands", "No sync server given (--server URL) and none logged in to before from this workspace."),
    "format_unknown": QT_TRANSLATE_NOOP(
        "Commands", "Cannot tell the format from {path}; say --format csv or --format xlsx."),
    "passphrase_needed": QT_TRANSLATE_NOOP(
        "Commands", "This computer has no system keyring, so the workspace is locked with a passphrase: set "
        "INSPECTOR_DESKTOP_PASSPHRASE, or run the command in a terminal to type it. Nothing was changed."),
    "recovery_key_needed": QT_TRANSLATE_NOOP(
        "Commands", "The system keyring no longer holds this workspace's key: run the command in a terminal to "
        "type the recovery key, or open the window. Nothing was changed."),
    "passphrase_prompt": QT_TRANSLATE_NOOP("Commands", "Workspace passphrase: "),
    "passphrase_new": QT_TRANSLATE_NOOP("Commands", "Choose a passphrase for the new workspace: "),
    "passphrase_again": QT_TRANSLATE_NOOP("Commands", "Type it again: "),
    "passphrase_empty": QT_TRANSLATE_NOOP("Commands", "No passphrase was given; nothing was changed."),
    "passphrases_differ": QT_TRANSLATE_NOOP("Commands", "The two passphrases differ; nothing was changed."),
    "recovery_key_prompt": QT_TRANSLATE_NOOP("Commands", "Recovery key (8 groups of 5): "),
    "recovery_key_made": QT_TRANSLATE_NOOP(
        "Commands", "The workspace is encrypted. Its recovery key, shown only this once (write it down and keep "
        "it apart from the laptop; it opens the workspace if the keyring or passphrase is lost):\n  {code}"),
    "encrypting_progress": QT_TRANSLATE_NOOP("Commands", "Encrypting the workspace: {percent}%"),
    # argparse's own refusals, worded again (its English is not translated); the
    # same sentences as inspector-server's, so they are translated once.
    "missing_options": QT_TRANSLATE_NOOP("Commands", "Missing {names}; see --help."),
    "not_a_choice": QT_TRANSLATE_NOOP("Commands", "{option}: “{value}” is not one of {choices}."),
    "not_understood": QT_TRANSLATE_NOOP(
        "Commands", "{arguments}: not an option or argument of this command; see --help."),
    "needs_value": QT_TRANSLATE_NOOP("Commands", "{option} needs a value; see --help."),
    # report: the office's 督导报告 and 通报
    "report_bad_period": QT_TRANSLATE_NOOP(
        "Commands", "“{period}” is not a period; write a year (2026), a term (2026-S1, 2026-S2) or a month (2026-09)."),
    "report_school_needed": QT_TRANSLATE_NOOP("Commands", "A school's report needs the school: add --school CODE."),
    "report_no_such_school": QT_TRANSLATE_NOOP("Commands", "This workspace has no school with the code {school}."),
    "report_format_unknown": QT_TRANSLATE_NOOP(
        "Commands", "Cannot tell the format from {path}; name a .pdf or an .xlsx file."),
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


# ------------------------------------------------ inspector-server: the office's console
MESSAGES.update({
    "list_separator": QT_TRANSLATE_NOOP("Commands", "; "),
    "server_arg_unknown": QT_TRANSLATE_NOOP(
        "Commands", "{arguments}: not an option or argument of this command; see --help."),
    "server_arg_missing": QT_TRANSLATE_NOOP("Commands", "Missing {names}; see --help."),
    "server_arg_needs_value": QT_TRANSLATE_NOOP("Commands", "{option} needs a value; see --help."),
    "server_arg_not_one_of": QT_TRANSLATE_NOOP("Commands", "{option}: “{value}” is not one of {choices}."),
    "server_arg_invalid": QT_TRANSLATE_NOOP("Commands", "{option}: “{value}” is not a valid value; see --help."),
    "server_arg_other": QT_TRANSLATE_NOOP("Commands", "The command line is not understood ({problem}); see --help."),
    "server_not_a_port": QT_TRANSLATE_NOOP("Commands", "“{value}” is not a port number (0 to 65535)."),
    "server_no_database": QT_TRANSLATE_NOOP(
        "Commands", "There is no server database at {path}; check --db, or create one with the migrate command."),
    "server_db_folder": QT_TRANSLATE_NOOP(
        "Commands", "{path} is a folder; --db needs a database file or a postgresql+psycopg:// address."),
    "server_db_no_folder": QT_TRANSLATE_NOOP(
        "Commands", "The folder of {path} does not exist; check --db."),
    "server_not_a_database": QT_TRANSLATE_NOOP(
        "Commands", "{path} is not a server database, or it is damaged; it was left untouched. Check --db."),
    "server_db_unreachable": QT_TRANSLATE_NOOP(
        "Commands", "The server database {path} cannot be opened ({reason}); check --db."),
    "server_db_newer": QT_TRANSLATE_NOOP(
        "Commands", "The server database {path} was written by a newer version; install that version to use it. Nothing was changed."),
    "server_bad_db_url": QT_TRANSLATE_NOOP(
        "Commands", "--db {path} is neither a file nor a database address like postgresql+psycopg://user:password@host/db."),
    "server_os_problem": QT_TRANSLATE_NOOP("Commands", "{path}: {reason}."),
    "server_password_prompt": QT_TRANSLATE_NOOP("Commands", "New password: "),
    "server_password_again": QT_TRANSLATE_NOOP("Commands", "Again: "),
    "server_password_no_terminal": QT_TRANSLATE_NOOP(
        "Commands", "There is no terminal to ask for the password; pipe it in with --password-stdin. Nothing was changed."),
    "server_password_not_given": QT_TRANSLATE_NOOP("Commands", "No password was given; nothing was changed."),
    "server_passwords_differ": QT_TRANSLATE_NOOP("Commands", "The two passwords differ; nothing was changed."),
    "server_password_too_short": QT_TRANSLATE_NOOP(
        "Commands", "A password needs at least {length} characters; nothing was changed."),
    "server_user_needs_name_and_role": QT_TRANSLATE_NOOP(
        "Commands", "A user needs a username and at least one role; nothing was changed."),
    "server_user_taken": QT_TRANSLATE_NOOP(
        "Commands", "The username {username} or the code {code} is already taken; nothing was changed."),
    "server_user_created": QT_TRANSLATE_NOOP("Commands", "Created {username} ({roles})."),
    "server_no_such_user": QT_TRANSLATE_NOOP("Commands", "There is no user {username}; list-users shows them all."),
    "server_no_such_key": QT_TRANSLATE_NOOP("Commands", "There is no active device key {key_id}."),
    "server_no_such_device": QT_TRANSLATE_NOOP(
        "Commands", "There is no device {device}: give a device id, a signing key's id or a username. Nothing was changed."),
    "server_user_no_devices": QT_TRANSLATE_NOOP(
        "Commands", "{username} has no device that is not already reported lost; nothing was changed."),
    "server_user_many_devices": QT_TRANSLATE_NOOP(
        "Commands", "{username} has {count} devices ({devices}); name the lost one by its id. Nothing was changed."),
    "server_device_revoked": QT_TRANSLATE_NOOP(
        "Commands", "Device {device} of {username} is reported lost; sign-in tokens revoked: {tokens}. Its other "
        "devices keep working. At its next contact the laptop erases its workspace; run this command again then to "
        "see how many unsent changes were lost. Its signing key stays valid (revoke-key withdraws it)."),
    "server_device_waiting": QT_TRANSLATE_NOOP(
        "Commands", "Device {device} of {username} was reported lost on {since} and has not reached the server "
        "since, so it has not erased its workspace yet."),
    "server_device_erased": QT_TRANSLATE_NOOP(
        "Commands", "Device {device} of {username} learnt on {when} that it was reported lost and erased its "
        "workspace. Changes it had not sent, now lost: {lost}."),
    "server_not_an_inspector": QT_TRANSLATE_NOOP(
        "Commands", "{username} is not an inspector, so no school was assigned."),
    "server_unknown_schools": QT_TRANSLATE_NOOP(
        "Commands", "No school has the code {codes}; nothing was assigned. Import the schools first."),
    "server_assigned": QT_TRANSLATE_NOOP("Commands", "{username} is responsible for school {code}."),
    "server_unassigned": QT_TRANSLATE_NOOP("Commands", "{username} is no longer responsible for school {code}."),
    "server_load": QT_TRANSLATE_NOOP("Commands", "{username} is now responsible for {schools} schools."),
    "server_not_responsible": QT_TRANSLATE_NOOP(
        "Commands", "{username} is not responsible for these schools: {codes}; nothing was changed."),
    "server_over_ratio": QT_TRANSLATE_NOOP(
        "Commands", "Warning: {username} is now responsible for {schools} schools ({large} large), {percent}% of the 1:5 guideline."),
    "server_region_needed": QT_TRANSLATE_NOOP(
        "Commands", "A region is needed: the district of its schools, or a lead's region."),
    "server_no_such_rules": QT_TRANSLATE_NOOP("Commands", "There is no rule file {rules}; the rule files are: {known}."),
    "server_rules_set": QT_TRANSLATE_NOOP("Commands", "The laptops of region {region} follow {rules} from their next sync."),
    "server_import_wrong_kind": QT_TRANSLATE_NOOP("Commands", "{path}: schools are imported from .csv or .xlsx files."),
    "server_path_is_folder": QT_TRANSLATE_NOOP("Commands", "{path} is a folder, not a file."),
    "server_import_not_utf8": QT_TRANSLATE_NOOP(
        "Commands", "{path} is not UTF-8 text; save the sheet as “CSV UTF-8” and import again. Nothing was imported."),
    "server_import_not_xlsx": QT_TRANSLATE_NOOP(
        "Commands", "{path} is not a readable .xlsx workbook (damaged, or another kind of file renamed); nothing was imported."),
    "server_import_empty": QT_TRANSLATE_NOOP("Commands", "{path} is empty; nothing was imported."),
    "server_import_no_columns": QT_TRANSLATE_NOOP(
        "Commands", "{path}, row 1: the header lacks {missing} (the columns are {columns}); nothing was imported."),
    "server_import_refused": QT_TRANSLATE_NOOP("Commands", "Nothing was imported from {path}: {problems}."),
    "server_import_refused_more": QT_TRANSLATE_NOOP(
        "Commands", "Nothing was imported from {path}: {problems}; and {more} more."),
    "server_cell_empty": QT_TRANSLATE_NOOP("Commands", "row {row}, column {column}: empty"),
    "server_cell_not_yes_no": QT_TRANSLATE_NOOP("Commands", "row {row}, column {column}: “{value}” is neither yes nor no"),
    "server_cell_not_school_type": QT_TRANSLATE_NOOP(
        "Commands", "row {row}, column {column}: “{value}” is not a school type"),
    "server_cell_code_repeats": QT_TRANSLATE_NOOP("Commands", "row {row}, column {column}: {code} repeats row {first}"),
    "server_school_types": QT_TRANSLATE_NOOP("Commands", "a school type is one of {types}"),
    "server_imported": QT_TRANSLATE_NOOP("Commands", "Imported {count} schools from {path}."),
})


class CommandError(Exception):
    """A command cannot do what was asked: one sentence for the user, and an exit code."""

    def __init__(self, key: str, exit_code: int = 2, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.exit_code = exit_code
        self.params = params


class Phrase:
    """Part of a sentence given as a parameter (one problem of several, say), worded
    in the language of the sentence that holds it."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
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

    def word(value: Any) -> Any:
        if isinstance(value, Phrase):
            return say(value.key, lang, **value.params)
        if isinstance(value, list) and all(isinstance(v, Phrase) for v in value):
            return translate(CONTEXT, MESSAGES["list_separator"], lang).join(word(v) for v in value)
        return value

    return catalogue.fill(translate(CONTEXT, MESSAGES[key], lang), params, word)


def sentence(exc: BaseException, lang: str | None = None) -> str:
    """One line for any failure a command meets: its own message, or the error catalogue's."""
    if isinstance(exc, CommandError):
        # A value the user typed may hold a line break; the sentence stays one line.
        return " ".join(say(exc.key, lang, **exc.params).splitlines())
    text = catalogue.error_text(exc, lambda source: translate(catalogue.CONTEXT, source, lang))
    return " ".join(text.split())  # one line, whatever the error's own text held


def say_error(program: str, exc: BaseException, stream: Any = None) -> None:
    print(f"{program}: {sentence(exc)}", file=stream or sys.stderr)

