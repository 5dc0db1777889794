"""a school's visits indexed by status and day, for the routine-visit cadence

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

Today, the Dashboard and the duty ledger ask, school by school, for the last
completed visit, the next planned one and this year's visit days. At 100 000
visits a school holds thousands of them; with this index each answer is a short
walk in the index instead of a read of every visit the school ever had
(``deleted`` rides along so those walks never touch the table).
"""

from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_visit_school_status_planned_on", "visit", ["school_id", "status", "planned_on", "deleted"])


def downgrade() -> None:
    op.drop_index("ix_visit_school_status_planned_on", table_name="visit")
