"""Languages, the CJK font, and the words for domain codes.

The domain speaks in enums and error codes; this is the one place they become
words. Translations are Qt .qm files under resources/translations; installing a
translator sends LanguageChange to every widget, which re-translates itself.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector_desktop.domain import (
    Category,
    DomainError,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    Scope,
    Severity,
    Stage,
    TeamRole,
    VisitStatus,
)
from inspector_desktop.paths import resources_dir

LANGUAGES = ("zh_CN", "en")
SETTINGS_KEY = "ui/language"  # "" follows the system
CJK_FONT = "wqy-microhei.ttc"

_LABELS: dict[Enum, str] = {
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
}

_ERRORS: dict[str, str] = {
    "visit.one_leader_required": QT_TRANSLATE_NOOP("Errors", "A visit team needs exactly one leader."),
    "visit.duplicate_team_member": QT_TRANSLATE_NOOP("Errors", "An inspector is on the team twice."),
    "visit.unknown_school": QT_TRANSLATE_NOOP("Errors", "Choose a school for the visit."),
    "visit.bad_transition": QT_TRANSLATE_NOOP("Errors", "The visit cannot move to that status from where it is."),
    "finding.problem_required": QT_TRANSLATE_NOOP("Errors", "Describe the problem before saving the finding."),
    "edit.record_missing": QT_TRANSLATE_NOOP("Errors", "The record no longer exists; it may have been removed."),
    "edit.bad_value": QT_TRANSLATE_NOOP("Errors", "That value is not valid here."),
    "edit.field_not_editable": QT_TRANSLATE_NOOP("Errors", "That field cannot be edited here."),
    "attachment.not_a_file": QT_TRANSLATE_NOOP("Errors", "Only files can be attached, not folders."),
    "attachment.one_owner_required": QT_TRANSLATE_NOOP("Errors", "Evidence must belong to one finding or checklist line."),
    "training.no_inspector": QT_TRANSLATE_NOOP("Errors", "Set up your inspector profile first."),
    "training.title_required": QT_TRANSLATE_NOOP("Errors", "Give the training a title."),
    "training.bad_minutes": QT_TRANSLATE_NOOP("Errors", "Training time must be more than zero and at most a day."),
    "profile.bad_name_or_code": QT_TRANSLATE_NOOP("Errors", "Enter your name and an inspector code without dashes."),
    "school.fields_required": QT_TRANSLATE_NOOP("Errors", "Code, name and competent department are required."),
    "school.duplicate_code": QT_TRANSLATE_NOOP("Errors", "Another school already has that code."),
    "form.locked": QT_TRANSLATE_NOOP("Errors", "This feedback form is signed and can no longer change."),
}


def label(value: Enum | None) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate("Labels", _LABELS.get(value, str(value.value)))


def error_text(exc: BaseException) -> str:
    """The inspector-facing words for a failure; unknown codes still show their code."""
    if isinstance(exc, DomainError):
        text = _ERRORS.get(exc.code)
        if text is not None:
            return QCoreApplication.translate("Errors", text)
        return QCoreApplication.translate("Errors", "The change was refused ({code}).").format(code=exc.code)
    return QCoreApplication.translate("Errors", "Something went wrong: {detail}").format(detail=str(exc))


def format_date(day: dt.date | None) -> str:
    if day is None:
        return "—"
    return QLocale().toString(day, QLocale.FormatType.ShortFormat)


# ---------------------------------------------------------------- language switching

_installed: list[QTranslator] = []


def chosen_language(settings: QSettings | None = None) -> str:
    """The override from Settings, or the system's language when there is none."""
    chosen = str((settings or QSettings()).value(SETTINGS_KEY, "") or "")
    if chosen in LANGUAGES:
        return chosen
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def apply_language(language: str) -> bool:
    """Install the translators for ``language``; every widget gets LanguageChange."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    # The locale first: widgets re-read it when the translators announce the change.
    QLocale.setDefault(QLocale(language))
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    ours = QTranslator(app)
    ok = ours.load(f"inspector_{language}", str(resources_dir() / "translations"))
    qt = QTranslator(app)
    # Qt's own strings (dialog buttons, context menus) in the same language.
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    if ok:
        app.installTranslator(ours)
        _installed.append(ours)
    return ok


_cjk_family: str | None = None


def load_cjk_font(app: QApplication) -> str | None:
    """Make Chinese render on machines without a CJK font: add the shipped one as a fallback."""
    global _cjk_family
    if _cjk_family is None:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / CJK_FONT))
        if font_id < 0:
            return None
        _cjk_family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(app.font())
    # Keep the system's Latin face and fall back to ours for glyphs it lacks.
    families = [f for f in font.families() if f != _cjk_family] + [_cjk_family]
    font.setFamilies(families)
    app.setFont(font)
    return _cjk_family
