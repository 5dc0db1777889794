"""Feedback form (督导意见书) lifecycle: draft → signed → issued.

Once signed, a form is frozen: its content digest must match on every copy, so
a correction is never an edit but an addendum, a new form linked to the original.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from inspector_desktop.domain.errors import DomainError
from inspector_desktop.domain.lifecycle import Lifecycle


class FormStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    ISSUED = "issued"


FORM_LIFECYCLE: Lifecycle[FormStatus] = Lifecycle(
    "form",
    {FormStatus.DRAFT: {FormStatus.SIGNED}, FormStatus.SIGNED: {FormStatus.ISSUED}},
)


class SignatureRole(StrEnum):
    INSPECTOR = "inspector"
    SCHOOL_REPRESENTATIVE = "school_representative"


REQUIRED_SIGNATURES = frozenset(SignatureRole)
# What a form, and every document printed for a school, may be written in.
LANGUAGES = ("zh_CN", "en")


class ResponseKind(StrEnum):
    """How the school answers an issued form."""

    ACKNOWLEDGEMENT = "acknowledgement"  # 确认
    OBJECTION = "objection"  # 异议

# The only field that may still change on a signed form: the move to issued.
FIELDS_MUTABLE_AFTER_SIGNING = frozenset({"status", "issued_at"})


def is_locked(status: FormStatus) -> bool:
    return status is not FormStatus.DRAFT


def ensure_editable(status: FormStatus) -> None:
    if is_locked(status):
        raise DomainError("form.locked", status=str(status))


def ensure_signable(
    status: FormStatus,
    signature_roles: Collection[SignatureRole],
    finding_count: int,
    no_issues_statement: str,
) -> None:
    """Both parties must have signed, and an empty form must say so explicitly."""
    FORM_LIFECYCLE.check(status, FormStatus.SIGNED)
    missing = REQUIRED_SIGNATURES - set(signature_roles)
    if missing:
        raise DomainError("form.signature_missing", missing=sorted(str(m) for m in missing))
    if finding_count == 0 and not no_issues_statement.strip():
        raise DomainError("form.no_issues_statement_required")


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise DomainError("report.unknown_language", language=language)
    return language


def form_number(inspector_code: str, year: int, sequence: int) -> str:
    """A form number that is unique offline: inspector codes are unique, and each
    inspector numbers their own forms within a year."""
    if sequence < 1:
        raise DomainError("form.bad_sequence", sequence=sequence)
    if not inspector_code or "-" in inspector_code:
        raise DomainError("form.bad_inspector_code", inspector_code=inspector_code)
    return f"{inspector_code}-{year:04d}-{sequence:04d}"


def parse_form_number(number: str) -> tuple[str, int, int]:
    try:
        code, year, seq = number.split("-")
        return code, int(year), int(seq)
    except ValueError:
        raise DomainError("form.bad_number", number=number) from None
