"""Moving a single-PC lab onto the server: a SQLite database copied whole into an empty PostgreSQL database.

``bench-app --db lab.db move-to postgresql+psycopg://bench_owner@server/bench`` comes here. In one
PostgreSQL transaction, holding the lab-wide write lock, it:

1. checks that the target is empty: no table at all (a database just made with CREATE DATABASE),
   or Bench's schema at this version with nothing recorded in it yet (IT ran ``bench-app upgrade``
   first). A table of any other program, or any Bench record, refuses the move: a lab's records
   are never merged into a database that holds something already;
2. creates the schema by the migrations (the same revision as the source);
3. copies every table, parents before children, in primary-key order and in batches (COPY with
   psycopg 3, else executemany), keeping every primary key. The occupancy triggers of
   ``cryo_devices`` and the totals' triggers of ``storage_locations`` are off while the rows go
   in: the copied counts and totals are already right, and would be counted twice;
4. sets every sequence to continue after the highest id, so the next record gets a fresh id;
5. verifies what it wrote, before committing: the row count of every table equals the
   source's, the audit hash chain recomputes from the first event to the head, and the kept
   occupancy counts match the devices; then appends one audit event saying where the records
   came from, and commits;
6. analyses the tables (VACUUM ANALYZE, as after any bulk load), so the server plans the first
   queries with statistics and reads the copied rows' visibility from the map rather than from
   every row.

The benchmark (bench/bench_pg.py) loads its databases onto a server with this same move, leaving
out only the chain's recomputation (``verify_chain=False``: minutes on a twenty-year database); the
row counts are checked either way.

Any failure, at any step, rolls the whole transaction back: the target is left as empty as it
was (PostgreSQL's DDL is transactional, so even the schema goes). The source file is only read.

An older SQLite database (an earlier Bench) is upgraded on a scratch copy, never in place: the
lab's own file stays exactly as it was, still usable on its PC if the move is called off, and
IT need not run the old PC's Bench first. A database from a newer Bench is refused.

The audit chain survives because every value hashed is kept exactly: ``changes`` and the other
texts are copied as text, ``occurred_at`` as the same naive UTC timestamp with its microseconds
(PostgreSQL's ``timestamp`` keeps microseconds, as the hash does), ids as they were.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import Table, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bench_app.domain.enums import AuditAction
from bench_app.domain.errors import BenchError
from bench_app.domain.redaction import redact
from bench_app.persistence.base import Base, UTCDateTime
from bench_app.persistence.engine import make_engine, take_write_lock
from bench_app.persistence.location import sqlite_path
from bench_app.persistence.migrate import HEAD_REVISION, alembic_config, known_revisions, revision_on
from bench_app.services.audit_service import AuditService
from bench_app.services.audit_writer import write_event
from bench_app.services.maintenance_service import file_sha256
from bench_app.services.context import ServiceContext

BATCH_ROWS = 5000
# Rows the migrations themselves put into a new database (the chain's head, the code counters at 0):
# a target holding only these is still empty.
SEEDED_TABLES = ("audit_head", "code_counters")
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
Progress = Callable[[str], None]


class MoveRefused(BenchError):
    """The move cannot start or did not verify; the target was left as it was."""


@dataclass(frozen=True)
class TableCopied:
    name: str
    rows: int


@dataclass(frozen=True)
class MoveResult:
    source: Path
    target: str  # the URL with its password hidden
    revision: str
    upgraded_from: str | None  # the source's revision when it was upgraded on a scratch copy
    schema_created: bool
    tables: tuple[TableCopied, ...]
    sequences_reset: int
    audit_events: int | None  # events whose chain was verified; None: not asked (verify_chain=False)
    seconds: float  # the whole move
    copy_seconds: float  # creating the schema and copying the rows (before the verification)
    method: str  # "COPY" or "executemany"

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def rows_per_second(self) -> float:
        """Rows copied per second of copying."""
        return self.rows / self.copy_seconds if self.copy_seconds > 0 else float(self.rows)


def move_to_postgresql(source_url: str, target_url: str, *, by: str, workstation: str = "",
                       clock: Callable[[], datetime] | None = None, progress: Progress | None = None,
                       batch_rows: int = BATCH_ROWS, use_copy: bool = True, verify_chain: bool = True,
                       fail_after_table: str | None = None) -> MoveResult:
    """Copy the SQLite database at ``source_url`` into the empty PostgreSQL database at ``target_url``.

    ``verify_chain=False`` leaves out recomputing the audit chain on the server (the benchmark's load; the lab's
    move always verifies it). ``fail_after_table`` makes the move fail once that table is copied (tests prove
    the rollback with it).
    """
    say = progress or (lambda _text: None)
    clock = clock or (lambda: datetime.now(timezone.utc))
    source = _source_file(source_url)
    if not target_url.startswith("postgresql"):
        raise MoveRefused(f"move-to copies into a PostgreSQL database; {redact(target_url)[:120]} is not one "
                          f"(give postgresql+psycopg://USER@HOST/DATABASE).")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-move-") as tmp:
        readable, upgraded_from = _source_at_head(source, Path(tmp))
        src_engine = make_engine(f"sqlite:///{readable}")
        # No statement limit: copying a twenty-year table is one long COPY.
        dst_engine = make_engine(target_url, lock_timeout=10.0, statement_timeout=0)
        try:
            with src_engine.connect() as src, dst_engine.connect() as dst:
                with src.begin():  # one read transaction: a consistent snapshot of the source
                    with dst.begin():
                        dst.exec_driver_sql("SET LOCAL idle_in_transaction_session_timeout = 0")
                        take_write_lock(dst, wait_seconds=10)
                        created = _prepare_target(dst, say)
                        method = "COPY" if use_copy and _is_psycopg3(dst) else "executemany"
                        tables = _copy_tables(src, dst, say, batch_rows=batch_rows, use_copy=method == "COPY",
                                              fail_after_table=fail_after_table)
                        sequences = _reset_sequences(dst)
                        copied = time.monotonic()
                        say("verifying row counts and the audit chain on the server" if verify_chain
                            else "verifying row counts on the server")
                        events = _verify(dst, tables, verify_chain=verify_chain)
                        _record_move(dst, source, by=by, workstation=workstation, clock=clock,
                                     upgraded_from=upgraded_from)
            say("analysing the tables for the server's query planner")
            _analyse(dst_engine, say)
        except (DBAPIError, dst_engine.dialect.loaded_dbapi.Error) as exc:  # COPY speaks to the driver itself
            raise MoveRefused(f"The move failed and was undone, so the server holds nothing of it: "
                              f"{' '.join(redact(getattr(exc, 'orig', None) or exc).split())[:400]}") from exc
        finally:
            src_engine.dispose()
            dst_engine.dispose()
    return MoveResult(source, redact(target_url), HEAD_REVISION, upgraded_from, created, tuple(tables), sequences,
                      events, time.monotonic() - started, copied - started, method)


# --- the source -------------------------------------------------------------------------


def _source_file(source_url: str) -> Path:
    path = sqlite_path(source_url)
    if path is None:
        raise MoveRefused("move-to copies a single-PC (SQLite) database: give its file with --db FILE.")
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise MoveRefused(f"There is no database file at {path}.")
    return path


def _source_at_head(source: Path, scratch: Path) -> tuple[Path, str | None]:
    """The file to read (the source itself, or an upgraded scratch copy) and the revision it was upgraded from."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as conn:
            has_version = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                                       "AND name='alembic_version'").fetchone()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] if has_version else None
    except sqlite3.DatabaseError as exc:
        raise MoveRefused(f"{source} is not a Bench database ({exc}).") from None
    if revision is None:
        raise MoveRefused(f"{source} is not a Bench database (it has no schema revision).")
    if revision == HEAD_REVISION:
        return source, None
    if revision not in known_revisions():
        raise MoveRefused(f"{source} was made by a newer Bench (schema {revision}); move it with that version.")
    copy = scratch / "upgraded.db"
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    # A plain engine, foreign keys off while batch mode rebuilds tables (as SQLite's own ALTER advice says),
    # then checked: the upgraded copy must hold no dangling reference.
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            from alembic import command

            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    finally:
        engine.dispose()
    if dangling is not None:
        raise MoveRefused(f"{source} does not upgrade cleanly (table {dangling[0]}, row {dangling[1]} refers to a "
                          f"missing record); nothing was written.")
    return copy, revision


# --- the target -------------------------------------------------------------------------


def _prepare_target(dst, say: Progress) -> bool:
    """Refuse a target that holds anything; create the schema when there is none. True if created."""
    found = dst.execute(text(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_toast%' "
        "ORDER BY table_schema, table_name")).all()
    bench = {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
    schema = dst.execute(text("SELECT current_schema()")).scalar()
    foreign = [f"{s}.{n}" for s, n in found if s != schema or n not in bench]
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise MoveRefused(f"The target database is not empty: it holds tables that are not Bench's "
                          f"({', '.join(foreign[:3])}{more}). Move into a new, empty database "
                          f"(CREATE DATABASE ... OWNER ...); nothing was written.")
    if not found:
        say("creating the schema on the server")
        cfg = alembic_config()
        cfg.attributes["connection"] = dst
        from alembic import command

        command.upgrade(cfg, "head")
        _clear_seeded(dst)
        return True
    present = {n for _s, n in found}
    missing = sorted(bench - present)
    revision = revision_on(dst)
    if missing or revision != HEAD_REVISION:
        raise MoveRefused(f"The target database holds part of a Bench schema (revision {revision or 'none'}"
                          + (f", no table {missing[0]}" if missing else "") + f"; this Bench writes {HEAD_REVISION}). "
                          "Move into a new, empty database; nothing was written.")
    for table in Base.metadata.sorted_tables:
        if table.name in SEEDED_TABLES:
            continue
        if dst.execute(select(func.count()).select_from(table)).scalar_one():
            raise MoveRefused(f"The target database already holds Bench records (table {table.name} has rows): "
                              "a lab is only moved into an empty database; nothing was written.")
    last_event, counted = dst.execute(text("SELECT last_event_id, (SELECT coalesce(sum(last_serial), 0) "
                                           "FROM code_counters) FROM audit_head")).one()
    if last_event or counted:
        raise MoveRefused("The target database has already been used (its audit head or code counters moved); "
                          "nothing was written.")
    _clear_seeded(dst)
    return False


def _clear_seeded(dst) -> None:
    for name in SEEDED_TABLES:  # the source's own rows take their place
        dst.execute(text(f'DELETE FROM "{name}"'))


def _is_psycopg3(dst) -> bool:
    return dst.dialect.driver == "psycopg"


def _copy_tables(src, dst, say: Progress, *, batch_rows: int, use_copy: bool,
                 fail_after_table: str | None) -> list[TableCopied]:
    copied: list[TableCopied] = []
    tables = list(Base.metadata.sorted_tables)
    triggered = ("cryo_devices", "storage_locations")  # the copied counts and totals are already right
    for table_name in triggered:
        dst.exec_driver_sql(f'ALTER TABLE "{table_name}" DISABLE TRIGGER USER')
    for n, table in enumerate(tables, 1):
        batches = _batches(src, table, batch_rows)
        rows = _copy_table(dst, table, batches) if use_copy else sum(_insert_batch(dst, table, b) for b in batches)
        copied.append(TableCopied(table.name, rows))
        if rows:
            say(f"{n}/{len(tables)} {table.name}: {rows:,} rows")
        if fail_after_table == table.name:
            raise MoveRefused(f"The move was stopped after table {table.name} (as asked); nothing was kept.")
    for table_name in triggered:
        dst.exec_driver_sql(f'ALTER TABLE "{table_name}" ENABLE TRIGGER USER')
    return copied


def _batches(src, table: Table, size: int) -> Iterator[list[tuple]]:
    convert = [_naive_utc if isinstance(c.type, UTCDateTime) else None for c in table.columns]
    result = src.execution_options(yield_per=size).execute(select(table).order_by(*table.primary_key.columns))
    for part in result.partitions(size):
        yield [tuple(v if f is None or v is None else f(v) for f, v in zip(convert, row)) for row in part]


def _naive_utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def _copy_table(dst, table: Table, batches: Iterable[list[tuple]]) -> int:
    """One COPY for the whole table, fed batch by batch as the source is read; the row count."""
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    rows = 0
    with dst.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for batch in batches:
                for row in batch:
                    copy.write_row(row)
                rows += len(batch)
    return rows


def _insert_batch(dst, table: Table, rows: list[tuple]) -> int:
    names = [c.name for c in table.columns]
    # Values are already plain: write them without the model's types (the UTC type wants aware times).
    marks = ", ".join(f"%({i})s" for i in range(len(names)))
    columns = ", ".join(f'"{n}"' for n in names)
    cursor = dst.connection.driver_connection.cursor()
    cursor.executemany(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})',
                       [{str(i): v for i, v in enumerate(row)} for row in rows])
    cursor.close()
    return len(rows)


def _reset_sequences(dst) -> int:
    """Every sequence behind a column of Bench's tables set to continue after that column's highest value."""
    owned = dst.execute(text(
        "SELECT d.refobjid::regclass::text, a.attname, s.oid::regclass::text "
        "FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
        "AND d.refclassid = 'pg_class'::regclass "
        "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND d.deptype IN ('a', 'i') AND s.relnamespace = current_schema()::regnamespace"
    )).all()
    for table, column, sequence in owned:
        dst.execute(text(f'SELECT setval(:seq, coalesce((SELECT max("{column}") FROM {table}), 0) + 1, false)'),
                    {"seq": sequence})
    return len(owned)


# --- verification and the record of the move --------------------------------------------


class _InTransaction:
    """What AuditService needs of a Database, over the move's own open transaction (so a failed check
    rolls everything back, and nothing is committed before it passed)."""

    is_sqlite = False

    def __init__(self, connection):
        self.connection = connection
        self.url = ""

    def read(self):
        return Session(bind=self.connection, join_transaction_mode="create_savepoint")

    write = read


def _verify(dst, copied: list[TableCopied], *, verify_chain: bool) -> int | None:
    wrong = []
    for t in copied:
        there = dst.execute(select(func.count()).select_from(Base.metadata.tables[t.name])).scalar_one()
        if there != t.rows:
            wrong.append(f"{t.name} has {there} rows on the server, {t.rows} in the source")
    if wrong:
        raise MoveRefused("The copy does not match the source: " + "; ".join(wrong[:3]) + ". Nothing was kept.")
    if not verify_chain:
        return None
    report = AuditService(ServiceContext(db=_InTransaction(dst))).verify()
    if not report.ok:
        raise MoveRefused(f"The audit chain does not verify on the server ({report.problems[0]}); nothing was kept. "
                          "Check the source with bench-app verify.")
    return report.events_checked


def _analyse(engine, say: Progress) -> None:
    """VACUUM ANALYZE Bench's tables, once the move is committed (VACUUM runs outside any transaction)."""
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {names}")
    except DBAPIError as exc:  # the move itself is committed and verified; the server's autovacuum analyses later
        say(f"the tables were not analysed ({' '.join(redact(exc.orig or exc).split())[:200]}); "
            f"the server's autovacuum will analyse them")


def _record_move(dst, source: Path, *, by: str, workstation: str, clock, upgraded_from: str | None) -> None:
    ctx = ServiceContext(db=_InTransaction(dst), clock=clock, workstation=workstation or "")
    with Session(bind=dst, join_transaction_mode="create_savepoint") as s:
        write_event(s, ctx, actor=None, action=AuditAction.RESTORE, entity_type="database", entity_id="",
                    changes={"file": [None, str(source)], "sha256": [None, file_sha256(source)]}, username=by[:64],
                    reason=f"moved in from the single-PC database {source.name}"
                           + (f" (upgraded from schema {upgraded_from} on a copy)" if upgraded_from else ""))
        s.commit()  # releases the savepoint into the move's transaction, which commits it or not
