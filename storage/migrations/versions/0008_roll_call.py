"""roll call: who was really at a meeting (present, came late, left early, absent with or without forfall,
the deputy who stood in), and when the meeting was marked held

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roll_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('forfall', sa.Boolean(), nullable=False),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.Column('arrived_after_item', sa.Integer(), nullable=True),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('left_after_item', sa.Integer(), nullable=True),
    sa.Column('for_member_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id']),
    sa.ForeignKeyConstraint(['member_id'], ['members.id']),
    sa.ForeignKeyConstraint(['for_member_id'], ['members.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'member_id')
    )
    op.create_index('ix_roll_calls_meeting_id', 'roll_calls', ['meeting_id'], unique=False)
    op.add_column('meetings', sa.Column('held_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('meetings', 'held_at')
    op.drop_index('ix_roll_calls_meeting_id', table_name='roll_calls')
    op.drop_table('roll_calls')
