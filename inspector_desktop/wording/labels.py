"""The domain's enums in words, in English source form.

The window translates them through Qt (ui/i18n.py ``label``), exports and other
console work through the committed catalogue (``enum_word``): one word per
value, translated once, the same on screen and in a spreadsheet.
"""

from __future__ import annotations

from enum import Enum

from inspector_desktop.domain import (
    Category,
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    ResponseKind,
    Scope,
    Severity,
    SignatureRole,
    Stage,
    TeamRole,
    Verdict,
    VisitStatus,
)
from inspector_desktop.wording import QT_TRANSLATE_NOOP, translate

LABELS: dict[Enum, str] = {
    Scope.COMPREHENSIVE: QT_TRANSLATE_NOOP("Labels", "Comprehensive"),
    Scope.SPECIAL: QT_TRANSLATE_NOOP("Labels", "Special"),
    Stage.PROCESS: QT_TRANSLATE_NOOP("Labels", "Process"),
    Stage.RESULT: QT_TRANSLATE_NOOP("Labels", "Result"),
    Planning.ROUTINE: QT_TRANSLATE_NOOP("Labels", "Routine"),
    Planning.RANDOM: QT_TRANSLATE_NOOP("Labels", "Random"),
    Notice.ANNOUNCED: QT_TRANSLATE_NOOP("Labels", "Announced"),
    Notice.UNANNOUNCED: QT_TRANSLATE_NOOP("Labels", "Unannounced"),
    VisitStatus.PLANNED: QT_TRANSLATE_NOOP("Labels", "Planned"),
    VisitStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Labels", "In progress"),
    VisitStatus.COMPLETED: QT_TRANSLATE_NOOP("Labels", "Completed"),
    VisitStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    TeamRole.LEADER: QT_TRANSLATE_NOOP("Labels", "Team leader"),
    TeamRole.MEMBER: QT_TRANSLATE_NOOP("Labels", "Team member"),
    Severity.MINOR: QT_TRANSLATE_NOOP("Labels", "Minor"),
    Severity.MODERATE: QT_TRANSLATE_NOOP("Labels", "Moderate"),
    Severity.SERIOUS: QT_TRANSLATE_NOOP("Labels", "Serious"),
    Rating.NOT_ASSESSED: QT_TRANSLATE_NOOP("Labels", "Not assessed"),
    Rating.GOOD: QT_TRANSLATE_NOOP("Labels", "Good"),
    Rating.SATISFACTORY: QT_TRANSLATE_NOOP("Labels", "Satisfactory"),
    Rating.NEEDS_IMPROVEMENT: QT_TRANSLATE_NOOP("Labels", "Needs improvement"),
    Rating.UNSATISFACTORY: QT_TRANSLATE_NOOP("Labels", "Unsatisfactory"),
    Category.ADMINISTRATION: QT_TRANSLATE_NOOP("Labels", "Administration and rules"),
    Category.ENROLMENT_FEES: QT_TRANSLATE_NOOP("Labels", "Enrolment, fees and school choice"),
    Category.CURRICULUM_TEACHING: QT_TRANSLATE_NOOP("Labels", "Curriculum and teaching"),
    Category.STUDENT_WORKLOAD: QT_TRANSLATE_NOOP("Labels", "Learning, exercise and workload"),
    Category.TEACHER_ETHICS: QT_TRANSLATE_NOOP("Labels", "Teachers' ethics and development"),
    Category.SAFETY: QT_TRANSLATE_NOOP("Labels", "Safety on and around campus"),
    Category.HYGIENE: QT_TRANSLATE_NOOP("Labels", "Canteen, water and dormitory hygiene"),
    Category.ETHOS: QT_TRANSLATE_NOOP("Labels", "School, teaching and study ethos"),
    Category.OTHER: QT_TRANSLATE_NOOP("Labels", "Other"),
    FormStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "Draft"),
    FormStatus.SIGNED: QT_TRANSLATE_NOOP("Labels", "Signed"),
    FormStatus.ISSUED: QT_TRANSLATE_NOOP("Labels", "Issued"),
    RectificationStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "Open"),
    RectificationStatus.REPORTED: QT_TRANSLATE_NOOP("Labels", "Reported"),
    RectificationStatus.VERIFIED: QT_TRANSLATE_NOOP("Labels", "Verified"),
    RectificationStatus.OVERDUE: QT_TRANSLATE_NOOP("Labels", "Overdue"),
    RectificationStatus.ESCALATED: QT_TRANSLATE_NOOP("Labels", "Escalated"),
    SignatureRole.INSPECTOR: QT_TRANSLATE_NOOP("Labels", "Inspector"),
    SignatureRole.SCHOOL_REPRESENTATIVE: QT_TRANSLATE_NOOP("Labels", "School representative"),
    ResponseKind.ACKNOWLEDGEMENT: QT_TRANSLATE_NOOP("Labels", "Acknowledgement"),
    ResponseKind.OBJECTION: QT_TRANSLATE_NOOP("Labels", "Objection"),
}

# The accountability chain's words keep their own context, as they had in the chain dialogs.
CHAIN_LABELS: dict[Enum, str] = {
    Verdict.RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Rectified"),
    Verdict.PARTLY_RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Partly rectified"),
    Verdict.NOT_RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Not rectified"),
    EscalationKind.INTERVIEW: QT_TRANSLATE_NOOP("ChainLabels", "Interview"),
    EscalationKind.PUBLIC_NOTIFICATION: QT_TRANSLATE_NOOP("ChainLabels", "Public notification"),
    EscalationKind.ACCOUNTABILITY: QT_TRANSLATE_NOOP("ChainLabels", "Accountability"),
    EscalationKind.INCENTIVE: QT_TRANSLATE_NOOP("ChainLabels", "Incentive"),
}


def source_word(value: Enum) -> tuple[str, str] | None:
    """(context, English source) of an enum value's word, or None for a value without one."""
    try:
        if value in LABELS:
            return "Labels", LABELS[value]
        if value in CHAIN_LABELS:
            return "ChainLabels", CHAIN_LABELS[value]
    except TypeError:  # unhashable
        return None
    return None


def enum_word(value: Enum, lang: str) -> str:
    """An enum value in words without Qt, for exports and commands."""
    found = source_word(value)
    return translate(*found, lang) if found else str(value.value)
