"""The benchmark's own copy of a SQLite database into an empty PostgreSQL database (bench/bench_pg.py).

Not the lab's way to move (that is ``bench-app move-to``, which also verifies): this is the
quickest faithful copy for measuring, with PostgreSQL's COPY. The target is migrated to the
same schema first; rows go across table by table as the ORM's column types write them (UTC
times stored naive, as the app stores them); foreign keys are checked by the constraints'
triggers, which the copy's session skips (``session_replication_role = replica``: the source
already satisfied them, and some tables point at each other); then each id sequence is set past
its highest id and the tables are analysed. Rows the migrations seed (the audit chain's head, the
code counters) are replaced by the source's, as after any bulk load.
"""

from __future__ import annotations

import time

from sqlalchemy import Integer, func, select, text

from bench_app.persistence.base import Base
from bench_app.persistence.engine import make_engine
from bench_app.persistence.migrate import upgrade_to_head
import bench_app.persistence.models  # noqa: F401 - every table on Base.metadata


def copy_sqlite_to_postgresql(sqlite_url: str, pg_url: str, *, log=print) -> dict[str, int]:
    """Copy every table of ``sqlite_url`` into the empty database at ``pg_url``; rows per table."""
    source, target = make_engine(sqlite_url), make_engine(pg_url)
    try:
        upgrade_to_head(target)
        counts: dict[str, int] = {}
        started = time.perf_counter()
        raw = target.raw_connection()
        try:
            pg = raw.driver_connection
            with pg.cursor() as cur:
                cur.execute("SET session_replication_role = replica")
                cur.execute("SET statement_timeout = 0")  # one table's COPY takes minutes on the large one
                for table in reversed(Base.metadata.sorted_tables):  # what the migrations seed (the chain's head)
                    cur.execute(f'DELETE FROM "{table.name}"')
                with source.connect() as src, src.begin():  # one snapshot: a writer meanwhile is not half-copied
                    for table in Base.metadata.sorted_tables:
                        columns = list(table.columns)
                        binds = [c.type._cached_bind_processor(target.dialect) for c in columns]
                        names = ", ".join(f'"{c.name}"' for c in columns)
                        n = 0
                        with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                            for row in src.execute(select(*columns)).yield_per(5000):
                                copy.write_row([b(v) if b is not None and v is not None else v
                                                for b, v in zip(binds, row)])
                                n += 1
                        counts[table.name] = n
                cur.execute("SET session_replication_role = origin")
            pg.commit()
        finally:
            raw.close()
        with target.begin() as conn:
            for table in Base.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and isinstance(pk[0].type, Integer) and pk[0].autoincrement in (True, "auto"):
                    top = conn.execute(select(func.max(pk[0]))).scalar()
                    if top is not None:
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', "
                                          f"'{pk[0].name}'), :top)"), {"top": top})
        with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("SET statement_timeout = 0")
            conn.exec_driver_sql("VACUUM ANALYZE")  # statistics and the visibility map, as after any bulk load
        log(f"copied {sum(counts.values()):,} rows in {len(counts)} tables to PostgreSQL "
            f"in {time.perf_counter() - started:.0f} s")
        return counts
    finally:
        source.dispose()
        target.dispose()
