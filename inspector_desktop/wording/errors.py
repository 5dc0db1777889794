"""The one catalogue from error code to the inspector's words, in English source form.

The core refuses with stable codes: ``DomainError`` from the domain and the
store, ``Rejected`` and ``ApiError`` from the server (a refused change comes
back as its code), ``schema.Invalid`` from the shared record schema. Errors
that carry no code (a workspace that cannot open, a sync that stopped, a
keyring that will not answer) are worded by their class. Every code the core
can raise has a message here; tests/ui/test_errors.py reads the source to check.

The window translates these through Qt (ui/errors.py), the console commands
through the same committed catalogue read without Qt (``wording.translate``);
so one sentence, translated once, reaches both. Messages may name an error's
parameters, ``{available}`` say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from inspector_desktop.wording import QT_TRANSLATE_NOOP

CONTEXT = "Errors"

_CODES: dict[str, str] = {
    # ------------------------------------------------------------ visits, findings, evidence
    "visit.one_leader_required": QT_TRANSLATE_NOOP("Errors", "A visit team needs exactly one leader."),
    "visit.duplicate_team_member": QT_TRANSLATE_NOOP("Errors", "An inspector is on the team twice."),
    "visit.unknown_school": QT_TRANSLATE_NOOP("Errors", "Choose a school for the visit."),
    "visit.bad_transition": QT_TRANSLATE_NOOP("Errors", "The visit cannot move to that status from where it is."),
    "visit.not_found": QT_TRANSLATE_NOOP("Errors", "The visit no longer exists."),
    "notice.unannounced_visit": QT_TRANSLATE_NOOP(
        "Errors", "An unannounced visit has no notice letter: the school is not told in advance."),
    "notice.cancelled_visit": QT_TRANSLATE_NOOP(
        "Errors", "This visit was cancelled: a notice letter would announce a visit that will not happen."),
    "notice.completed_visit": QT_TRANSLATE_NOOP(
        "Errors", "This visit is already completed: a notice letter announces a visit before it happens."),
    "notice.past_visit": QT_TRANSLATE_NOOP(
        "Errors", "This visit was planned for {planned_on}, which has passed: a notice letter cannot announce it now."),
    "finding.problem_required": QT_TRANSLATE_NOOP("Errors", "Describe the problem before saving the finding."),
    "finding.certified": QT_TRANSLATE_NOOP(
        "Errors", "Signed feedback form {number} certifies this finding, so it and its evidence can no longer "
        "change. Make an addendum to the form to correct it."),
    # The server's refusal of the same: it comes back per change, without the form's number.
    "finding.locked": QT_TRANSLATE_NOOP(
        "Errors", "A signed feedback form certifies this finding, so it and its evidence can no longer change. "
        "Make an addendum to the form to correct it."),
    "attachment.not_a_file": QT_TRANSLATE_NOOP("Errors", "Only files can be attached, not folders."),
    "attachment.one_owner_required": QT_TRANSLATE_NOOP("Errors", "Evidence must belong to one finding or checklist line."),
    # ------------------------------------------------------------ edits and the local store
    "edit.record_missing": QT_TRANSLATE_NOOP("Errors", "The record no longer exists; it may have been removed."),
    "edit.bad_value": QT_TRANSLATE_NOOP("Errors", "That value is not valid here."),
    "edit.field_not_editable": QT_TRANSLATE_NOOP("Errors", "That field cannot be edited here."),
    "store.hard_delete": QT_TRANSLATE_NOOP(
        "Errors", "Records are never deleted outright here; they are marked as removed so every copy learns of it."),
    "rules.invalid": QT_TRANSLATE_NOOP("Errors", "The rule file {file} is wrong at {field}: {problem}"),
    "rules.lead_only": QT_TRANSLATE_NOOP(
        "Errors", "Only a lead inspector signed in to the office's server sets the region's rule file."),
    "rules.no_region": QT_TRANSLATE_NOOP(
        "Errors", "Your account has no region, so there is no region's rule file to set here."),
    "region_rules.no_region": QT_TRANSLATE_NOOP("Errors", "A region's rule file needs the region's name."),
    "region_rules.unknown_rules": QT_TRANSLATE_NOOP(
        "Errors", "The server does not know that rule file; choose one of the rule files the app ships."),
    "region_rules.region_fixed": QT_TRANSLATE_NOOP(
        "Errors", "A region's rule file stays with its region; set the other region's rule file instead."),
    # ------------------------------------------------------------ checklist templates
    "template.lead_only": QT_TRANSLATE_NOOP(
        "Errors", "Only a lead inspector drafts, publishes or changes a checklist template: it reaches every laptop."),
    "template.published": QT_TRANSLATE_NOOP(
        "Errors", "Version {version} of this checklist template is published, so it can no longer change: visits were "
        "rated on it. Make a new version to change it."),
    "template.version_fixed": QT_TRANSLATE_NOOP(
        "Errors", "A checklist template version keeps its code and number; make a new version instead."),
    "template.title_required": QT_TRANSLATE_NOOP("Errors", "Give the checklist template a title."),
    "template.no_items": QT_TRANSLATE_NOOP("Errors", "A checklist template needs at least one item to be published."),
    "template.item_code_required": QT_TRANSLATE_NOOP(
        "Errors", "Every item needs a code: visits moved between versions are matched by it."),
    "template.duplicate_item_code": QT_TRANSLATE_NOOP("Errors", "Two items have the code “{code}”; each needs its own."),
    "template.negative_weight": QT_TRANSLATE_NOOP("Errors", "An item's weight cannot be below 0."),
    "template.weights_not_full": QT_TRANSLATE_NOOP(
        "Errors", "The weights total {total}; they must total {full} before the version is published."),
    "template.visit_signed": QT_TRANSLATE_NOOP(
        "Errors", "A signed feedback form certifies this visit, so its checklist stays on the version it was signed on."),
    "template.other_template": QT_TRANSLATE_NOOP(
        "Errors", "A visit moves only to another version of its own checklist template."),
    "template.same_version": QT_TRANSLATE_NOOP("Errors", "The visit is already on version {version}."),
    "template.not_published": QT_TRANSLATE_NOOP(
        "Errors", "Version {version} is still a draft; a visit moves only to a published version."),
    # ------------------------------------------------------------ the inspector, schools, training
    "profile.bad_name_or_code": QT_TRANSLATE_NOOP("Errors", "Enter your name and an inspector code without dashes."),
    "school.fields_required": QT_TRANSLATE_NOOP("Errors", "Code, name and competent department are required."),
    "school.duplicate_code": QT_TRANSLATE_NOOP("Errors", "Another school already has that code."),
    "school.no_region": QT_TRANSLATE_NOOP(
        "Errors", "A school needs its district: it decides which lead inspectors oversee the school."),
    "training.no_inspector": QT_TRANSLATE_NOOP("Errors", "Set up your inspector profile first."),
    "training.title_required": QT_TRANSLATE_NOOP("Errors", "Give the training a title."),
    "training.bad_minutes": QT_TRANSLATE_NOOP("Errors", "Training time must be more than zero and at most a day."),
    # ------------------------------------------------------------ feedback forms and signatures
    "form.locked": QT_TRANSLATE_NOOP(
        "Errors", "This form is signed and can no longer change. Make an addendum to correct it."),
    "form.signature_missing": QT_TRANSLATE_NOOP(
        "Errors", "Both the inspector and the school representative must sign first."),
    "form.no_issues_statement_required": QT_TRANSLATE_NOOP(
        "Errors", "This visit found no problems: write the no-issues statement before signing."),
    "form.no_inspector": QT_TRANSLATE_NOOP("Errors", "No inspector is set for this laptop or this visit."),
    "form.not_found": QT_TRANSLATE_NOOP("Errors", "The feedback form no longer exists."),
    "form.addendum_of_draft": QT_TRANSLATE_NOOP(
        "Errors", "A draft is corrected by editing it; an addendum is only for a signed form."),
    "form.bad_transition": QT_TRANSLATE_NOOP("Errors", "The feedback form cannot take that step from where it is."),
    "form.bad_number": QT_TRANSLATE_NOOP("Errors", "“{number}” is not a feedback form number."),
    "form.bad_sequence": QT_TRANSLATE_NOOP("Errors", "A feedback form's sequence number starts at 1."),
    "form.bad_inspector_code": QT_TRANSLATE_NOOP(
        "Errors", "The inspector code “{inspector_code}” cannot number a form: it must be set and have no dashes."),
    "form.not_sealed": QT_TRANSLATE_NOOP(
        "Errors", "Form {number} is marked as signed but its seal is missing, so its sheet cannot be printed."),
    "report.unknown_language": QT_TRANSLATE_NOOP("Errors", "A sheet cannot be printed in that language ({language})."),
    "requirement.incomplete": QT_TRANSLATE_NOOP("Errors", "Each requirement needs its text and a responsible party."),
    "signature.name_required": QT_TRANSLATE_NOOP("Errors", "Enter the name of each person who signs."),
    "signature.empty": QT_TRANSLATE_NOOP("Errors", "Each person must sign on the pad."),
    "signature.bad_strokes": QT_TRANSLATE_NOOP("Errors", "The signature could not be read; clear the pad and sign again."),
    # ------------------------------------------------------------ the school's response
    "response.form_not_signed": QT_TRANSLATE_NOOP(
        "Errors", "The form is not signed yet; the school answers a signed form."),
    "response.already_acknowledged": QT_TRANSLATE_NOOP("Errors", "The school has already acknowledged this form."),
    "response.objection_needs_reasons": QT_TRANSLATE_NOOP("Errors", "Write the school's reasons for objecting."),
    "response.objection_pending": QT_TRANSLATE_NOOP(
        "Errors", "An earlier objection to this form still awaits its reply."),
    "response.nothing_to_reply": QT_TRANSLATE_NOOP("Errors", "Only an objection is replied to."),
    "response.already_replied": QT_TRANSLATE_NOOP("Errors", "This objection has already been replied to."),
    "response.reply_needs_text": QT_TRANSLATE_NOOP("Errors", "Write the reply."),
    # ------------------------------------------------------------ rectification, re-inspection, escalation
    "rectification.report_needs_text": QT_TRANSLATE_NOOP("Errors", "Write what the school reports it has done."),
    "rectification.bad_transition": QT_TRANSLATE_NOOP(
        "Errors", "The rectification cannot take that step from where it is."),
    "rectification.form_not_signed": QT_TRANSLATE_NOOP(
        "Errors", "Form {form} is still a draft: rectifications start when it is signed."),
    "rectification.negative_days": QT_TRANSLATE_NOOP("Errors", "A rectification period cannot be negative."),
    "rectification.not_overdue": QT_TRANSLATE_NOOP(
        "Errors", "The rectification is not overdue: its deadline is {deadline}."),
    "reinspection.no_verdicts": QT_TRANSLATE_NOOP("Errors", "Choose a verdict."),
    "reinspection.not_on_form": QT_TRANSLATE_NOOP(
        "Errors", "That requirement is not on the form being re-inspected."),
    "reinspection.visit_not_linked": QT_TRANSLATE_NOOP(
        "Errors", "That visit is not the re-inspection of form {form}."),
    "escalation.out_of_order": QT_TRANSLATE_NOOP(
        "Errors", "Steps are taken in order: the next step is {expected}, not {kind}."),
    "escalation.too_early": QT_TRANSLATE_NOOP(
        "Errors", "The school still has time: the next step may be taken from {not_before}."),
    "escalation.not_due": QT_TRANSLATE_NOOP("Errors", "Only an overdue or escalated rectification can be escalated."),
    "escalation.ladder_exhausted": QT_TRANSLATE_NOOP("Errors", "Every escalation step has already been taken."),
    "escalation.incentive_not_a_step": QT_TRANSLATE_NOOP("Errors", "An incentive is not an escalation step."),
    "escalation.reason_required": QT_TRANSLATE_NOOP("Errors", "Give the reason for this decision."),
    "escalation.lead_required": QT_TRANSLATE_NOOP("Errors", "Name the lead who decided."),
    "escalation.interview_time_required": QT_TRANSLATE_NOOP(
        "Errors", "Give the date and time of the interview: the school's head must know when to come."),
    "escalation.interview_place_required": QT_TRANSLATE_NOOP(
        "Errors", "Give the place of the interview: the school's head must know where to come."),
    "escalation.interview_before_decision": QT_TRANSLATE_NOOP(
        "Errors", "The interview cannot be held before the day it was decided."),
    "escalation.notification_scope_required": QT_TRANSLATE_NOOP(
        "Errors", "Say whom the public notification goes to, e.g. the district's schools and the competent department."),
    "escalation.lead_only": QT_TRANSLATE_NOOP(
        "Errors", "Interviews, public notifications, accountability and incentives are the office's decisions: "
        "only a lead inspector signed in on this laptop records them."),
    "rectification.escalation_lead_only": QT_TRANSLATE_NOOP(
        "Errors", "Only a lead inspector may escalate a rectification; it was left as it was."),
    "incentive.not_verified": QT_TRANSLATE_NOOP(
        "Errors", "An incentive rewards a rectification verified at re-inspection."),
    "incentive.other_school": QT_TRANSLATE_NOOP("Errors", "That rectification belongs to another school."),
    "random_pick.bad_count": QT_TRANSLATE_NOOP("Errors", "Choose between 1 and {available} schools."),
    "random_pick.too_few_inspectors": QT_TRANSLATE_NOOP(
        "Errors", "Not enough inspectors: {needed} needed for a school, {available} may inspect it."),
    "random_pick.made_by_required": QT_TRANSLATE_NOOP("Errors", "Name the lead who makes the draw."),
    "random_pick.lead_only": QT_TRANSLATE_NOOP(
        "Errors", "A random pick is the office's decision: only a lead inspector signed in on this laptop makes one."),
    "random_pick.no_team": QT_TRANSLATE_NOOP(
        "Errors", "A picked school has no responsible inspector to send; draw inspectors for the schools too."),
    # ------------------------------------------------------------ export
    "export.too_many_rows_for_xlsx": QT_TRANSLATE_NOOP(
        "Errors", "Too many rows for one spreadsheet ({rows}); choose CSV."),
    "export.unknown_format": QT_TRANSLATE_NOOP("Errors", "That export format is not offered; choose CSV or XLSX."),
    "export.unknown_table": QT_TRANSLATE_NOOP("Errors", "That kind of record cannot be exported."),
    # ------------------------------------------------------------ records the server refused (shown per change)
    "rejected": QT_TRANSLATE_NOOP("Errors", "The server refused this change."),
    "record.not_found": QT_TRANSLATE_NOOP("Errors", "The record no longer exists; it may have been removed."),
    "record.deleted": QT_TRANSLATE_NOOP("Errors", "The record was removed on the server."),
    "record.forbidden": QT_TRANSLATE_NOOP("Errors", "Your account may not change this record."),
    "record.out_of_scope": QT_TRANSLATE_NOOP(
        "Errors", "After this change the record would be outside what you may see, so it was refused."),
    "record.parent_unknown": QT_TRANSLATE_NOOP(
        "Errors", "The record this change belongs to is not on the server, or not visible to you."),
    "record.bad_reference": QT_TRANSLATE_NOOP("Errors", "The change points to a record the server does not have."),
    "record.duplicate": QT_TRANSLATE_NOOP("Errors", "The server already has this record under another entry."),
    "record.unknown_entity": QT_TRANSLATE_NOOP("Errors", "The server does not keep this kind of record."),
    "record.unknown_field": QT_TRANSLATE_NOOP("Errors", "The server does not know one of the changed fields."),
    "record.missing_field": QT_TRANSLATE_NOOP("Errors", "A required field is empty."),
    "record.bad_value": QT_TRANSLATE_NOOP("Errors", "A value is not valid for its field."),
    "record.bad_choice": QT_TRANSLATE_NOOP("Errors", "A value is not one of the choices its field allows."),
    "record.bad_text": QT_TRANSLATE_NOOP("Errors", "A text holds characters that cannot be stored."),
    "record.out_of_range": QT_TRANSLATE_NOOP("Errors", "A number is outside the range its field allows."),
    "record.too_large": QT_TRANSLATE_NOOP("Errors", "A value is too large to store."),
    "record.too_deep": QT_TRANSLATE_NOOP("Errors", "A value is nested too deeply to store."),
    # Why a record from the server waits on this laptop (sync/set_aside.py).
    "sync.missing_reference": QT_TRANSLATE_NOOP(
        "Errors", "It points to a record that has not reached this laptop yet; it is applied once that arrives."),
    "sync.duplicate": QT_TRANSLATE_NOOP(
        "Errors", "This laptop already holds the same record under another entry; the office can merge them."),
    "sync.cannot_store": QT_TRANSLATE_NOOP(
        "Errors", "This laptop cannot store it; a newer version of the app may be needed."),
    "attachment.blob_unknown": QT_TRANSLATE_NOOP(
        "Errors", "The evidence file this change names is not on the server, or not yours to use."),
    "device_key.bad_key": QT_TRANSLATE_NOOP("Errors", "The server could not read this laptop's signing key."),
    "device_key.taken": QT_TRANSLATE_NOOP("Errors", "That signing key is already registered to another account."),
    "device_key.immutable": QT_TRANSLATE_NOOP("Errors", "A registered signing key cannot be changed."),
    # ------------------------------------------------------------ the server refusing a request
    "auth.invalid_credentials": QT_TRANSLATE_NOOP("Errors", "Wrong user name or password."),
    "auth.invalid_token": QT_TRANSLATE_NOOP("Errors", "The sign-in has expired or was revoked; log in again."),
    "auth.disabled": QT_TRANSLATE_NOOP("Errors", "This account is disabled; ask the office administrator."),
    "auth.throttled": QT_TRANSLATE_NOOP("Errors", "Too many failed sign-ins; wait a while before trying again."),
    "auth.forbidden": QT_TRANSLATE_NOOP("Errors", "This account may not do that."),
    "auth.lead_only": QT_TRANSLATE_NOOP("Errors", "Only a lead inspector may do that."),
    "auth.device_revoked": QT_TRANSLATE_NOOP(
        "Errors", "The office reported this laptop lost, so its workspace is being erased."),
    "device.lead_only": QT_TRANSLATE_NOOP("Errors", "Only a lead inspector may report a laptop lost."),
    "device.own": QT_TRANSLATE_NOOP(
        "Errors", "This is the laptop you are using; report it lost from another one."),
    "device.not_found": QT_TRANSLATE_NOOP("Errors", "No such laptop in your region; refresh the list."),
    "client.mismatch": QT_TRANSLATE_NOOP("Errors", "The sign-in belongs to another workspace; log in again."),
    "client.bound_to_other_user": QT_TRANSLATE_NOOP(
        "Errors", "This workspace belongs to another inspector's account; open your own workspace to sign in."),
    "blob.not_found": QT_TRANSLATE_NOOP("Errors", "The server does not have that evidence file, or it is not yours to see."),
    "blob.bad_range": QT_TRANSLATE_NOOP(
        "Errors", "An evidence upload did not fit the file's declared size; it will start again."),
    "blob.offset_mismatch": QT_TRANSLATE_NOOP(
        "Errors", "An evidence upload was out of step with the server; it will resume from the server's position."),
    "blob.length_changed": QT_TRANSLATE_NOOP(
        "Errors", "An evidence file changed size during its upload; it will be uploaded again."),
    "blob.digest_mismatch": QT_TRANSLATE_NOOP(
        "Errors", "An evidence file arrived damaged on the server; it will be uploaded again from the start."),
    "blob.chunk_too_large": QT_TRANSLATE_NOOP("Errors", "An evidence upload was sent in pieces too large for the server."),
    "request.invalid": QT_TRANSLATE_NOOP("Errors", "The server could not accept the request as sent."),
    "request.too_large": QT_TRANSLATE_NOOP("Errors", "The request was too large for the server."),
    "server.error": QT_TRANSLATE_NOOP("Errors", "The server failed; the request changed nothing there."),
    # ------------------------------------------------------------ the office's people and schools (server/office.py)
    "office.refused": QT_TRANSLATE_NOOP("Errors", "The server refused the office's request; nothing was changed."),
    "office.import_refused": QT_TRANSLATE_NOOP(
        "Errors", "Nothing was imported: the file has {count} problems, listed by row and column."),
    "office.import_too_large": QT_TRANSLATE_NOOP("Errors", "The file is larger than {mb} MB; split it into smaller files."),
    "office.school_elsewhere": QT_TRANSLATE_NOOP(
        "Errors", "row {row}, column {column}: the district “{district}” is not your region ({region})"),
    "office.not_yourself": QT_TRANSLATE_NOOP("Errors", "You cannot disable your own account."),
    "planning.lead_only": QT_TRANSLATE_NOOP("Errors", "Only a lead inspector plans the month's routine visits."),
    "inspector.not_found": QT_TRANSLATE_NOOP("Errors", "No such inspector in your region."),
    "school.not_found": QT_TRANSLATE_NOOP("Errors", "One of the schools is not in your region, or no longer exists."),
}

# Codes made of a fixed start and a runtime part: "http.502" is the HTTP status the server answered.
_FAMILIES: dict[str, str] = {
    "http.": QT_TRANSLATE_NOOP("Errors", "The server answered with HTTP error {rest}."),
}

# Errors without a code, by class name (the nearest class in the error's ancestry wins).
# {detail} is the error's own English text, for the case where it names a file or address.
_CLASSES: dict[str, str] = {
    "NewerDatabaseError": QT_TRANSLATE_NOOP(
        "Errors", "This workspace was written by a newer version of Inspector Desktop; install that version to open it. The file was left untouched."),
    "CorruptDatabaseError": QT_TRANSLATE_NOOP(
        "Errors", "The workspace file is damaged or is not a workspace. It was left untouched; restore a backup or choose another data folder."),
    "PassphraseNeeded": QT_TRANSLATE_NOOP(
        "Errors", "This computer has no system keyring to keep the workspace's key, so the workspace is locked "
        "with a passphrase: type it to open the workspace."),
    "WrongPassphraseError": QT_TRANSLATE_NOOP(
        "Errors", "That passphrase does not open this workspace. The files were left untouched; try again."),
    "WorkspaceKeyLostError": QT_TRANSLATE_NOOP(
        "Errors", "The system keyring no longer holds this workspace's key. Type the recovery key you were given "
        "when the workspace was created; the files were left untouched."),
    "WrongRecoveryKeyError": QT_TRANSLATE_NOOP(
        "Errors", "That is not this workspace's recovery key; check each group of five characters and try again. The files were left untouched."),
    "DemoError": QT_TRANSLATE_NOOP("Errors", "Demo data could not be created: {detail}"),
    "StoreError": QT_TRANSLATE_NOOP("Errors", "The workspace cannot be used: {detail}"),
    "NetworkError": QT_TRANSLATE_NOOP("Errors", "The server could not be reached; try again later."),
    "ProtocolError": QT_TRANSLATE_NOOP(
        "Errors", "The server's answer broke the sync protocol, so nothing was changed. ({detail})"),
    "AuthError": QT_TRANSLATE_NOOP("Errors", "The server refused the sign-in; log in again."),
    "DeviceRevoked": QT_TRANSLATE_NOOP(
        "Errors", "The office reported this laptop lost, so its workspace is being erased."),
    "ServerRefused": QT_TRANSLATE_NOOP("Errors", "The server refused the request ({code})."),
    "ImportRefused": QT_TRANSLATE_NOOP("Errors", "Nothing was imported: the file has problems, listed by row and column."),
    "SyncError": QT_TRANSLATE_NOOP("Errors", "Sync stopped: {detail}"),
    "CredentialsError": QT_TRANSLATE_NOOP("Errors", "The system keyring cannot be used: {detail}"),
}

_UNKNOWN_CODE = QT_TRANSLATE_NOOP("Errors", "The change was refused ({code}).")
_UNEXPECTED = QT_TRANSLATE_NOOP("Errors", "Something went wrong: {detail}")
# AuthError keeps the server's code only in its text, as "(auth.disabled)".
_CODE_IN_TEXT = re.compile(r"\(([a-z_]+\.[a-z_]+)\)")


def has_message(code: str) -> bool:
    return code in _CODES or any(code.startswith(start) for start in _FAMILIES)


def has_class_message(class_name: str) -> bool:
    return class_name in _CLASSES


def error_code(exc: BaseException) -> str | None:
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    if any(cls.__name__ == "AuthError" for cls in type(exc).__mro__):
        found = _CODE_IN_TEXT.search(str(exc))
        return found.group(1) if found else None
    return None


def fill(text: str, params: Mapping[str, Any], word: Callable[[Any], Any] = lambda v: v) -> str:
    words = {k: word(v) for k, v in params.items()}
    try:
        return text.format(**words)
    except (KeyError, IndexError, ValueError):
        return text  # a message naming a parameter the error did not carry still reads


Translate = Callable[[str], str]


def code_text(code: str, params: Mapping[str, Any] | None, tr: Translate, word: Callable[[Any], Any] = lambda v: v) -> str:
    """The words for one code, e.g. the reason the server gave for refusing a change."""
    params = dict(params or {})
    if code in _CODES:
        return fill(tr(_CODES[code]), params, word)
    for start, text in _FAMILIES.items():
        if code.startswith(start):
            return fill(tr(text), {**params, "rest": code[len(start):]}, word)
    return tr(_UNKNOWN_CODE).format(code=code)


def error_text(exc: BaseException, tr: Translate, word: Callable[[Any], Any] = lambda v: v) -> str:
    """The words for a failure; an unknown code still shows the code."""
    code = error_code(exc)
    if code is not None and has_message(code):
        return code_text(code, getattr(exc, "params", None), tr, word)
    for cls in type(exc).__mro__:
        if cls.__name__ in _CLASSES:
            return fill(tr(_CLASSES[cls.__name__]), {"detail": str(exc), "code": code or ""}, word)
    if code is not None:
        return code_text(code, None, tr, word)
    return tr(_UNEXPECTED).format(detail=str(exc))
