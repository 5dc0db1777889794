"""The shared schema of the synced tables (sync.schema) says what the laptop's
tables really hold: a column added on one side only fails here."""

from __future__ import annotations

import sqlalchemy as sa

from inspector_desktop.store.models import MODEL_BY_TABLE, Synced
from inspector_desktop.sync import schema

KIND = {sa.Boolean: "bool", sa.Date: "date", sa.DateTime: "datetime", sa.Integer: "int", sa.LargeBinary: "bytes",
        sa.JSON: "json"}


def _kind(column: sa.Column) -> str:
    if isinstance(column.type, sa.Enum):
        return "enum"
    if column.foreign_keys or column.name == "reinspection_of_form_id":
        return "ref"
    if column.name == "sha256":
        return "sha256"
    for sa_type, kind in KIND.items():
        if isinstance(column.type, sa_type):
            return kind
    return "text"


def _columns(entity: str) -> dict[str, sa.Column]:
    table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
    return {c.name: c for c in table.columns if c.name not in {"id", "deleted"} | Synced.SYNC_BOOKKEEPING}


def test_every_synced_table_and_column_is_in_the_schema_with_its_kind():
    assert set(schema.TABLES) == set(MODEL_BY_TABLE)
    for entity, table in schema.TABLES.items():
        columns = _columns(entity)
        assert set(table.fields) == set(columns), entity
        for name, column in columns.items():
            spec = table.fields[name]
            assert spec.kind == _kind(column), (entity, name)
            assert spec.nullable == column.nullable, (entity, name)
            assert spec.has_default or column.nullable or column.default is None, (entity, name)
            if isinstance(column.type, sa.String) and column.type.length and spec.kind == "text":
                assert spec.max_len == column.type.length, (entity, name)
            if isinstance(column.type, sa.Enum):
                assert spec.choices == set(column.type.enums), (entity, name)
            for fk in column.foreign_keys:
                assert spec.ref == fk.column.table.name, (entity, name)
            default = column.default
            if spec.has_default and default is not None and not default.is_callable:
                value = default.arg.value if hasattr(default.arg, "value") else default.arg
                if not isinstance(value, list | dict):
                    assert spec.default == value, (entity, name)


def test_natural_keys_are_the_laptops_unique_constraints():
    for entity, table in schema.TABLES.items():
        model_table = MODEL_BY_TABLE[entity].__table__  # type: ignore[attr-defined]
        unique = {tuple(c.name for c in con.columns) for con in model_table.constraints if isinstance(con, sa.UniqueConstraint)}
        unique |= {(c.name,) for c in model_table.columns if c.unique}
        assert set(table.natural_keys) == unique, entity
        # The server keeps one natural-key column per record.
        assert len(table.natural_keys) <= 1, entity


def test_hostile_values_are_refused_with_a_code_and_the_field():
    cases = [
        ("signature", "strokes", __import__("json").loads("[" * 300 + "]" * 300), "record.too_deep"),
        ("attachment", "size", 2**70, "record.out_of_range"),
        ("attachment", "size", -1, "record.out_of_range"),
        ("visit", "notes", "a\x00b", "record.bad_text"),
        ("visit", "notes", "\ud800", "record.bad_text"),
        ("visit", "notes", "x" * (schema.LONG_TEXT + 1), "record.too_large"),
        ("school", "name", "校" * 201, "record.too_large"),
        ("visit", "planned_on", "0001-01-01", "record.out_of_range"),
        ("visit", "started_at", "2026-12-01T10:00:00+08:00", "record.bad_value"),
        ("random_pick", "rule", {"n": float("nan")}, "record.out_of_range"),
        ("random_pick", "rule", {"n": 2**64}, "record.out_of_range"),
        ("finding", "indicator_id", "not-an-id", "record.bad_reference"),
        ("visit", "notice", "whispered", "record.bad_choice"),
        ("signature", "png", "!!!", "record.bad_value"),
    ]
    for entity, name, value, code in cases:
        try:
            schema.check_fields(entity, {name: value}, inserting=False)
        except schema.Invalid as bad:
            assert (bad.code, bad.field) == (code, name), (entity, name)
        else:
            raise AssertionError(f"{entity}.{name} accepted {str(value)[:40]!r}")


def test_ordinary_values_pass_and_come_back_the_same():
    fields = dict(visit_id="6396E022-0000-4000-8000-000000000001", indicator_id="6396e022-0000-4000-8000-000000000002",
                  rating="satisfactory", observation="食堂 留样 ok")
    out = schema.check_fields("indicator_result", fields, inserting=True)
    assert out["visit_id"] == fields["visit_id"].lower() and out["observation"] == fields["observation"]
