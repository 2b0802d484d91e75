"""e-mail: members' addresses, how each wants to be reached, refused addresses; meetings' calendar sequence;
deputies called in one at a time (a call passed over when unanswered)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite takes it as it is): a batch would rebuild `meetings` and `members`, whose
    # DROP the foreign keys that point at them refuse.
    op.add_column('members', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('members', sa.Column('reach', sa.String(length=10), nullable=False, server_default=''))
    op.add_column('members', sa.Column('email_refused_at', sa.DateTime(), nullable=True))
    op.add_column('meetings', sa.Column('sequence', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('deputy_calls', sa.Column('passed_over_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 and later), for the same reason: no table is rebuilt.
    op.drop_column('deputy_calls', 'passed_over_at')
    op.drop_column('meetings', 'sequence')
    op.drop_column('members', 'email_refused_at')
    op.drop_column('members', 'reach')
    op.drop_column('members', 'email')
