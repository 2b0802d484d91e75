"""every agenda item's decision, each version kept (who recorded it, when), and the items added under
eventuelt in the meeting (issue 18 point 2)

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-02 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('extra_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id']),
    sa.ForeignKeyConstraint(['added_by_id'], ['members.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('meeting_id', 'title')
    )
    op.create_index('ix_extra_items_meeting_id', 'extra_items', ['meeting_id'], unique=False)
    op.create_table('item_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id']),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['members.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_item_decisions_meeting_id', 'item_decisions', ['meeting_id'], unique=False)
    op.create_index('ix_item_decisions_case_id', 'item_decisions', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_item_decisions_case_id', table_name='item_decisions')
    op.drop_index('ix_item_decisions_meeting_id', table_name='item_decisions')
    op.drop_table('item_decisions')
    op.drop_index('ix_extra_items_meeting_id', table_name='extra_items')
    op.drop_table('extra_items')
