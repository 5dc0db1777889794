"""The translations hold to resources/translations/GLOSSARY.md: one word per concept
in Chinese, and English counts with real plurals, never "(s)"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"

# (variant, why) — each a regular expression over a zh_CN translation.
FORBIDDEN_ZH = [
    (r"反馈单|反馈表", "the feedback form is 督导意见书"),
    (r"补充说明|补充更正单", "an addendum is a 补充督导意见书"),
    (r"(?<!督导)意见书", "意见书 alone: say 督导意见书"),
    (r"回复", "a reply to an objection is 答复, the school's response 回应"),
    (r"小时", "training time is counted in 学时"),
    (r"代码", "a record's number is 编号"),
    (r"封存", "discreet mode hides (隐藏); sealed is the signed form's seal"),
]


def _messages(name: str):
    root = ET.parse(TRANSLATIONS / name).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def _texts(message: ET.Element) -> list[str]:
    node = message.find("translation")
    forms = node.findall("numerusform")
    return [f.text or "" for f in forms] if forms else ["".join(node.itertext())]


@pytest.mark.parametrize("variant, why", FORBIDDEN_ZH)
def test_chinese_uses_one_word_per_concept(variant, why):
    found = [
        (context, message.findtext("source"), text)
        for context, message in _messages("inspector_zh_CN.ts")
        for text in _texts(message)
        if re.search(variant, text)
    ]
    assert found == [], f"{why}: {found[:5]}"


# Console commands translate without Qt (wording.translate), which has no plural forms yet.
KNOWN = {("Commands", "Sync stopped. {reason} {pending} change(s) still wait to be sent; nothing on this laptop was lost.")}


def test_english_counts_use_plural_forms_not_parenthesised_s():
    bad = []
    for context, message in _messages("inspector_en.ts"):
        source = message.findtext("source") or ""
        if "(s)" not in source or (context, source) in KNOWN:
            continue
        forms = _texts(message)
        if "%n" not in source or message.get("numerus") != "yes" or len(forms) != 2 or any("(s)" in f or not f for f in forms):
            bad.append((context, source))
    assert bad == [], f'say "%n thing(s)" with tr(text, "", n) and give both plural forms in inspector_en.ts: {bad}'


def test_the_glossary_names_the_words_this_test_forbids():
    glossary = (TRANSLATIONS / "GLOSSARY.md").read_text(encoding="utf-8")
    for word in ("督导意见书", "答复", "学时", "编号", "2026年12月1日", "2026-12-01", "%n"):
        assert word in glossary
