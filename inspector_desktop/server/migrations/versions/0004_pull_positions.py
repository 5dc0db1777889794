"""Pull positions: each change gets a place in pull order beside its version, so
on PostgreSQL pushes no longer wait for one another to take versions; and an
index for the visits an inspector drafted, which every inspector's scope asks for.

Every change stored so far keeps its version as its position, so a laptop's
cursor means what it meant. On PostgreSQL versions come from a sequence that
continues the counter, and new positions start above the counter's value
(server/versions.py); on SQLite the counter goes on as before.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("record", "conflict")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("pos", sa.BigInteger(), nullable=True))
        op.execute(f"UPDATE {table} SET pos = version")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("pos", existing_type=sa.BigInteger(), nullable=False)
            batch.create_unique_constraint(op.f(f"uq_{table}_pos"), ["pos"])
    # Every inspector's scope asks for the visits they drafted: without it, a scan of all records.
    op.create_index("ix_record_entity_created_by", "record", ["entity", "created_by"])
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        last = conn.execute(sa.text("SELECT value FROM change_counter WHERE id = 1")).scalar_one()
        op.execute(f"CREATE SEQUENCE record_version AS bigint START WITH {int(last) + 1}")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        # Back to one counter: it continues above every version handed out and
        # every cursor a laptop holds, so nothing new hides below one.
        op.execute("UPDATE change_counter SET value = GREATEST(value, (SELECT last_value FROM record_version),"
                   " (SELECT COALESCE(MAX(pos), 0) FROM record), (SELECT COALESCE(MAX(pos), 0) FROM conflict))")
        op.execute("DROP SEQUENCE record_version")
    op.drop_index("ix_record_entity_created_by", "record")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_pos"), type_="unique")
            batch.drop_column("pos")
