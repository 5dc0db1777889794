"""the rule file each region follows, as synced from the office; a rectification
names its competent department

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Rectifications opened before this revision keep an empty department: the
requirement they belong to names it (``copied_to``). Filling it here would
change records on this laptop only, unlike every other copy of them.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('region_rules',
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('rules', sa.String(length=40), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('region')
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competent_department', sa.String(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_column('competent_department')
    op.drop_table('region_rules')
