"""the search index's insert triggers no longer ask for the bulk flag

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

A large batch of pulled rows is now indexed together with the insert trigger
taken out of the way for the batch (``store.search.indexed_together``): even a
trigger that decides to do nothing cost a third of a first sync's inserts. The
flag ``search.bulk_indexing`` that made the trigger stand aside is no longer set,
so the question goes, and every local insert asks one question less.
"""

from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


SEARCHED = {"visit": ("purpose", "notes"), "finding": ("problem", "evidence", "diagnosis", "recommendation")}
BULK_FLAG = "search.bulk_indexing"


def _insert_trigger(table: str, cols: tuple[str, ...], with_flag: bool) -> None:
    flag = f"NOT EXISTS (SELECT 1 FROM setting WHERE key = '{BULK_FLAG}') AND " if with_flag else ""
    op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_ai")
    op.execute(
        f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} "
        f"WHEN {flag}NOT EXISTS (SELECT 1 FROM setting WHERE key = 'search.unindexed_from.{table}' "
        f"AND CAST(value AS INTEGER) <= new.rowid) BEGIN "
        f"INSERT INTO {table}_fts(rowid, {', '.join(cols)}) VALUES (new.rowid, {', '.join(f'new.{c}' for c in cols)}); END"
    )


def upgrade() -> None:
    for table, cols in SEARCHED.items():
        _insert_trigger(table, cols, with_flag=False)


def downgrade() -> None:
    for table, cols in SEARCHED.items():
        _insert_trigger(table, cols, with_flag=True)
