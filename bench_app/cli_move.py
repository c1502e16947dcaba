"""``bench-app move-to URL``: move a single-PC lab's SQLite database onto the PostgreSQL server.

``bench-app --db C:\\Bench\\bench.db move-to postgresql+psycopg://bench_owner@server/bench`` copies
every table into the empty database at URL, verifies it there and prints a summary (see
bench_app.services.move_service). Give the password in PGPASSWORD (or ~/.pgpass), not in the URL,
so it stays out of the shell's history; it is never printed either way.
"""

from __future__ import annotations

import sys

from bench_app.domain.redaction import redact

HELP = "copy this single-PC (SQLite) database into an empty PostgreSQL database, then verify it there"


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    q = sub.add_parser("move-to", parents=[db_opt], help=HELP, description=HELP + ".")
    q.add_argument("url", metavar="URL", help="the empty target, e.g. postgresql+psycopg://bench_owner@server/bench "
                                              "(password in PGPASSWORD)")
    q.add_argument("--batch", type=int, default=5000, metavar="ROWS", help="rows per batch (default 5000)")


def cmd_move_to(args, url: str) -> int:
    from bench_app.cli_common import operator_name
    from bench_app.config import configured_workstation
    from bench_app.services.move_service import move_to_postgresql

    def progress(line: str) -> None:
        print(f"  {line}", file=sys.stderr, flush=True)

    result = move_to_postgresql(url, args.url, by=operator_name(), workstation=configured_workstation(),
                                progress=progress, batch_rows=max(1, args.batch))
    print(f"Moved {result.source} to {redact(result.target)} (schema {result.revision}"
          + (f", upgraded from {result.upgraded_from} on a copy; the file itself is unchanged" if result.upgraded_from
             else "") + ").")
    width = max(len(t.name) for t in result.tables)
    for t in result.tables:
        print(f"  {t.name:<{width}}  {t.rows:>10,} {'row' if t.rows == 1 else 'rows'}, the same on the server")
    print(f"{result.rows:,} rows in {len(result.tables)} tables copied in {result.copy_seconds:.1f} s "
          f"({result.rows_per_second:,.0f} rows/s, {result.method}), {result.seconds:.1f} s in all with the "
          f"verification; {result.sequences_reset} sequences set to "
          f"continue after the highest id; audit chain of {result.audit_events:,} events verified on the server, "
          f"and the move recorded as one more event.")
    print("Point the workstations at the server now (database.location), and keep the single-PC file as it is.")
    return 0


COMMANDS = {"move-to": cmd_move_to}
