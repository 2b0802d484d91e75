"""counters for numbers allocated under concurrency, and the audit log's hash chain

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counters',
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], ),
    sa.PrimaryKeyConstraint('council_id', 'name')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=False, server_default=''))
        batch_op.create_unique_constraint('uq_audit_log_council_id_seq', ['council_id', 'seq'])
    # Existing numbers go on from where they are: one counter per council and year of cases, one for meetings.
    op.execute(
        "INSERT INTO counters (council_id, name, value, head) "
        "SELECT council_id, 'case:' || CAST(year AS VARCHAR(4)), MAX(number), '' FROM cases GROUP BY council_id, year"
    )
    op.execute(
        "INSERT INTO counters (council_id, name, value, head) "
        "SELECT council_id, 'meeting', MAX(number), '' FROM meetings GROUP BY council_id"
    )


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_log_council_id_seq', type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
    op.drop_table('counters')
