"""Languages, the CJK font, and the words for the domain's enums.

The domain speaks in enums and error codes; enums become words here, error
codes in ui/errors.py. Translations are Qt .qm files under resources/translations;
installing a translator sends LanguageChange to every widget, which re-translates itself.
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
    EscalationKind,
    FormStatus,
    Notice,
    Planning,
    Rating,
    RectificationStatus,
    Scope,
    Severity,
    Stage,
    TeamRole,
    Verdict,
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

# The accountability chain's words keep their own context, as they had in the chain dialogs.
_CHAIN_LABELS: dict[Enum, str] = {
    Verdict.RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Rectified"),
    Verdict.PARTLY_RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Partly rectified"),
    Verdict.NOT_RECTIFIED: QT_TRANSLATE_NOOP("ChainLabels", "Not rectified"),
    EscalationKind.INTERVIEW: QT_TRANSLATE_NOOP("ChainLabels", "Interview"),
    EscalationKind.PUBLIC_NOTIFICATION: QT_TRANSLATE_NOOP("ChainLabels", "Public notification"),
    EscalationKind.ACCOUNTABILITY: QT_TRANSLATE_NOOP("ChainLabels", "Accountability"),
    EscalationKind.INCENTIVE: QT_TRANSLATE_NOOP("ChainLabels", "Incentive"),
}


def label(value: Enum | None) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate("Labels", _LABELS.get(value, str(value.value)))


def chain_label(value: object) -> str:
    """A re-inspection verdict or an escalation step in words; anything else as it is."""
    try:
        text = _CHAIN_LABELS.get(value)  # type: ignore[call-overload]
    except TypeError:  # an unhashable value, e.g. a list in an error's parameters
        text = None
    return QCoreApplication.translate("ChainLabels", text) if text else str(value)


# The synced record kinds in the inspector's words, for the Sync page.
_RECORD_KINDS = {
    "inspector": QT_TRANSLATE_NOOP("RecordKinds", "Inspector"),
    "school": QT_TRANSLATE_NOOP("RecordKinds", "School"),
    "school_assignment": QT_TRANSLATE_NOOP("RecordKinds", "Responsibility for a school"),
    "checklist_template": QT_TRANSLATE_NOOP("RecordKinds", "Checklist"),
    "indicator": QT_TRANSLATE_NOOP("RecordKinds", "Checklist item"),
    "visit": QT_TRANSLATE_NOOP("RecordKinds", "Visit"),
    "visit_team_member": QT_TRANSLATE_NOOP("RecordKinds", "Visit team member"),
    "indicator_result": QT_TRANSLATE_NOOP("RecordKinds", "Checklist line"),
    "finding": QT_TRANSLATE_NOOP("RecordKinds", "Finding"),
    "attachment": QT_TRANSLATE_NOOP("RecordKinds", "Evidence file"),
    "feedback_form": QT_TRANSLATE_NOOP("RecordKinds", "Feedback form"),
    "requirement": QT_TRANSLATE_NOOP("RecordKinds", "Rectification requirement"),
    "signature": QT_TRANSLATE_NOOP("RecordKinds", "Signature"),
    "rectification": QT_TRANSLATE_NOOP("RecordKinds", "Rectification"),
    "reinspection": QT_TRANSLATE_NOOP("RecordKinds", "Re-inspection"),
    "escalation": QT_TRANSLATE_NOOP("RecordKinds", "Escalation step"),
    "school_response": QT_TRANSLATE_NOOP("RecordKinds", "School response"),
    "random_pick": QT_TRANSLATE_NOOP("RecordKinds", "Random pick"),
    "device_key": QT_TRANSLATE_NOOP("RecordKinds", "Device key"),
    "training_record": QT_TRANSLATE_NOOP("RecordKinds", "Training record"),
    "region_rules": QT_TRANSLATE_NOOP("RecordKinds", "Region's rule file"),
}


def record_kind(entity: str) -> str:
    """A synced record's kind in words; an unknown kind (from a newer server) as sent."""
    text = _RECORD_KINDS.get(entity)
    return QCoreApplication.translate("RecordKinds", text) if text else entity


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
