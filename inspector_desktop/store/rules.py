"""Which rule file this workspace follows (see ``domain/rules.py`` for the files).

The office decides it per region, on its server: a ``region_rules`` record, written
by a lead of that region (or by the administrator's ``inspector-server set-rules``),
reaches every laptop by sync. A laptop follows the record of its inspector's
region; without one, the file chosen on this laptop (a workspace that never
syncs); without that, the national default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from inspector_desktop.domain import DomainError
from inspector_desktop.domain.rules import DEFAULT_RULES, RuleSet, available_rules, load_rules, region_rules_id
from inspector_desktop.store.db import Workspace
from inspector_desktop.store.models import Inspector, RegionRules
from inspector_desktop.store.profile import current_inspector_id
from inspector_desktop.store.roles import require_lead, roles

RULES_SETTING = "rules"  # which rule file this workspace follows, e.g. "jiangxi.v1"


class RulesSource(StrEnum):
    REGION = "region"  # the office's decision for the inspector's region
    LOCAL = "local"  # chosen on this laptop
    DEFAULT = "default"  # the national default


def _current_region(s: Session, ws: Workspace) -> str:
    me = current_inspector_id(ws)
    inspector = s.get(Inspector, me) if me else None
    return inspector.region if inspector is not None else ""


def _region_record(s: Session, region: str) -> RegionRules | None:
    if not region:
        return None
    return s.scalar(sa.select(RegionRules).where(RegionRules.region == region, RegionRules.deleted.is_(False)))


@dataclass(frozen=True)
class _InForce:
    key: str
    source: RulesSource
    region: str
    record: tuple[dt.date, str] | None  # the region's decision: when, by whom


def _in_force(ws: Workspace) -> _InForce:
    with ws.read() as s:
        region = _current_region(s, ws)
        record = _region_record(s, region)
        if record is not None:
            return _InForce(record.rules, RulesSource.REGION, region, (record.decided_on, record.decided_by))
    local = ws.setting(RULES_SETTING)
    return _InForce(local or DEFAULT_RULES, RulesSource.LOCAL if local else RulesSource.DEFAULT, region, None)


def active_rules(ws: Workspace) -> RuleSet:
    """The rule file every deadline and warning window is computed from.

    A region's record naming a file this laptop does not ship is refused
    (RulesError) rather than replaced by another: deadlines from the wrong rules
    would end up on signed paper.
    """
    return load_rules(_in_force(ws).key)


def set_rules(ws: Workspace, name: str) -> RuleSet:
    """Follow another rule file on this laptop from now on; refused (and nothing
    saved) if it is bad. The region's rule file, once the office has set one, wins."""
    rules = load_rules(name)
    ws.set_setting(RULES_SETTING, rules.key)
    return rules


# ---------------------------------------------------------------- the office's choice


@dataclass(frozen=True)
class RulesOption:
    key: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class RulesChoice:
    """What the Settings page shows: the rules in force, where they come from, and
    what a lead of this region may choose."""

    active: RulesOption
    source: RulesSource
    region: str  # the signed-in inspector's region; empty before a profile or a first sync
    decided_on: dt.date | None  # of the region's record, if there is one
    decided_by: str
    may_choose: bool  # a lead of a region may set its rule file
    options: tuple[RulesOption, ...]


def _option(rules: RuleSet) -> RulesOption:
    return RulesOption(rules.key, rules.title_zh, rules.title_en)


def rules_choice(ws: Workspace) -> RulesChoice:
    now = _in_force(ws)
    decided_on, decided_by = now.record or (None, "")
    return RulesChoice(
        active=_option(load_rules(now.key)), source=now.source, region=now.region, decided_on=decided_on,
        decided_by=decided_by, may_choose=bool(now.region) and roles(ws).is_lead,
        options=tuple(_option(load_rules(k)) for k in available_rules()),
    )


def set_region_rules(ws: Workspace, name: str, decided_on: dt.date) -> str:
    """A lead sets the rule file of their own region; it reaches the region's
    laptops at their next sync. Returns the record's id.

    Refused on a laptop not signed in as a lead, and for a file this laptop does
    not ship: the server would refuse both, and the laptop must not follow a
    decision the office never took.
    """
    require_lead(ws, "rules.lead_only")
    rules = load_rules(name)
    with ws.write() as s:
        me = s.get(Inspector, current_inspector_id(ws) or "")
        if me is None or not me.region:
            raise DomainError("rules.no_region")
        record = _region_record(s, me.region) or s.get(RegionRules, region_rules_id(me.region))
        if record is None:
            record = RegionRules(id=region_rules_id(me.region), region=me.region)
            s.add(record)
        record.rules, record.decided_on, record.decided_by, record.deleted = rules.key, decided_on, me.name, False
        s.flush()
        return record.id
