"""`bench-app report outcomes`: the clinic year's figures in the CLI's JSON, CSV and XLSX."""

from __future__ import annotations

import pytest

import csv
import io
import json

from openpyxl import load_workbook

from bench_app.services.registry import open_services
from bench_app.services.witness_service import WitnessInput
from tests.cli.conftest import PASSWORD, assert_one_line_error, run_cli
from tests.services.outcomes_fixtures import YEAR, enter_clinic_year


def _clinic_year(db) -> None:
    sv = open_services(f"sqlite:///{db}", workstation="cli-test")
    try:
        emma = sv.users.sign_in("emma", PASSWORD)
        enter_clinic_year(sv, emma, WitnessInput(username="sam", secret="1111", identifiers=("MRN", "tube")))
    finally:
        sv.close()


@pytest.mark.sqlite_only  # the clinic year is entered through the services on the test's SQLite file
def test_outcomes_json_csv_and_xlsx(bench_db, tmp_path, cli_here):
    _clinic_year(bench_db)
    out = tmp_path / "outcomes.json"
    done = run_cli("report", "outcomes", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--by", "procedure_type",
                   "--by", "diagnosis", "--records", "--format", "json", "-o", str(out), "--as", "sam",
                   "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["from"], doc["to"], doc["by"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31", ["procedure_type", "diagnosis"])
    by_key = {(i["indicator"], tuple(sorted(i["stratum"].items()))): i for i in doc["indicators"]}
    stratum = (("diagnosis", "NOA"), ("procedure_type", "micro-TESE"))
    srr = by_key[("srr_procedure", stratum)]
    assert (srr["numerator"], srr["denominator"]) == (13, 23) and round(100 * srr["rate"], 1) == 56.5
    assert 0.36 < srr["interval_95"][0] < 0.37 and 0.74 < srr["interval_95"][1] < 0.75
    assert len(srr["records"]["numerator"]) == 13 and len(srr["records"]["denominator"]) == 23
    assert any(r["label"].startswith("NOA micro-TESE") for r in srr["references"])
    preg = by_key[("pregnancy_per_positive_retrieval", stratum)]
    assert (preg["numerator"], preg["denominator"]) == (6, 13)

    csv_file = tmp_path / "outcomes.csv"
    done = cli_here("report", "outcomes", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--by",
                    "procedure_type,diagnosis", "--format", "csv", "-o", str(csv_file), "--as", "sam",
                    "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    srr_row = [r for r in rows if r["indicator"] == "srr_procedure"][0]
    assert (srr_row["numerator"], srr_row["denominator"], srr_row["rate_percent"]) == ("13", "23", "56.52")
    preg_row = [r for r in rows if r["indicator"] == "pregnancy_per_positive_retrieval"][0]
    assert (preg_row["numerator"], preg_row["denominator"]) == ("6", "13")

    xlsx = tmp_path / "outcomes.xlsx"
    done = cli_here("report", "outcomes", "--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--format", "xlsx",
                    "-o", str(xlsx), "--as", "sam", "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[3]]
    srr_cells = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=4)
                 if r[0].value == "srr_procedure"][0]
    assert (srr_cells["numerator"], srr_cells["denominator"]) == (13, 23)


def test_outcomes_arguments(bench_db, tmp_path, cli_here):
    base = ("report", "outcomes", "-o", str(tmp_path / "x.json"), "--as", "sam", "--password-stdin")
    bad_date = cli_here(*base, "--from", "2025-13-01", "--to", "2025-12-31", db=bench_db, stdin=PASSWORD + "\n")
    assert_one_line_error(bad_date, "--from", "YYYY-MM-DD")
    backwards = cli_here(*base, "--from", "2025-12-31", "--to", "2025-01-01", db=bench_db, stdin=PASSWORD + "\n")
    assert_one_line_error(backwards, "ends before it starts")
    unknown = cli_here(*base, "--from", "2025-01-01", "--to", "2025-12-31", "--by", "shoe_size", db=bench_db,
                       stdin=PASSWORD + "\n")
    assert_one_line_error(unknown, "unknown breakdown", "embryologist")
    empty = cli_here(*base, "--from", "2025-01-01", "--to", "2025-12-31", db=bench_db, stdin=PASSWORD + "\n")
    assert empty.returncode == 0
    doc = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    srr = [i for i in doc["indicators"] if i["indicator"] == "srr_procedure"][0]
    assert (srr["numerator"], srr["denominator"], srr["rate"], srr["interval_95"]) == (0, 0, None, None)
