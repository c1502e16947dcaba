"""outcomes: the man's work-up per diagnosis, treatment before retrieval, cycle outcomes

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-06

Three new tables, nothing changed in the existing ones:
- ``male_workups``: hormones, testicular volumes, karyotype, Y microdeletion, histology and
  history, one row per diagnosis; "not tested" and "unknown" are stored as such;
- ``pre_retrieval_treatments``: dated treatments of the man before a retrieval;
- ``cycle_outcomes``: per ICSI cycle, transfer, pregnancy test, clinical pregnancy, live birth.

And three indexes the outcomes figures follow from a retrieval's samples to the ICSI they served
(fresh, or frozen and thawed): ICSI sessions by their source sample and by their thaw event, and
the freeze events of a sample. Without them each retrieval's "did its sperm give a pregnancy?"
scanned every session (two minutes for twenty years of retrievals).
"""
from alembic import op
import sqlalchemy as sa

import bench_app.persistence.base


revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def _recorded(table: str) -> list:
    return [
        sa.Column('recorded_by', sa.Integer(), nullable=False),
        sa.Column('recorded_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f(f'fk_{table}_recorded_by_users')),
    ]


def upgrade() -> None:
    op.create_table(
        'male_workups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('diagnosis_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('hormones_on', sa.Date(), nullable=True),
        sa.Column('fsh_iu_l', sa.Float(), nullable=True),
        sa.Column('lh_iu_l', sa.Float(), nullable=True),
        sa.Column('testosterone_nmol_l', sa.Float(), nullable=True),
        sa.Column('estradiol_pmol_l', sa.Float(), nullable=True),
        sa.Column('volumes_on', sa.Date(), nullable=True),
        sa.Column('volume_left_ml', sa.Float(), nullable=True),
        sa.Column('volume_right_ml', sa.Float(), nullable=True),
        sa.Column('karyotype', sa.String(length=20), nullable=False),
        sa.Column('y_microdeletion', sa.String(length=20), nullable=False),
        sa.Column('histology', sa.String(length=30), nullable=False),
        sa.Column('histology_on', sa.Date(), nullable=True),
        sa.Column('cryptorchidism', sa.String(length=10), nullable=False),
        sa.Column('chemo_radiation', sa.String(length=10), nullable=False),
        sa.Column('steroid_use', sa.String(length=10), nullable=False),
        sa.Column('varicocele', sa.String(length=10), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        *_recorded('male_workups'),
        sa.ForeignKeyConstraint(['diagnosis_id'], ['diagnoses.id'], name=op.f('fk_male_workups_diagnosis_id_diagnoses')),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_male_workups_patient_id_patients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_male_workups')),
        sa.UniqueConstraint('diagnosis_id', name=op.f('uq_male_workups_diagnosis_id')),
    )
    op.create_index('ix_male_workups_patient_id', 'male_workups', ['patient_id'], unique=False)
    op.create_table(
        'pre_retrieval_treatments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('treatment', sa.String(length=40), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        *_recorded('pre_retrieval_treatments'),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'],
                                name=op.f('fk_pre_retrieval_treatments_patient_id_patients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pre_retrieval_treatments')),
    )
    op.create_index('ix_pre_retrieval_treatments_patient_id', 'pre_retrieval_treatments', ['patient_id'],
                    unique=False)
    op.create_table(
        'cycle_outcomes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('transfer', sa.String(length=10), nullable=False),
        sa.Column('transfer_on', sa.Date(), nullable=True),
        sa.Column('pregnancy_test', sa.String(length=10), nullable=False),
        sa.Column('pregnancy_test_on', sa.Date(), nullable=True),
        sa.Column('clinical_pregnancy', sa.String(length=10), nullable=False),
        sa.Column('clinical_pregnancy_on', sa.Date(), nullable=True),
        sa.Column('live_birth', sa.String(length=10), nullable=False),
        sa.Column('live_birth_on', sa.Date(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        *_recorded('cycle_outcomes'),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_cycle_outcomes_cycle_id_cycles')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_outcomes')),
        sa.UniqueConstraint('cycle_id', name=op.f('uq_cycle_outcomes_cycle_id')),
    )

    op.create_index('ix_icsi_sessions_source_sample_id', 'icsi_sessions', ['source_sample_id'], unique=False)
    op.create_index('ix_icsi_sessions_source_thaw_event_id', 'icsi_sessions', ['source_thaw_event_id'], unique=False)
    op.create_index('ix_freeze_event_samples_sample_id', 'freeze_event_samples', ['sample_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_freeze_event_samples_sample_id', table_name='freeze_event_samples')
    op.drop_index('ix_icsi_sessions_source_thaw_event_id', table_name='icsi_sessions')
    op.drop_index('ix_icsi_sessions_source_sample_id', table_name='icsi_sessions')
    op.drop_table('cycle_outcomes')
    op.drop_index('ix_pre_retrieval_treatments_patient_id', table_name='pre_retrieval_treatments')
    op.drop_table('pre_retrieval_treatments')
    op.drop_index('ix_male_workups_patient_id', table_name='male_workups')
    op.drop_table('male_workups')
