"""Natural keys and aliases (one record per natural key), who made each version,
and the append-only change log per record.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 13:10:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("natural_key", sa.String(300), nullable=True))
        batch.add_column(sa.Column("changed_by", sa.String(36), nullable=True))
    op.create_table(
        "record_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_change")),
    )
    op.create_index(op.f("ix_record_change_record_id"), "record_change", ["record_id"])
    op.create_table(
        "record_alias",
        sa.Column("alias_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("alias_id", name=op.f("pk_record_alias")),
    )
    op.create_index(op.f("ix_record_alias_record_id"), "record_alias", ["record_id"])
    _backfill()
    with op.batch_alter_table("record") as batch:
        batch.create_unique_constraint(op.f("uq_record_natural_key"), ["natural_key"])


def _backfill() -> None:
    """Give existing records their keys. Where copies already collide, the oldest
    keeps the key; the others stay as they are (laptops set them aside)."""
    from inspector_desktop.sync import schema

    conn = op.get_bind()
    record = sa.table("record", sa.column("id"), sa.column("entity"), sa.column("version"), sa.column("fields"),
                      sa.column("natural_key"))
    taken: set[str] = set()
    keyed = [name for name, table in schema.TABLES.items() if table.natural_keys]
    rows = conn.execute(sa.select(record.c.id, record.c.entity, record.c.fields)
                        .where(record.c.entity.in_(keyed)).order_by(record.c.version)).all()
    for row in rows:
        key = schema.natural_key(row.entity, json.loads(row.fields), schema.TABLES[row.entity].natural_keys[0])
        if key is None or key in taken:
            continue
        taken.add(key)
        conn.execute(sa.update(record).where(record.c.id == row.id).values(natural_key=key))


def downgrade() -> None:
    op.drop_index(op.f("ix_record_change_record_id"), table_name="record_change")
    op.drop_table("record_change")
    with op.batch_alter_table("record") as batch:
        batch.drop_constraint(op.f("uq_record_natural_key"), type_="unique")
        batch.drop_column("changed_by")
        batch.drop_column("natural_key")
    op.drop_index(op.f("ix_record_alias_record_id"), table_name="record_alias")
    op.drop_table("record_alias")
