"""scale: indexes for twenty years of records, occupancy kept per holder, processing witness on the sample

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

What each screen reads among millions of rows gets an index that holds just what it needs:
- the day's injections and fertilization checks (the worksheet's 16-18 h windows), ICSI
  sessions by day and by OPU;
- the few steps still waiting for a witness, as partial indexes (only those rows);
- name prefix searches in the order they list (family name, then given names).

``tissue_samples.processing_witness_id`` keeps the witness of a sample's first processing
step beside its receipt witness (filled in here from the steps already recorded).

``storage_locations.occupied`` counts the devices placed directly in a cane or goblet. Triggers
on ``cryo_devices`` keep it whatever writes the device, so a tank's occupancy is a sum over its
few hundred holders rather than a count over its tens of thousands of devices. A later migration
that recreates ``cryo_devices`` (SQLite batch mode) must create the triggers again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

WITNESS_FK = "fk_tissue_samples_processing_witness_id_witness_records"
PARTIAL = (  # name, table, column, the rows it holds
    ("ix_tissue_samples_receipt_unwitnessed", "tissue_samples", "received_at", "receipt_witness_id IS NULL"),
    ("ix_tissue_samples_processing_unwitnessed", "tissue_samples", "received_at",
     "processing_witness_id IS NULL AND status <> 'received'"),
    ("ix_freeze_events_unwitnessed", "freeze_events", "frozen_at", "witness_record_id IS NULL"),
    ("ix_device_moves_unwitnessed", "device_moves", "moved_at", "witness_record_id IS NULL"),
    ("ix_thaw_events_unwitnessed", "thaw_events", "thawed_at", "witness_record_id IS NULL"),
    ("ix_icsi_sessions_unwitnessed", "icsi_sessions", "started_at", "witness_record_id IS NULL"),
    ("ix_discard_events_requested", "discard_events", "requested_at", "status = 'requested'"),
)
PLAIN = (
    ("ix_injections_injected_at", "injections", ["injected_at"]),
    ("ix_fertilization_checks_checked_at", "fertilization_checks", ["checked_at"]),
    ("ix_icsi_sessions_retrieval_id", "icsi_sessions", ["retrieval_id"]),
    ("ix_icsi_sessions_started_at", "icsi_sessions", ["started_at"]),
    ("ix_patients_family_key_given_key", "patients", ["family_key", "given_key"]),
    ("ix_patients_given_key_family_key", "patients", ["given_key", "family_key"]),
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER cryo_devices_occupancy_insert AFTER INSERT ON cryo_devices "
    "WHEN NEW.location_id IS NOT NULL BEGIN "
    "UPDATE storage_locations SET occupied = occupied + 1 WHERE id = NEW.location_id; END",
    "CREATE TRIGGER cryo_devices_occupancy_update AFTER UPDATE OF location_id ON cryo_devices "
    "WHEN OLD.location_id IS NOT NEW.location_id BEGIN "
    "UPDATE storage_locations SET occupied = occupied - 1 WHERE id = OLD.location_id; "
    "UPDATE storage_locations SET occupied = occupied + 1 WHERE id = NEW.location_id; END",
    "CREATE TRIGGER cryo_devices_occupancy_delete AFTER DELETE ON cryo_devices "
    "WHEN OLD.location_id IS NOT NULL BEGIN "
    "UPDATE storage_locations SET occupied = occupied - 1 WHERE id = OLD.location_id; END",
)
POSTGRESQL_TRIGGER = (
    "CREATE FUNCTION cryo_devices_occupancy() RETURNS trigger AS $$ BEGIN "
    "IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.location_id IS NOT NULL THEN "
    "UPDATE storage_locations SET occupied = occupied - 1 WHERE id = OLD.location_id; END IF; "
    "IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.location_id IS NOT NULL THEN "
    "UPDATE storage_locations SET occupied = occupied + 1 WHERE id = NEW.location_id; END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER cryo_devices_occupancy_insert_delete AFTER INSERT OR DELETE ON cryo_devices "
    "FOR EACH ROW EXECUTE FUNCTION cryo_devices_occupancy()",
    "CREATE TRIGGER cryo_devices_occupancy_update AFTER UPDATE OF location_id ON cryo_devices "
    "FOR EACH ROW WHEN (OLD.location_id IS DISTINCT FROM NEW.location_id) EXECUTE FUNCTION cryo_devices_occupancy()",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # a plain ADD COLUMN with its reference: no copy of a table other tables refer to
        op.execute("ALTER TABLE tissue_samples ADD COLUMN processing_witness_id INTEGER CONSTRAINT "
                   f"{WITNESS_FK} REFERENCES witness_records (id)")
    else:
        op.add_column('tissue_samples', sa.Column('processing_witness_id', sa.Integer(), nullable=True))
        op.create_foreign_key(WITNESS_FK, 'tissue_samples', 'witness_records', ['processing_witness_id'], ['id'])
    op.execute("UPDATE tissue_samples SET processing_witness_id = (SELECT min(p.witness_record_id) "
               "FROM processing_steps p WHERE p.sample_id = tissue_samples.id AND p.witness_record_id IS NOT NULL)")
    op.add_column('storage_locations', sa.Column('occupied', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE storage_locations SET occupied = (SELECT count(*) FROM cryo_devices d "
               "WHERE d.location_id = storage_locations.id)")
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGER if dialect == "postgresql" else ():
        op.execute(statement)
    with op.batch_alter_table('patients', schema=None) as batch_op:
        batch_op.drop_index('ix_patients_family_key')
        batch_op.drop_index('ix_patients_given_key')
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns, unique=False)
    for name, table, column, where in PARTIAL:
        op.create_index(name, table, [column], unique=False, sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def downgrade() -> None:
    """Back to 0001. On a SQLite database with rows, turn foreign keys off first: dropping the sample's
    column copies tissue_samples, which other tables refer to (Alembic's batch mode)."""
    for name, table, _column, _where in PARTIAL:
        op.drop_index(name, table_name=table)
    for name, table, _columns in PLAIN:
        op.drop_index(name, table_name=table)
    op.create_index('ix_patients_family_key', 'patients', ['family_key'], unique=False)
    op.create_index('ix_patients_given_key', 'patients', ['given_key'], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS cryo_devices_occupancy_{verb}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cryo_devices_occupancy_insert_delete ON cryo_devices")
        op.execute("DROP TRIGGER IF EXISTS cryo_devices_occupancy_update ON cryo_devices")
        op.execute("DROP FUNCTION IF EXISTS cryo_devices_occupancy()")
    with op.batch_alter_table('storage_locations', schema=None) as batch_op:
        batch_op.drop_column('occupied')
    if dialect == "sqlite":  # the table is copied without the column, and its reference with it
        with op.batch_alter_table('tissue_samples', schema=None) as batch_op:
            batch_op.drop_column('processing_witness_id')
    else:
        op.drop_constraint(WITNESS_FK, 'tissue_samples', type_='foreignkey')
        op.drop_column('tissue_samples', 'processing_witness_id')
