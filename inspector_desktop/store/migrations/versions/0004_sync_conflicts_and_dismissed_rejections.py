"""sync conflicts and dismissed rejections; bulk search indexing for first syncs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

The search index's insert triggers gain a WHEN clause: while the setting
``search.bulk_indexing`` exists (only ever inside the sync engine's own
transaction, never committed), inserted rows are not indexed one by one; the
engine indexes the whole page in one statement before it commits. Trigram
indexing row by row was most of the time of a large first sync.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


SEARCHED = {
    "visit_fts": ("visit", ("purpose", "notes")),
    "finding_fts": ("finding", ("problem", "evidence", "diagnosis", "recommendation")),
}
BULK_FLAG = "search.bulk_indexing"


def _insert_triggers(bulk_aware: bool) -> None:
    for fts, (table, cols) in SEARCHED.items():
        col_list = ", ".join(cols)
        new_vals = ", ".join(f"new.{c}" for c in cols)
        when = f"WHEN NOT EXISTS (SELECT 1 FROM setting WHERE key = '{BULK_FLAG}') " if bulk_aware else ""
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_ai")
        op.execute(
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} {when}BEGIN "
            f"INSERT INTO {fts}(rowid, {col_list}) VALUES (new.rowid, {new_vals}); END"
        )


def upgrade() -> None:
    _insert_triggers(bulk_aware=True)
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('server_id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('mine', sa.JSON(), nullable=True),
    sa.Column('theirs', sa.JSON(), nullable=True),
    sa.Column('mine_lost', sa.Boolean(), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('server_id')
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_entity_id'), ['entity_id'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dismissed_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    _insert_triggers(bulk_aware=False)
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('dismissed_at')

    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflict_entity_id'))

    op.drop_table('sync_conflict')
