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
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('reach', sa.String(length=10), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('email_refused_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('deputy_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passed_over_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('deputy_calls', schema=None) as batch_op:
        batch_op.drop_column('passed_over_at')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('sequence')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('email_refused_at')
        batch_op.drop_column('reach')
        batch_op.drop_column('email')
