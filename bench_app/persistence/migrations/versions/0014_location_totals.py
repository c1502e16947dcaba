"""location totals: a tank and a canister keep the positions and devices of the canes and goblets below them

Revision ID: 0014_location_totals
Revises: 0013_server_roles
Create Date: 2026-12-07

The storage map shows each tank's and each canister's positions and devices in use. They were
summed at every reading over the tank's canes and goblets: for the tank list of a twenty-year
lab, 40 tanks, that is a pass over some 8,600 locations each time the map is opened, the largest
part of opening it on a lab's server. Now a tank's and a canister's own ``capacity`` and
``occupied`` hold those totals, kept by triggers on ``storage_locations`` the way 0002's triggers
on ``cryo_devices`` keep a cane's or goblet's ``occupied`` (the device's trigger moves the
holder's count, and the holder's change moves its canister's and its tank's totals in the same
statement):
- ``capacity``: the positions of the canes and goblets below that are not retired;
- ``occupied``: the devices in the canes and goblets below.
Whatever writes a cane or goblet (a new one, a capacity changed, retired, moved, deleted), the
totals follow. ``bench-app verify`` recounts them. A later migration that recreates
``storage_locations`` (SQLite batch mode) must create the triggers again.
"""
from alembic import op

revision = '0014_location_totals'
down_revision = '0013_server_roles'
branch_labels = None
depends_on = None

HOLDERS = "('cane', 'goblet')"
# What one cane or goblet adds to the totals above it.
_POSITIONS = "CASE WHEN {row}.retired THEN 0 ELSE {row}.capacity END"
_ABOVE = "kind NOT IN " + HOLDERS + " AND id IN ({row}.parent_id, {row}.tank_id)"


def _add(row: str, sign: str) -> str:
    return (f"UPDATE storage_locations SET capacity = capacity {sign} {_POSITIONS.format(row=row)}, "
            f"occupied = occupied {sign} {row}.occupied WHERE {_ABOVE.format(row=row)};")


SQLITE_TRIGGERS = (
    f"CREATE TRIGGER storage_locations_totals_insert AFTER INSERT ON storage_locations "
    f"WHEN NEW.kind IN {HOLDERS} BEGIN {_add('NEW', '+')} END",
    f"CREATE TRIGGER storage_locations_totals_update AFTER UPDATE OF capacity, occupied, retired, parent_id, tank_id "
    f"ON storage_locations WHEN OLD.kind IN {HOLDERS} OR NEW.kind IN {HOLDERS} BEGIN "
    f"UPDATE storage_locations SET capacity = capacity - {_POSITIONS.format(row='OLD')}, "
    f"occupied = occupied - OLD.occupied WHERE OLD.kind IN {HOLDERS} AND {_ABOVE.format(row='OLD')}; "
    f"UPDATE storage_locations SET capacity = capacity + {_POSITIONS.format(row='NEW')}, "
    f"occupied = occupied + NEW.occupied WHERE NEW.kind IN {HOLDERS} AND {_ABOVE.format(row='NEW')}; END",
    f"CREATE TRIGGER storage_locations_totals_delete AFTER DELETE ON storage_locations "
    f"WHEN OLD.kind IN {HOLDERS} BEGIN {_add('OLD', '-')} END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION storage_locations_totals() RETURNS trigger AS $$ BEGIN "
    f"IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind IN {HOLDERS} THEN {_add('OLD', '-')} END IF; "
    f"IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.kind IN {HOLDERS} THEN {_add('NEW', '+')} END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER storage_locations_totals_insert_delete AFTER INSERT OR DELETE ON storage_locations "
    "FOR EACH ROW EXECUTE FUNCTION storage_locations_totals()",
    "CREATE TRIGGER storage_locations_totals_update AFTER UPDATE OF capacity, occupied, retired, parent_id, tank_id "
    "ON storage_locations FOR EACH ROW WHEN (OLD.capacity IS DISTINCT FROM NEW.capacity "
    "OR OLD.occupied IS DISTINCT FROM NEW.occupied OR OLD.retired IS DISTINCT FROM NEW.retired "
    "OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.tank_id IS DISTINCT FROM NEW.tank_id) "
    "EXECUTE FUNCTION storage_locations_totals()",
)
# The totals as they stand, recounted (a tank's over the holders of the tank, a canister's over its own).
RECOUNT = tuple(
    "UPDATE storage_locations SET "
    f"capacity = (SELECT coalesce(sum({_POSITIONS.format(row='h')}), 0) FROM storage_locations h "
    f"WHERE h.{column} = storage_locations.id AND h.kind IN {HOLDERS}), "
    f"occupied = (SELECT coalesce(sum(h.occupied), 0) FROM storage_locations h "
    f"WHERE h.{column} = storage_locations.id AND h.kind IN {HOLDERS}) "
    f"WHERE {where}"
    for column, where in (("tank_id", "kind = 'tank'"), ("parent_id", f"kind NOT IN {HOLDERS} AND kind <> 'tank'")))


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in RECOUNT:
        op.execute(statement)
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS storage_locations_totals_{verb}")
    else:
        op.execute("DROP TRIGGER IF EXISTS storage_locations_totals_insert_delete ON storage_locations")
        op.execute("DROP TRIGGER IF EXISTS storage_locations_totals_update ON storage_locations")
        op.execute("DROP FUNCTION IF EXISTS storage_locations_totals()")
    op.execute(f"UPDATE storage_locations SET capacity = 0, occupied = 0 WHERE kind NOT IN {HOLDERS}")
