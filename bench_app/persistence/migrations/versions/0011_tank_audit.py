"""tank audit and nitrogen log: audit sittings, cane checks, finding resolutions, tank care, nitrogen entries

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The inventory tables of 0001 gain what a resumable, witnessed cane-by-cane audit needs
(scope, status, each sitting's witness, each cane taken out, each finding's reason, note and
resolution); each tank gains its nitrogen and audit settings and a log of level readings and
top-ups. Additive only: existing rows keep their values through the new columns' defaults.
"""
from alembic import op
import sqlalchemy as sa
import bench_app.persistence.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

UTC = bench_app.persistence.base.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'inventory_sittings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('started_at', UTC(), nullable=False),
        sa.Column('ended_at', UTC(), nullable=True),
        sa.Column('performed_by', sa.Integer(), nullable=False),
        sa.Column('witness_id', sa.Integer(), nullable=False),
        sa.Column('witness_record_id', sa.Integer(), nullable=False),
        sa.Column('workstation', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['audit_id'], ['inventory_audits.id'],
                                name=op.f('fk_inventory_sittings_audit_id_inventory_audits')),
        sa.ForeignKeyConstraint(['performed_by'], ['users.id'], name=op.f('fk_inventory_sittings_performed_by_users')),
        sa.ForeignKeyConstraint(['witness_id'], ['users.id'], name=op.f('fk_inventory_sittings_witness_id_users')),
        sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'],
                                name=op.f('fk_inventory_sittings_witness_record_id_witness_records')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_sittings')),
    )
    op.create_index(op.f('ix_inventory_sittings_audit_id'), 'inventory_sittings', ['audit_id'], unique=False)
    op.create_table(
        'inventory_holder_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('holder_id', sa.Integer(), nullable=False),
        sa.Column('started_at', UTC(), nullable=False),
        sa.Column('finished_at', UTC(), nullable=True),
        sa.Column('expected', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['audit_id'], ['inventory_audits.id'],
                                name=op.f('fk_inventory_holder_checks_audit_id_inventory_audits')),
        sa.ForeignKeyConstraint(['holder_id'], ['storage_locations.id'],
                                name=op.f('fk_inventory_holder_checks_holder_id_storage_locations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_holder_checks')),
        sa.UniqueConstraint('audit_id', 'holder_id', name=op.f('uq_inventory_holder_checks_audit_id_holder_id')),
    )
    op.create_table(
        'tank_care',
        sa.Column('tank_id', sa.Integer(), nullable=False),
        sa.Column('level_unit', sa.String(length=4), nullable=False),
        sa.Column('alarm_threshold', sa.Float(), nullable=False),
        sa.Column('full_level', sa.Float(), nullable=False),
        sa.Column('reading_interval_hours', sa.Integer(), nullable=False),
        sa.Column('audit_interval_days', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTC(), nullable=False),
        sa.ForeignKeyConstraint(['tank_id'], ['storage_locations.id'],
                                name=op.f('fk_tank_care_tank_id_storage_locations')),
        sa.PrimaryKeyConstraint('tank_id', name=op.f('pk_tank_care')),
    )
    op.create_table(
        'nitrogen_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tank_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('at', UTC(), nullable=False),
        sa.Column('level', sa.Float(), nullable=True),
        sa.Column('litres', sa.Float(), nullable=True),
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('incident_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['tank_id'], ['storage_locations.id'],
                                name=op.f('fk_nitrogen_entries_tank_id_storage_locations')),
        sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_nitrogen_entries_recorded_by_users')),
        sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'],
                                name=op.f('fk_nitrogen_entries_incident_id_incidents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nitrogen_entries')),
    )
    op.create_index('ix_nitrogen_entries_tank_id_at', 'nitrogen_entries', ['tank_id', 'at'], unique=False)
    with op.batch_alter_table('inventory_audits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('closed_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_inventory_audits_closed_by_users'), 'users', ['closed_by'], ['id'])
    with op.batch_alter_table('inventory_findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('observed_device_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sitting_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recorded_at', UTC(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('resolution', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('resolution_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('resolution_ref', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('resolved_at', UTC(), nullable=True))
        batch_op.add_column(sa.Column('resolved_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_inventory_findings_observed_device_id_cryo_devices'),
                                    'cryo_devices', ['observed_device_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_inventory_findings_sitting_id_inventory_sittings'),
                                    'inventory_sittings', ['sitting_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_inventory_findings_recorded_by_users'),
                                    'users', ['recorded_by'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_inventory_findings_resolved_by_users'),
                                    'users', ['resolved_by'], ['id'])
    op.create_index('ix_inventory_findings_audit_id_location_id', 'inventory_findings', ['audit_id', 'location_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_inventory_findings_audit_id_location_id', table_name='inventory_findings')
    with op.batch_alter_table('inventory_findings', schema=None) as batch_op:
        for fk in ('fk_inventory_findings_resolved_by_users', 'fk_inventory_findings_recorded_by_users',
                   'fk_inventory_findings_sitting_id_inventory_sittings',
                   'fk_inventory_findings_observed_device_id_cryo_devices'):
            batch_op.drop_constraint(fk, type_='foreignkey')
        for col in ('resolved_by', 'resolved_at', 'resolution_ref', 'resolution_note', 'resolution', 'note',
                    'recorded_by', 'recorded_at', 'sitting_id', 'observed_device_id'):
            batch_op.drop_column(col)
    with op.batch_alter_table('inventory_audits', schema=None) as batch_op:
        batch_op.drop_constraint('fk_inventory_audits_closed_by_users', type_='foreignkey')
        for col in ('note', 'closed_by', 'status', 'scope'):
            batch_op.drop_column(col)
    op.drop_index('ix_nitrogen_entries_tank_id_at', table_name='nitrogen_entries')
    op.drop_table('nitrogen_entries')
    op.drop_table('tank_care')
    op.drop_table('inventory_holder_checks')
    op.drop_index(op.f('ix_inventory_sittings_audit_id'), table_name='inventory_sittings')
    op.drop_table('inventory_sittings')
