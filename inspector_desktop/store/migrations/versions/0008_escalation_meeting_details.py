"""an escalation step says when and where its interview is held, who attends,
and whom a public notification or accountability recommendation goes to

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Steps recorded before this revision keep these empty; their documents say the
time and place are still to be arranged.
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('participants', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('notified_to', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_column('notified_to')
        batch_op.drop_column('participants')
        batch_op.drop_column('place')
        batch_op.drop_column('held_at')
