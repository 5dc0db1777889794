"""Languages, the CJK font, and the words for the domain's enums.

The domain speaks in enums and error codes; enums become words here, error
codes in ui/errors.py. Translations are Qt .qm files under resources/translations;
installing a translator sends LanguageChange to every widget, which re-translates itself.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector_desktop.paths import resources_dir
from inspector_desktop.wording.labels import CHAIN_LABELS, LABELS
from inspector_desktop.wording.records import KINDS

LANGUAGES = ("zh_CN", "en")
SETTINGS_KEY = "ui/language"  # "" follows the system
CJK_FONT = "wqy-microhei.ttc"



# The words live in wording/ (labels.py, records.py), where exports read them too, without Qt.
def label(value: Enum | None) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate("Labels", LABELS.get(value, str(value.value)))


def chain_label(value: object) -> str:
    """A re-inspection verdict or an escalation step in words; anything else as it is."""
    try:
        text = CHAIN_LABELS.get(value)  # type: ignore[call-overload]
    except TypeError:  # an unhashable value, e.g. a list in an error's parameters
        text = None
    return QCoreApplication.translate("ChainLabels", text) if text else str(value)


def record_kind(entity: str) -> str:
    """A synced record's kind in words; an unknown kind (from a newer server) as sent."""
    text = KINDS.get(entity)
    return QCoreApplication.translate("RecordKinds", text) if text else entity


# One date format per language (resources/translations/GLOSSARY.md): 2026年12月1日, 2026-12-01.
# Never the locale's short format: 2026/12/1 and 1/12/26 read differently to different people.
DATE_FORMATS = {"zh": "yyyy年M月d日", "en": "yyyy-MM-dd"}


def date_format() -> str:
    """The display format of dates, also for date pickers (QDateEdit.setDisplayFormat)."""
    return DATE_FORMATS["zh" if QLocale().language() == QLocale.Language.Chinese else "en"]


def format_date(day: dt.date | None) -> str:
    if day is None:
        return "—"
    return QDate(day.year, day.month, day.day).toString(date_format())


def format_datetime(at: dt.datetime | None) -> str:
    """A moment stored in UTC (naive), shown in the computer's time zone, to the minute."""
    if at is None:
        return "—"
    local = (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


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
