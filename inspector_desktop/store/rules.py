"""Which rule file this workspace follows (see ``domain/rules.py`` for the files)."""

from __future__ import annotations

from inspector_desktop.domain.rules import DEFAULT_RULES, RuleSet, load_rules
from inspector_desktop.store.db import Workspace

RULES_SETTING = "rules"  # which rule file this workspace follows, e.g. "jiangxi.v1"


def active_rules(ws: Workspace) -> RuleSet:
    return load_rules(ws.setting(RULES_SETTING) or DEFAULT_RULES)


def set_rules(ws: Workspace, name: str) -> RuleSet:
    """Follow another rule file from now on; refused (and nothing saved) if it is bad."""
    rules = load_rules(name)
    ws.set_setting(RULES_SETTING, rules.key)
    return rules
