"""initial schema: the whole lab domain

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
import bench_app.persistence.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('code_counters',
    sa.Column('kind', sa.String(length=2), nullable=False),
    sa.Column('last_serial', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_code_counters'))
    )
    op.create_table('material_lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('product_name', sa.String(length=120), nullable=False),
    sa.Column('lot_number', sa.String(length=60), nullable=False),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_material_lots')),
    sa.UniqueConstraint('product_name', 'lot_number', name=op.f('uq_material_lots_product_name_lot_number'))
    )
    op.create_table('patients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.String(length=40), nullable=False),
    sa.Column('family_name', sa.String(length=120), nullable=False),
    sa.Column('given_names', sa.String(length=160), nullable=False),
    sa.Column('family_key', sa.String(length=120), nullable=False),
    sa.Column('given_key', sa.String(length=160), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patients')),
    sa.UniqueConstraint('mrn', name=op.f('uq_patients_mrn'))
    )
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patients_family_key'), ['family_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_patients_given_key'), ['given_key'], unique=False)

    op.create_table('storage_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('tank_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('sort_index', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['storage_locations.id'], name=op.f('fk_storage_locations_parent_id_storage_locations')),
    sa.ForeignKeyConstraint(['tank_id'], ['storage_locations.id'], name=op.f('fk_storage_locations_tank_id_storage_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storage_locations')),
    sa.UniqueConstraint('parent_id', 'name', name=op.f('uq_storage_locations_parent_id_name'))
    )
    with op.batch_alter_table('storage_locations', schema=None) as batch_op:
        batch_op.create_index('ix_storage_locations_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_storage_locations_tank_id', ['tank_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('failed_pin_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('last_sign_in_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index('ix_audit_events_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index('ix_audit_events_user_id', ['user_id'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('permitted_uses', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('storage_expiry', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_consents_patient_id_patients')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_consents_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index('ix_consents_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_consents_storage_expiry', ['storage_expiry'], unique=False)

    op.create_table('couples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('male_patient_id', sa.Integer(), nullable=False),
    sa.Column('female_patient_id', sa.Integer(), nullable=True),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['female_patient_id'], ['patients.id'], name=op.f('fk_couples_female_patient_id_patients')),
    sa.ForeignKeyConstraint(['male_patient_id'], ['patients.id'], name=op.f('fk_couples_male_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_couples'))
    )
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.create_index('ix_couples_female_patient_id', ['female_patient_id'], unique=False)
        batch_op.create_index('ix_couples_male_patient_id', ['male_patient_id'], unique=False)

    op.create_table('diagnoses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('azoospermia_type', sa.String(length=10), nullable=False),
    sa.Column('etiology', sa.String(length=60), nullable=False),
    sa.Column('diagnosed_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_diagnoses_patient_id_patients')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_diagnoses_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnoses'))
    )
    with op.batch_alter_table('diagnoses', schema=None) as batch_op:
        batch_op.create_index('ix_diagnoses_patient_id', ['patient_id'], unique=False)

    op.create_table('issued_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_issued_reports_issued_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_reports')),
    sa.UniqueConstraint('sha256', name=op.f('uq_issued_reports_sha256'))
    )
    op.create_table('label_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('stock', sa.String(length=40), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('is_reprint', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('printed_by', sa.Integer(), nullable=False),
    sa.Column('printed_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['printed_by'], ['users.id'], name=op.f('fk_label_prints_printed_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_prints'))
    )
    with op.batch_alter_table('label_prints', schema=None) as batch_op:
        batch_op.create_index('ix_label_prints_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_settings_updated_by_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('signer_id', sa.Integer(), nullable=False),
    sa.Column('printed_name', sa.String(length=200), nullable=False),
    sa.Column('meaning', sa.String(length=20), nullable=False),
    sa.Column('signed_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['signer_id'], ['users.id'], name=op.f('fk_signatures_signer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signatures'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('witness_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=60), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('identifiers_checked', sa.Text(), nullable=False),
    sa.Column('performer_id', sa.Integer(), nullable=False),
    sa.Column('witness_id', sa.Integer(), nullable=False),
    sa.Column('witnessed_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('override_by', sa.Integer(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['override_by'], ['users.id'], name=op.f('fk_witness_records_override_by_users')),
    sa.ForeignKeyConstraint(['performer_id'], ['users.id'], name=op.f('fk_witness_records_performer_id_users')),
    sa.ForeignKeyConstraint(['witness_id'], ['users.id'], name=op.f('fk_witness_records_witness_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_witness_records'))
    )
    with op.batch_alter_table('witness_records', schema=None) as batch_op:
        batch_op.create_index('ix_witness_records_entity', ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index('ix_witness_records_witnessed_at', ['witnessed_at'], unique=False)

    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('couple_id', sa.Integer(), nullable=False),
    sa.Column('cycle_type', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['couple_id'], ['couples.id'], name=op.f('fk_cycles_couple_id_couples')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_cycles_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles'))
    )
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.create_index('ix_cycles_couple_id', ['couple_id'], unique=False)
        batch_op.create_index('ix_cycles_start_date', ['start_date'], unique=False)

    op.create_table('discard_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('consent_checked', sa.Boolean(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_discard_events_approved_by_users')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_discard_events_patient_id_patients')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_discard_events_requested_by_users')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_discard_events_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discard_events'))
    )
    with op.batch_alter_table('discard_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discard_events_patient_id'), ['patient_id'], unique=False)

    op.create_table('freeze_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('cryoprotectant_lot_id', sa.Integer(), nullable=True),
    sa.Column('pre_freeze_motile', sa.Integer(), nullable=True),
    sa.Column('pre_freeze_immotile', sa.Integer(), nullable=True),
    sa.Column('sperm_present', sa.Boolean(), nullable=False),
    sa.Column('frozen_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cryoprotectant_lot_id'], ['material_lots.id'], name=op.f('fk_freeze_events_cryoprotectant_lot_id_material_lots')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_freeze_events_operator_id_users')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_freeze_events_patient_id_patients')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_freeze_events_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freeze_events'))
    )
    with op.batch_alter_table('freeze_events', schema=None) as batch_op:
        batch_op.create_index('ix_freeze_events_patient_id', ['patient_id'], unique=False)

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('reported_by', sa.Integer(), nullable=True),
    sa.Column('resolved_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['reported_by'], ['users.id'], name=op.f('fk_incidents_reported_by_users')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_incidents_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    op.create_table('inventory_audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('started_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('completed_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('performed_by', sa.Integer(), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_inventory_audits_location_id_storage_locations')),
    sa.ForeignKeyConstraint(['performed_by'], ['users.id'], name=op.f('fk_inventory_audits_performed_by_users')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_inventory_audits_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_audits'))
    )
    op.create_table('cryo_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('freeze_event_id', sa.Integer(), nullable=False),
    sa.Column('device_type', sa.String(length=24), nullable=False),
    sa.Column('colour', sa.String(length=20), nullable=False),
    sa.Column('contents', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('tank_id', sa.Integer(), nullable=True),
    sa.Column('storage_expiry', sa.Date(), nullable=True),
    sa.Column('quarantined', sa.Boolean(), nullable=False),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['freeze_event_id'], ['freeze_events.id'], name=op.f('fk_cryo_devices_freeze_event_id_freeze_events')),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_cryo_devices_location_id_storage_locations')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_cryo_devices_patient_id_patients')),
    sa.ForeignKeyConstraint(['tank_id'], ['storage_locations.id'], name=op.f('fk_cryo_devices_tank_id_storage_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cryo_devices')),
    sa.UniqueConstraint('code', name=op.f('uq_cryo_devices_code')),
    sa.UniqueConstraint('location_id', 'slot', name=op.f('uq_cryo_devices_location_id_slot'))
    )
    with op.batch_alter_table('cryo_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cryo_devices_freeze_event_id'), ['freeze_event_id'], unique=False)
        batch_op.create_index('ix_cryo_devices_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_cryo_devices_storage_expiry', ['storage_expiry'], unique=False)
        batch_op.create_index('ix_cryo_devices_tank_id_status', ['tank_id', 'status'], unique=False)

    op.create_table('oocyte_retrievals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('retrieved_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('cocs_retrieved', sa.Integer(), nullable=False),
    sa.Column('embryologist_id', sa.Integer(), nullable=False),
    sa.Column('denuded_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_oocyte_retrievals_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['embryologist_id'], ['users.id'], name=op.f('fk_oocyte_retrievals_embryologist_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oocyte_retrievals'))
    )
    with op.batch_alter_table('oocyte_retrievals', schema=None) as batch_op:
        batch_op.create_index('ix_oocyte_retrievals_cycle_id', ['cycle_id'], unique=False)
        batch_op.create_index('ix_oocyte_retrievals_retrieved_at', ['retrieved_at'], unique=False)

    op.create_table('retrieval_procedures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=True),
    sa.Column('procedure_type', sa.String(length=20), nullable=False),
    sa.Column('started_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('surgeon', sa.String(length=120), nullable=False),
    sa.Column('anaesthesia', sa.String(length=10), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('indication', sa.String(length=10), nullable=False),
    sa.Column('planned_use', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_retrieval_procedures_created_by_users')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_retrieval_procedures_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_retrieval_procedures_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retrieval_procedures'))
    )
    with op.batch_alter_table('retrieval_procedures', schema=None) as batch_op:
        batch_op.create_index('ix_retrieval_procedures_cycle_id', ['cycle_id'], unique=False)
        batch_op.create_index('ix_retrieval_procedures_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_retrieval_procedures_started_at', ['started_at'], unique=False)

    op.create_table('thaw_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=True),
    sa.Column('thawed_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('sperm_found', sa.Boolean(), nullable=True),
    sa.Column('progressive', sa.Integer(), nullable=False),
    sa.Column('non_progressive', sa.Integer(), nullable=False),
    sa.Column('twitching', sa.Integer(), nullable=False),
    sa.Column('immotile', sa.Integer(), nullable=False),
    sa.Column('thaw_medium_lot_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_thaw_events_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_thaw_events_operator_id_users')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_thaw_events_patient_id_patients')),
    sa.ForeignKeyConstraint(['thaw_medium_lot_id'], ['material_lots.id'], name=op.f('fk_thaw_events_thaw_medium_lot_id_material_lots')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_thaw_events_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thaw_events'))
    )
    with op.batch_alter_table('thaw_events', schema=None) as batch_op:
        batch_op.create_index('ix_thaw_events_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_thaw_events_thawed_at', ['thawed_at'], unique=False)

    op.create_table('device_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('from_location_id', sa.Integer(), nullable=True),
    sa.Column('from_slot', sa.Integer(), nullable=True),
    sa.Column('to_location_id', sa.Integer(), nullable=False),
    sa.Column('to_slot', sa.Integer(), nullable=False),
    sa.Column('moved_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['cryo_devices.id'], name=op.f('fk_device_moves_device_id_cryo_devices')),
    sa.ForeignKeyConstraint(['from_location_id'], ['storage_locations.id'], name=op.f('fk_device_moves_from_location_id_storage_locations')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_device_moves_operator_id_users')),
    sa.ForeignKeyConstraint(['to_location_id'], ['storage_locations.id'], name=op.f('fk_device_moves_to_location_id_storage_locations')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_device_moves_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_moves'))
    )
    with op.batch_alter_table('device_moves', schema=None) as batch_op:
        batch_op.create_index('ix_device_moves_device_id', ['device_id'], unique=False)

    op.create_table('discard_event_devices',
    sa.Column('discard_event_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['cryo_devices.id'], name=op.f('fk_discard_event_devices_device_id_cryo_devices')),
    sa.ForeignKeyConstraint(['discard_event_id'], ['discard_events.id'], name=op.f('fk_discard_event_devices_discard_event_id_discard_events')),
    sa.PrimaryKeyConstraint('discard_event_id', 'device_id', name=op.f('pk_discard_event_devices'))
    )
    op.create_table('inventory_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('expected_device_id', sa.Integer(), nullable=True),
    sa.Column('observed_code', sa.String(length=20), nullable=False),
    sa.Column('discrepancy', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['audit_id'], ['inventory_audits.id'], name=op.f('fk_inventory_findings_audit_id_inventory_audits')),
    sa.ForeignKeyConstraint(['expected_device_id'], ['cryo_devices.id'], name=op.f('fk_inventory_findings_expected_device_id_cryo_devices')),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_inventory_findings_location_id_storage_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_findings'))
    )
    with op.batch_alter_table('inventory_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inventory_findings_audit_id'), ['audit_id'], unique=False)

    op.create_table('oocytes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('retrieval_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('maturity', sa.String(length=12), nullable=True),
    sa.Column('assessed_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('assessed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessed_by'], ['users.id'], name=op.f('fk_oocytes_assessed_by_users')),
    sa.ForeignKeyConstraint(['retrieval_id'], ['oocyte_retrievals.id'], name=op.f('fk_oocytes_retrieval_id_oocyte_retrievals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oocytes')),
    sa.UniqueConstraint('code', name=op.f('uq_oocytes_code')),
    sa.UniqueConstraint('retrieval_id', 'number', name=op.f('uq_oocytes_retrieval_id_number'))
    )
    op.create_table('thaw_event_devices',
    sa.Column('thaw_event_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('from_location_id', sa.Integer(), nullable=True),
    sa.Column('from_slot', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['cryo_devices.id'], name=op.f('fk_thaw_event_devices_device_id_cryo_devices')),
    sa.ForeignKeyConstraint(['from_location_id'], ['storage_locations.id'], name=op.f('fk_thaw_event_devices_from_location_id_storage_locations')),
    sa.ForeignKeyConstraint(['thaw_event_id'], ['thaw_events.id'], name=op.f('fk_thaw_event_devices_thaw_event_id_thaw_events')),
    sa.PrimaryKeyConstraint('thaw_event_id', 'device_id', name=op.f('pk_thaw_event_devices')),
    sa.UniqueConstraint('device_id', name=op.f('uq_thaw_event_devices_device_id'))
    )
    op.create_table('tissue_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=True),
    sa.Column('sample_number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('site', sa.String(length=80), nullable=False),
    sa.Column('tubule_appearance', sa.String(length=10), nullable=False),
    sa.Column('wet_weight_mg', sa.Float(), nullable=True),
    sa.Column('transport_medium_lot_id', sa.Integer(), nullable=True),
    sa.Column('received_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('received_by', sa.Integer(), nullable=False),
    sa.Column('receipt_witness_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('disposition', sa.String(length=20), nullable=False),
    sa.Column('disposition_cycle_id', sa.Integer(), nullable=True),
    sa.Column('disposition_note', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['disposition_cycle_id'], ['cycles.id'], name=op.f('fk_tissue_samples_disposition_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_tissue_samples_patient_id_patients')),
    sa.ForeignKeyConstraint(['procedure_id'], ['retrieval_procedures.id'], name=op.f('fk_tissue_samples_procedure_id_retrieval_procedures')),
    sa.ForeignKeyConstraint(['receipt_witness_id'], ['witness_records.id'], name=op.f('fk_tissue_samples_receipt_witness_id_witness_records')),
    sa.ForeignKeyConstraint(['received_by'], ['users.id'], name=op.f('fk_tissue_samples_received_by_users')),
    sa.ForeignKeyConstraint(['transport_medium_lot_id'], ['material_lots.id'], name=op.f('fk_tissue_samples_transport_medium_lot_id_material_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tissue_samples')),
    sa.UniqueConstraint('code', name=op.f('uq_tissue_samples_code')),
    sa.UniqueConstraint('procedure_id', 'sample_number', name=op.f('uq_tissue_samples_procedure_id_sample_number'))
    )
    with op.batch_alter_table('tissue_samples', schema=None) as batch_op:
        batch_op.create_index('ix_tissue_samples_patient_id', ['patient_id'], unique=False)
        batch_op.create_index('ix_tissue_samples_received_at', ['received_at'], unique=False)

    op.create_table('fertilization_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('oocyte_id', sa.Integer(), nullable=False),
    sa.Column('checked_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('checked_by', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('polar_bodies', sa.Integer(), nullable=True),
    sa.Column('hours_since_injection', sa.Float(), nullable=False),
    sa.Column('outside_window', sa.Boolean(), nullable=False),
    sa.Column('window_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by'], ['users.id'], name=op.f('fk_fertilization_checks_checked_by_users')),
    sa.ForeignKeyConstraint(['oocyte_id'], ['oocytes.id'], name=op.f('fk_fertilization_checks_oocyte_id_oocytes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fertilization_checks')),
    sa.UniqueConstraint('oocyte_id', name=op.f('uq_fertilization_checks_oocyte_id'))
    )
    op.create_table('freeze_event_samples',
    sa.Column('freeze_event_id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['freeze_event_id'], ['freeze_events.id'], name=op.f('fk_freeze_event_samples_freeze_event_id_freeze_events')),
    sa.ForeignKeyConstraint(['sample_id'], ['tissue_samples.id'], name=op.f('fk_freeze_event_samples_sample_id_tissue_samples')),
    sa.PrimaryKeyConstraint('freeze_event_id', 'sample_id', name=op.f('pk_freeze_event_samples'))
    )
    op.create_table('icsi_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('retrieval_id', sa.Integer(), nullable=False),
    sa.Column('sperm_source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_sample_id', sa.Integer(), nullable=True),
    sa.Column('source_thaw_event_id', sa.Integer(), nullable=True),
    sa.Column('started_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_icsi_sessions_cycle_id_cycles')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_icsi_sessions_operator_id_users')),
    sa.ForeignKeyConstraint(['retrieval_id'], ['oocyte_retrievals.id'], name=op.f('fk_icsi_sessions_retrieval_id_oocyte_retrievals')),
    sa.ForeignKeyConstraint(['source_sample_id'], ['tissue_samples.id'], name=op.f('fk_icsi_sessions_source_sample_id_tissue_samples')),
    sa.ForeignKeyConstraint(['source_thaw_event_id'], ['thaw_events.id'], name=op.f('fk_icsi_sessions_source_thaw_event_id_thaw_events')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_icsi_sessions_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_icsi_sessions'))
    )
    with op.batch_alter_table('icsi_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_icsi_sessions_cycle_id', ['cycle_id'], unique=False)

    op.create_table('processing_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('started_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('medium_lot_id', sa.Integer(), nullable=True),
    sa.Column('enzyme', sa.String(length=60), nullable=False),
    sa.Column('enzyme_concentration', sa.String(length=40), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('temperature_c', sa.Float(), nullable=True),
    sa.Column('witness_record_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['medium_lot_id'], ['material_lots.id'], name=op.f('fk_processing_steps_medium_lot_id_material_lots')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_processing_steps_operator_id_users')),
    sa.ForeignKeyConstraint(['sample_id'], ['tissue_samples.id'], name=op.f('fk_processing_steps_sample_id_tissue_samples')),
    sa.ForeignKeyConstraint(['witness_record_id'], ['witness_records.id'], name=op.f('fk_processing_steps_witness_record_id_witness_records')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_processing_steps'))
    )
    with op.batch_alter_table('processing_steps', schema=None) as batch_op:
        batch_op.create_index('ix_processing_steps_sample_id', ['sample_id'], unique=False)

    op.create_table('sperm_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('assessed_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('sperm_found', sa.Boolean(), nullable=False),
    sa.Column('count_seen', sa.Integer(), nullable=True),
    sa.Column('count_basis', sa.String(length=20), nullable=False),
    sa.Column('progressive', sa.Integer(), nullable=False),
    sa.Column('non_progressive', sa.Integer(), nullable=False),
    sa.Column('twitching', sa.Integer(), nullable=False),
    sa.Column('immotile', sa.Integer(), nullable=False),
    sa.Column('viability_test', sa.String(length=20), nullable=False),
    sa.Column('viability_result', sa.String(length=120), nullable=False),
    sa.Column('elongated_spermatids', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_sperm_findings_assessor_id_users')),
    sa.ForeignKeyConstraint(['sample_id'], ['tissue_samples.id'], name=op.f('fk_sperm_findings_sample_id_tissue_samples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sperm_findings'))
    )
    with op.batch_alter_table('sperm_findings', schema=None) as batch_op:
        batch_op.create_index('ix_sperm_findings_sample_id', ['sample_id'], unique=False)

    op.create_table('workstation_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workstation', sa.String(length=100), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_workstation_activity_patient_id_patients')),
    sa.ForeignKeyConstraint(['sample_id'], ['tissue_samples.id'], name=op.f('fk_workstation_activity_sample_id_tissue_samples')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workstation_activity_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workstation_activity'))
    )
    with op.batch_alter_table('workstation_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workstation_activity_workstation'), ['workstation'], unique=False)

    op.create_table('injections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('oocyte_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('injected_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
    sa.Column('injected_by', sa.Integer(), nullable=False),
    sa.Column('sperm_motility', sa.String(length=20), nullable=False),
    sa.Column('viability_test', sa.String(length=20), nullable=False),
    sa.Column('techniques', sa.String(length=200), nullable=False),
    sa.Column('damaged', sa.Boolean(), nullable=False),
    sa.Column('non_mii_reason', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['injected_by'], ['users.id'], name=op.f('fk_injections_injected_by_users')),
    sa.ForeignKeyConstraint(['oocyte_id'], ['oocytes.id'], name=op.f('fk_injections_oocyte_id_oocytes')),
    sa.ForeignKeyConstraint(['session_id'], ['icsi_sessions.id'], name=op.f('fk_injections_session_id_icsi_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_injections')),
    sa.UniqueConstraint('oocyte_id', name=op.f('uq_injections_oocyte_id'))
    )
    with op.batch_alter_table('injections', schema=None) as batch_op:
        batch_op.create_index('ix_injections_session_id', ['session_id'], unique=False)
    _protect_audit_trail()
    op.execute("INSERT INTO audit_head (id, last_event_id, last_hash) VALUES (1, 0, '%s')" % GENESIS_HASH)


def _protect_audit_trail() -> None:
    """The audit table is append-only in the database itself, not only in the code."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table('injections', schema=None) as batch_op:
        batch_op.drop_index('ix_injections_session_id')

    op.drop_table('injections')
    with op.batch_alter_table('workstation_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workstation_activity_workstation'))

    op.drop_table('workstation_activity')
    with op.batch_alter_table('sperm_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_sperm_findings_sample_id')

    op.drop_table('sperm_findings')
    with op.batch_alter_table('processing_steps', schema=None) as batch_op:
        batch_op.drop_index('ix_processing_steps_sample_id')

    op.drop_table('processing_steps')
    with op.batch_alter_table('icsi_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_icsi_sessions_cycle_id')

    op.drop_table('icsi_sessions')
    op.drop_table('freeze_event_samples')
    op.drop_table('fertilization_checks')
    with op.batch_alter_table('tissue_samples', schema=None) as batch_op:
        batch_op.drop_index('ix_tissue_samples_received_at')
        batch_op.drop_index('ix_tissue_samples_patient_id')

    op.drop_table('tissue_samples')
    op.drop_table('thaw_event_devices')
    op.drop_table('oocytes')
    with op.batch_alter_table('inventory_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inventory_findings_audit_id'))

    op.drop_table('inventory_findings')
    op.drop_table('discard_event_devices')
    with op.batch_alter_table('device_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_device_moves_device_id')

    op.drop_table('device_moves')
    with op.batch_alter_table('thaw_events', schema=None) as batch_op:
        batch_op.drop_index('ix_thaw_events_thawed_at')
        batch_op.drop_index('ix_thaw_events_patient_id')

    op.drop_table('thaw_events')
    with op.batch_alter_table('retrieval_procedures', schema=None) as batch_op:
        batch_op.drop_index('ix_retrieval_procedures_started_at')
        batch_op.drop_index('ix_retrieval_procedures_patient_id')
        batch_op.drop_index('ix_retrieval_procedures_cycle_id')

    op.drop_table('retrieval_procedures')
    with op.batch_alter_table('oocyte_retrievals', schema=None) as batch_op:
        batch_op.drop_index('ix_oocyte_retrievals_retrieved_at')
        batch_op.drop_index('ix_oocyte_retrievals_cycle_id')

    op.drop_table('oocyte_retrievals')
    with op.batch_alter_table('cryo_devices', schema=None) as batch_op:
        batch_op.drop_index('ix_cryo_devices_tank_id_status')
        batch_op.drop_index('ix_cryo_devices_storage_expiry')
        batch_op.drop_index('ix_cryo_devices_patient_id')
        batch_op.drop_index(batch_op.f('ix_cryo_devices_freeze_event_id'))

    op.drop_table('cryo_devices')
    op.drop_table('inventory_audits')
    op.drop_table('incidents')
    with op.batch_alter_table('freeze_events', schema=None) as batch_op:
        batch_op.drop_index('ix_freeze_events_patient_id')

    op.drop_table('freeze_events')
    with op.batch_alter_table('discard_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discard_events_patient_id'))

    op.drop_table('discard_events')
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_index('ix_cycles_start_date')
        batch_op.drop_index('ix_cycles_couple_id')

    op.drop_table('cycles')
    with op.batch_alter_table('witness_records', schema=None) as batch_op:
        batch_op.drop_index('ix_witness_records_witnessed_at')
        batch_op.drop_index('ix_witness_records_entity')

    op.drop_table('witness_records')
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_entity')

    op.drop_table('signatures')
    op.drop_table('settings')
    with op.batch_alter_table('label_prints', schema=None) as batch_op:
        batch_op.drop_index('ix_label_prints_entity')

    op.drop_table('label_prints')
    op.drop_table('issued_reports')
    with op.batch_alter_table('diagnoses', schema=None) as batch_op:
        batch_op.drop_index('ix_diagnoses_patient_id')

    op.drop_table('diagnoses')
    with op.batch_alter_table('couples', schema=None) as batch_op:
        batch_op.drop_index('ix_couples_male_patient_id')
        batch_op.drop_index('ix_couples_female_patient_id')

    op.drop_table('couples')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index('ix_consents_storage_expiry')
        batch_op.drop_index('ix_consents_patient_id')

    op.drop_table('consents')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_user_id')
        batch_op.drop_index('ix_audit_events_occurred_at')
        batch_op.drop_index('ix_audit_events_entity')

    op.drop_table('audit_events')
    op.drop_table('users')
    with op.batch_alter_table('storage_locations', schema=None) as batch_op:
        batch_op.drop_index('ix_storage_locations_tank_id')
        batch_op.drop_index('ix_storage_locations_parent_id')

    op.drop_table('storage_locations')
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patients_given_key'))
        batch_op.drop_index(batch_op.f('ix_patients_family_key'))

    op.drop_table('patients')
    op.drop_table('material_lots')
    op.drop_table('code_counters')
    op.drop_table('audit_head')
