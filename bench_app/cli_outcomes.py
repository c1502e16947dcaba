"""``bench-app report outcomes --format pdf``: the quality report of a period, signed and recorded.

The same report the Outcomes area prints: written to ``-o FILE`` inside the issuing transaction,
so a file that cannot be written records nothing, and a failure to record removes the file.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from bench_app.cli_common import plural
from bench_app.cli_print import FileDelivery


def write_quality_report(services, actor, args, start: date, end: date, by: Sequence[str]) -> int:
    to_file = FileDelivery(args.output)
    try:
        doc = services.quality_report.issue(actor, start=start, end=end, by=by, deliver=to_file)
    except BaseException:
        to_file.undo()
        raise
    print(f"Wrote quality report no. {doc.report_no} for {start.isoformat()} to {end.isoformat()} "
          f"({plural(doc.page_count, 'page')}, signed) to {args.output} ({len(doc.content)} bytes).")
    return 0
