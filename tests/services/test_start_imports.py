"""Opening an up-to-date database loads only what start-up needs (issue 8's start-up target).

Alembic (migrations) and reportlab, pypdf and zxing-cpp (printing) take hundreds of
milliseconds to import; they load when a database needs upgrading or something is
printed, not at every start.
"""

import subprocess
import sys

from bench_app.services.registry import open_services

HEAVY = ("alembic", "reportlab", "pypdf", "zxingcpp", "arabic_reshaper", "babel")
PROBE = """
import sys
from bench_app.services.registry import open_services
sv = open_services(sys.argv[1])
sv.worksheet.day(sv.ctx.clock().date())
print(" ".join(m for m in sys.argv[2:] if m in sys.modules) or "none")
"""


def test_opening_an_up_to_date_database_imports_no_migration_or_printing_library(tmp_path):
    url = f"sqlite:///{tmp_path / 'lab.db'}"
    open_services(url).close()  # created and migrated: from now on it is up to date
    out = subprocess.run([sys.executable, "-c", PROBE, url, *HEAVY], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["none"]


def test_printing_still_loads_what_it_needs(services, team):
    printed = services.worksheet.pdf(team.supervisor, services.ctx.clock().date())
    assert printed.content.startswith(b"%PDF") and "reportlab" in sys.modules
