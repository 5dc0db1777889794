"""Rule files: the shipped ones load, a province overrides only what differs,
and every kind of mistake is refused naming the file and the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from inspector_desktop.domain import EscalationKind, Severity
from inspector_desktop.domain.rectification import DayCount
from inspector_desktop.domain.rules import RulesError, available_rules, load_rules, rules_dir

SHIPPED = rules_dir()


def test_shipped_files_all_load():
    names = available_rules()
    assert {"default.v1", "jiangxi.v1"} <= set(names)
    for name in names:
        assert load_rules(name).key == name


def test_default_rules_values():
    rules = load_rules()
    assert rules.day_count is DayCount.CALENDAR and rules.roll_weekend
    assert rules.rectification_days == {Severity.MINOR: 30, Severity.MODERATE: 20, Severity.SERIOUS: 10}
    assert rules.routine_every_months == 1
    assert rules.skippable == frozenset()


def test_province_overrides_only_what_it_names():
    base, prov = load_rules("default.v1"), load_rules("jiangxi.v1")
    assert prov.day_count is DayCount.WORKING
    assert prov.rectification_days[Severity.SERIOUS] == 7
    # Inherited field by field from the file it extends.
    assert prov.rectification_days[Severity.MINOR] == base.rectification_days[Severity.MINOR]
    assert prov.partly_rectified_days == base.partly_rectified_days
    assert prov.skippable == {EscalationKind.INTERVIEW}


def test_calendar_deadline_on_a_weekend_rolls_to_monday_when_the_rules_say_so(tmp_path):
    rules = load_rules()
    # 2026-11-07 + 30 days = Monday 2026-12-07; 2026-11-05 + 30 = Saturday 2026-12-05.
    assert rules.deadline(dt.date(2026, 11, 5), 30) == dt.date(2026, 12, 7)
    _write(tmp_path, "strict.v1", {"extends": "default.v1", "days": {"roll_weekend": False}}, copy_default=True)
    strict = load_rules("strict.v1", tmp_path)
    assert strict.deadline(dt.date(2026, 11, 5), 30) == dt.date(2026, 12, 5)


def test_working_day_rules_count_working_days():
    prov = load_rules("jiangxi.v1")
    # Friday 2026-11-20 + 7 serious working days -> Tuesday 2026-12-01.
    assert prov.rectification_deadline(dt.date(2026, 11, 20), Severity.SERIOUS) == dt.date(2026, 12, 1)
    assert prov.reply_deadline(dt.date(2026, 11, 20)) == dt.date(2026, 12, 4)


def _write(folder: Path, name: str, body: dict, copy_default: bool = False) -> Path:
    if copy_default:
        (folder / "default.v1.json").write_text((SHIPPED / "default.v1.json").read_text("utf-8"), "utf-8")
    ident, version = name.split(".v")
    body = {"format": "inspector-desktop/rules", "id": ident, "version": int(version), **body}
    path = folder / f"{name}.json"
    path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"rectification_days": {"serious": "ten"}}, "rectification_days.serious", "whole number"),
        ({"rectification_days": {"serious": True}}, "rectification_days.serious", "whole number"),
        ({"rectification_days": {"serious": -1}}, "rectification_days.serious", "between 0"),
        ({"rectification_days": {"urgent": 3}}, "rectification_days.urgent", "unknown field"),
        ({"days": {"count": "lunar"}}, "days.count", "one of"),
        ({"days": "calendar"}, "days", "must be an object"),
        ({"escalation": {"skippable": ["dinner"]}}, "escalation.skippable", "list drawn from"),
        ({"escalation": {"skippable": ["interview", "public_notification", "accountability"]}},
         "escalation.skippable", "cannot be skipped"),
        ({"routine_visits": {"every_months": 0}}, "routine_visits.every_months", "between 1 and 12"),
        ({"title_zh": 5}, "title_zh", "must be a str"),
    ],
)
def test_bad_fields_are_refused_naming_file_and_field(tmp_path, body, field, words):
    _write(tmp_path, "prov.v2", {"extends": "default.v1", **body}, copy_default=True)
    with pytest.raises(RulesError) as err:
        load_rules("prov.v2", tmp_path)
    assert err.value.code == "rules.invalid"
    assert err.value.file == "prov.v2.json"
    assert err.value.field == field
    assert words in str(err.value) and "prov.v2.json" in str(err.value)


def test_a_missing_field_names_the_field(tmp_path):
    _write(tmp_path, "thin.v1", {"title_zh": "x", "title_en": "x"})
    with pytest.raises(RulesError) as err:
        load_rules("thin.v1", tmp_path)
    assert err.value.field == "days.count" and "missing" in err.value.problem


def test_file_level_mistakes(tmp_path):
    (tmp_path / "broken.v1.json").write_text("{not json", "utf-8")
    with pytest.raises(RulesError, match="not valid JSON"):
        load_rules("broken.v1", tmp_path)
    with pytest.raises(RulesError, match="no such rule file"):
        load_rules("absent.v1", tmp_path)
    with pytest.raises(RulesError, match="file name"):
        load_rules("NoVersion", tmp_path)
    _write(tmp_path, "a.v1", {"extends": "b.v1"})
    _write(tmp_path, "b.v1", {"extends": "a.v1"})
    with pytest.raises(RulesError, match="circular"):
        load_rules("a.v1", tmp_path)
    path = _write(tmp_path, "renamed.v3", {"extends": "default.v1"}, copy_default=True)
    data = json.loads(path.read_text("utf-8"))
    data["version"] = 2
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(RulesError) as err:
        load_rules("renamed.v3", tmp_path)
    assert err.value.field == "id"
