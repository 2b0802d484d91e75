"""meeting end: when a meeting ends, if the secretary typed a range (`kl 10-12`)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('meetings', sa.Column('ends_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy would drop the table the cases point at.
    op.drop_column('meetings', 'ends_at')
