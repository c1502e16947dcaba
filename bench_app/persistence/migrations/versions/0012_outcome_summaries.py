"""outcome summaries: per retrieval procedure, per ICSI dish and injecting embryologist, per OPU

Revision ID: 0012_outcome_summaries
Revises: 0011
Create Date: 2026-12-06

Three new tables the outcomes figures sum instead of the raw records (a million injected oocytes
and a quarter of a million biopsies in twenty years), kept by the services in the same transaction
as the records they summarise, and filled here from the records already there. Nothing existing
changes.
"""
from alembic import op
import sqlalchemy as sa

import bench_app.persistence.base

revision = '0012_outcome_summaries'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'procedure_outcome_summaries',
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('samples', sa.Integer(), nullable=False),
        sa.Column('samples_searched', sa.Integer(), nullable=False),
        sa.Column('samples_positive', sa.Integer(), nullable=False),
        sa.Column('pregnant', sa.Integer(), nullable=False),
        sa.Column('search_started_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
        sa.Column('first_sperm_at', bench_app.persistence.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['procedure_id'], ['retrieval_procedures.id'],
                                name=op.f('fk_procedure_outcome_summaries_procedure_id_retrieval_procedures')),
        sa.PrimaryKeyConstraint('procedure_id', name=op.f('pk_procedure_outcome_summaries')),
    )
    op.create_table(
        'dish_outcome_summaries',
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('injected_by', sa.Integer(), nullable=False),
        sa.Column('first_injected_at', bench_app.persistence.base.UTCDateTime(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ('injected', 'damaged', 'mii_injected', 'pn2', 'pn1', 'checked', 'in_window')),
        sa.ForeignKeyConstraint(['session_id'], ['icsi_sessions.id'],
                                name=op.f('fk_dish_outcome_summaries_session_id_icsi_sessions')),
        sa.ForeignKeyConstraint(['injected_by'], ['users.id'],
                                name=op.f('fk_dish_outcome_summaries_injected_by_users')),
        sa.PrimaryKeyConstraint('session_id', 'injected_by', name=op.f('pk_dish_outcome_summaries')),
    )
    op.create_index('ix_dish_outcome_summaries_first_injected_at', 'dish_outcome_summaries',
                    ['first_injected_at'], unique=False)
    op.create_table(
        'opu_outcome_summaries',
        sa.Column('retrieval_id', sa.Integer(), nullable=False),
        sa.Column('mii', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['retrieval_id'], ['oocyte_retrievals.id'],
                                name=op.f('fk_opu_outcome_summaries_retrieval_id_oocyte_retrievals')),
        sa.PrimaryKeyConstraint('retrieval_id', name=op.f('pk_opu_outcome_summaries')),
    )
    # The summaries of the records already there, as the services compute them.
    from bench_app.persistence.outcome_summaries import rebuild_all

    rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_table('opu_outcome_summaries')
    op.drop_index('ix_dish_outcome_summaries_first_injected_at', table_name='dish_outcome_summaries')
    op.drop_table('dish_outcome_summaries')
    op.drop_table('procedure_outcome_summaries')
