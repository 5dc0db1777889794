"""checklist templates are drafted and published by the office, with a rating
scale and item weights that make a visit's score

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

Templates held before this revision were shipped with the app: they are
published, keep the default scale ({}) and weigh their items evenly (weight 0).
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('draft', 'published', name='templatestatus', native_enum=False,
                                                        length=32), nullable=False, server_default='published'))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('published_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('scale', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weight', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('weight')
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.drop_column('scale')
        batch_op.drop_column('published_by')
        batch_op.drop_column('published_at')
        batch_op.drop_column('status')
