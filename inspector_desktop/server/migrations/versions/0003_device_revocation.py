"""A laptop (a client) the office reports lost: when, by whom, and what its last
contact told (when it learnt it and erased itself, how many changes were lost);
when each laptop last signed in, so a lead can tell them apart.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_by", sa.String(100), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("lost_changes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("client") as batch:
        for name in ("lost_changes", "erased_at", "revoked_by", "revoked_at", "last_seen_at"):
            batch.drop_column(name)
