"""the search index may lag behind a first sync and catch up afterwards

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

A first sync fills an empty laptop with tens of thousands of findings; indexing
their text for search took as long as storing them. While the setting
``search.unindexed_from.<table>`` holds a rowid, the rows from that rowid up are
not in the index: the triggers leave them alone (inserts, updates and deletes
alike), search reads them directly, and ``store.search.catch_up`` indexes them a
slice at a time, moving the rowid up in the same transaction, until none is left
and the setting goes. Every other row is kept in the index by the triggers, as
before.
"""

from alembic import op


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


SEARCHED = {
    "visit_fts": ("visit", ("purpose", "notes")),
    "finding_fts": ("finding", ("problem", "evidence", "diagnosis", "recommendation")),
}
BULK_FLAG = "search.bulk_indexing"
UNINDEXED_FROM = "search.unindexed_from."


def _indexed(table: str, row: str) -> str:
    """SQL: whether the row ``row`` (new or old) of ``table`` belongs in the index."""
    return (f"NOT EXISTS (SELECT 1 FROM setting WHERE key = '{UNINDEXED_FROM}{table}' "
            f"AND CAST(value AS INTEGER) <= {row}.rowid)")


def _triggers(catching_up: bool) -> None:
    for fts, (table, cols) in SEARCHED.items():
        col_list = ", ".join(cols)
        new_vals = ", ".join(f"new.{c}" for c in cols)
        old_vals = ", ".join(f"old.{c}" for c in cols)
        new_ok = f" AND {_indexed(table, 'new')}" if catching_up else ""
        old_ok = f"WHEN {_indexed(table, 'old')} " if catching_up else ""
        when_new = f" WHERE {_indexed(table, 'new')}" if catching_up else ""
        when_old = f" WHERE {_indexed(table, 'old')}" if catching_up else ""
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = '{BULK_FLAG}'){new_ok} BEGIN "
            f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} {old_ok}BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {col_list}) VALUES ('delete', old.rowid, {old_vals}); END"
        )
        # An update keeps its rowid; each half still asks, so neither can go astray.
        op.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {col_list} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {col_list}) SELECT 'delete', old.rowid, {old_vals}{when_old}; "
            f"INSERT INTO {fts}(rowid, {col_list}) SELECT new.rowid, {new_vals}{when_new}; END"
        )


def upgrade() -> None:
    _triggers(catching_up=True)


def downgrade() -> None:
    # The older triggers know no lag: whatever still lags is indexed first.
    for fts, (table, cols) in SEARCHED.items():
        col_list = ", ".join(cols)
        op.execute(
            f"INSERT INTO {fts}(rowid, {col_list}) SELECT rowid, {col_list} FROM {table} WHERE rowid >= "
            f"(SELECT CAST(value AS INTEGER) FROM setting WHERE key = '{UNINDEXED_FROM}{table}')"
        )
        op.execute(f"DELETE FROM setting WHERE key = '{UNINDEXED_FROM}{table}'")
    _triggers(catching_up=False)
