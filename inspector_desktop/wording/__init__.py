"""Words for people, without Qt: the console commands speak zh_CN or English.

The window translates through Qt's .qm files. The commands (``inspector-desktop``
and ``inspector-server``) must not import Qt, so they read the same committed
catalogue, ``resources/translations/inspector_<lang>.ts``, with the standard
library: one sentence is written once, in English source form, and translated
once, for both. ``QT_TRANSLATE_NOOP`` marks a string for ``pyside6-lupdate``,
which reads this package along with ``ui/`` (see resources/translations/README.md).
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET

LANGUAGES = ("zh_CN", "en")
# Set to zh_CN or en to choose the commands' language whatever the locale says.
LANGUAGE_ENV = "INSPECTOR_DESKTOP_LANGUAGE"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    return text


def language() -> str:
    """zh_CN when the user's locale is Chinese, else English (POSIX order of precedence)."""
    chosen = os.environ.get(LANGUAGE_ENV, "")
    if chosen in LANGUAGES:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


@functools.cache
def _catalogue(lang: str) -> dict[tuple[str, str], str]:
    from inspector_desktop.paths import resources_dir

    out: dict[tuple[str, str], str] = {}
    try:
        root = ET.parse(resources_dir() / "translations" / f"inspector_{lang}.ts").getroot()
    except (OSError, ET.ParseError):
        return out  # an installation without its translations still speaks English
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            node = message.find("translation")
            if node is None or node.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            text = "".join(node.itertext()) if node.find("numerusform") is None else (node.findtext("numerusform") or "")
            if text.strip():
                out[(name, message.findtext("source") or "")] = text
    return out


def translate(context: str, text: str, lang: str | None = None) -> str:
    lang = lang or language()
    if lang == "en":
        return text
    return _catalogue(lang).get((context, text), text)
