"""People see records by codes, dates and names, never by database numbers ("cycle #45", "thaw #5").

Scans the source of the core, the reports and the screens for text that shows a record's
internal id after a '#'. Records that people do number themselves (incidents, discard
requests, tank audits, audit-trail events, review and finding numbers shown in their own
lists) may keep their number; "There is no … #id" lookups name what was asked for.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWN_ID = re.compile(r"#\{[^}]*(\bid|_id)\}|literal\(\"[^\"]*#\"\)")  # f-strings, and SQL that writes "x #" + id
NUMBERED_BY_PEOPLE = re.compile(r"(incident|discard|audit|event|finding|review|entity_id|There is no|No )", re.I)


def offending_lines() -> list[str]:
    found = []
    for folder in ("bench_app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SHOWN_ID.search(line) and not NUMBERED_BY_PEOPLE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_screen_report_or_message_names_a_record_by_its_database_number():
    assert offending_lines() == []


def test_the_scan_finds_such_text():
    sample = 'text = f"thaw #{te.id} for cycle #{te.cycle_id}"'
    assert SHOWN_ID.search(sample) and not NUMBERED_BY_PEOPLE.search(sample)
    sql = '(literal("procedure #") + cast(p.id, String)).label("unit_code")'
    assert SHOWN_ID.search(sql) and not NUMBERED_BY_PEOPLE.search(sql)
