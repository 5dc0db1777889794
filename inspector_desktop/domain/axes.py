"""The four independent axes every visit is classified on (the "four combinations")."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    COMPREHENSIVE = "comprehensive"  # 综合督导
    SPECIAL = "special"  # 专项督导


class Stage(StrEnum):
    PROCESS = "process"  # 过程性督导
    RESULT = "result"  # 结果性督导


class Planning(StrEnum):
    ROUTINE = "routine"  # 日常督导
    RANDOM = "random"  # 随机督导


class Notice(StrEnum):
    ANNOUNCED = "announced"  # 明察
    UNANNOUNCED = "unannounced"  # 暗访 ("four no, two direct")


def notice_letter_allowed(notice: Notice) -> bool:
    # An unannounced visit must never warn the school: no letter, anywhere.
    return notice is Notice.ANNOUNCED
