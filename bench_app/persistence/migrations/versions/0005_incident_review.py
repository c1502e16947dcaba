"""incident review: who acknowledged an incident and when, who resolved it; incidents by time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

A supervisor works through the incidents (witness mismatches, overrides, refused
witnesses, voided codes): open, acknowledged, resolved with a resolution text. The
resolution and its time had columns already; acknowledging and the resolver did not.
The list is read by date, so incidents get an index on their time.
"""
from alembic import op
import sqlalchemy as sa

import bench_app.persistence.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', bench_app.persistence.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolved_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_incidents_acknowledged_by_users'), 'users',
                                    ['acknowledged_by'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_incidents_resolved_by_users'), 'users', ['resolved_by'], ['id'])
        batch_op.create_index('ix_incidents_occurred_at', ['occurred_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_occurred_at')
        batch_op.drop_constraint(batch_op.f('fk_incidents_resolved_by_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_incidents_acknowledged_by_users'), type_='foreignkey')
        batch_op.drop_column('resolved_by')
        batch_op.drop_column('acknowledged_by')
        batch_op.drop_column('acknowledged_at')
