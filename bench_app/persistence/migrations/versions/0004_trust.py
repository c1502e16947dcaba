"""trust: one code sequence for every kind, dish codes, reserved codes, devices under review

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

- ``code_counters`` gets the row ``*``: the one sequence every new sample, device, oocyte and
  dish code is taken from, starting above every counter so far, so no two new items share the
  middle of their code (and none shares it with a code already handed out). Existing codes stay.
- ``oocyte_retrievals.dish_code``: the dish label's code, with a check character.
- ``reserved_codes``: codes handed out before their record exists (labels printed before
  loading); each is used or voided with a reason.
- ``device_reviews``: stored devices a supervisor must decide on (consent withdrawn).
"""
from alembic import op
import sqlalchemy as sa

import bench_app.persistence.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO code_counters (kind, last_serial) "
               "SELECT '*', COALESCE(MAX(last_serial), 0) FROM code_counters")
    op.add_column('oocyte_retrievals', sa.Column('dish_code', sa.String(length=20), nullable=True))
    op.create_index('ix_oocyte_retrievals_dish_code', 'oocyte_retrievals', ['dish_code'], unique=True)
    op.create_table('reserved_codes',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=2), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('reserved_by', sa.Integer(), nullable=False),
    sa.Column('reserved_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('used_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('voided_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.Integer(), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_reserved_codes_patient_id_patients')),
    sa.ForeignKeyConstraint(['reserved_by'], ['users.id'], name=op.f('fk_reserved_codes_reserved_by_users')),
    sa.ForeignKeyConstraint(['voided_by'], ['users.id'], name=op.f('fk_reserved_codes_voided_by_users')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_reserved_codes'))
    )
    op.create_table('device_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('consent_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('flagged_by', sa.Integer(), nullable=False),
    sa.Column('flagged_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['cryo_devices.id'], name=op.f('fk_device_reviews_device_id_cryo_devices')),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_device_reviews_consent_id_consents')),
    sa.ForeignKeyConstraint(['flagged_by'], ['users.id'], name=op.f('fk_device_reviews_flagged_by_users')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_device_reviews_closed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_reviews'))
    )
    op.create_index('ix_device_reviews_device_id', 'device_reviews', ['device_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_device_reviews_device_id', table_name='device_reviews')
    op.drop_table('device_reviews')
    op.drop_table('reserved_codes')
    op.drop_index('ix_oocyte_retrievals_dish_code', table_name='oocyte_retrievals')
    with op.batch_alter_table('oocyte_retrievals', schema=None) as batch_op:
        batch_op.drop_column('dish_code')
    op.execute("DELETE FROM code_counters WHERE kind = '*'")
