"""chat places: where the bot may write unasked on a platform that needs a conversation reference (Teams)

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op



revision = '0006'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.String(length=400), nullable=False),
    sa.Column('user_id', sa.String(length=200), nullable=True),
    sa.Column('address', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'place_id')
    )
    op.create_index('ix_chat_places_user', 'chat_places', ['platform', 'user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_chat_places_user', table_name='chat_places')
    op.drop_table('chat_places')
