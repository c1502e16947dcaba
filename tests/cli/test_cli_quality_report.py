"""`bench-app report outcomes --format pdf`: the signed quality report of the clinic year, read back."""

from __future__ import annotations

import pytest

from tests.cli.conftest import PASSWORD, run_cli
from tests.cli.test_cli_outcomes import _clinic_year
from tests.reports.pdf_reading import pages_text
from tests.services.outcomes_fixtures import YEAR


@pytest.mark.sqlite_only  # the clinic year is entered through the services on the test's SQLite file
def test_outcomes_pdf_is_the_signed_quality_report(bench_db, tmp_path, cli_here):
    _clinic_year(bench_db)
    out = tmp_path / "quality.pdf"
    done = cli_here("report", "outcomes", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--by", "surgeon",
                    "--format", "pdf", "-o", str(out), "--as", "sam", "--password-stdin", db=bench_db,
                    stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "quality report no. 1" in done.stdout and "signed" in done.stdout
    text = " ".join(pages_text(out.read_bytes())).replace("\n", " ")
    assert f"Quality report · {YEAR}" in text
    assert "Sperm retrieval rate per procedure" in text and "13/23" in text and "56.5%" in text
    assert "All indicators by surgeon" in text and "Dr. Aydin" in text
    checked = run_cli("verify-report", str(out), db=bench_db)
    assert checked.returncode == 0 and checked.stdout.startswith("VERIFIED: quality_report report no. 1")
