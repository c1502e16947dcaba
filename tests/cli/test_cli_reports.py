"""`bench-app report`, `labels` and `verify-report` as a person at a terminal uses them."""

from __future__ import annotations

from datetime import date, timedelta

from bench_app.services.registry import open_services
from tests.cli.conftest import PASSWORD, assert_one_line_error, rows, run_cli, url_of
from tests.reports.pdf_reading import decode, pages_text
from tests.services.cryo_fixtures import emma_witness


def _sample(db) -> str:
    """A patient with one witnessed sample, added through the services."""
    sv = open_services(url_of(db), workstation="cli-test")
    try:
        emma = sv.users.sign_in("emma", PASSWORD)
        c = sv.patients.register_couple(emma, male=dict(mrn="C-77", family_name="Öztürk", given_names="Ömer",
                                                        date_of_birth=date(1980, 5, 5)))
        proc = sv.retrieval.create_procedure(
            emma, patient_id=c.male.id, cycle_id=None, procedure_type="TESA",
            started_at=sv.ctx.clock() - timedelta(minutes=30), surgeon="Dr. Demo", anaesthesia="local",
            side="left", indication="OA", planned_use="freeze")
        witness = emma_witness("MRN C-77").__class__(username="sam", secret="1111", identifiers=("MRN C-77",))
        return sv.retrieval.receive_sample(emma, procedure_id=proc.id, received_at=sv.ctx.clock(),
                                           witness=witness).code
    finally:
        sv.close()


def test_labels_worksheet_custody_and_verify(bench_db, tmp_path, cli_here):
    code = _sample(bench_db)
    label = tmp_path / "label.pdf"
    done = run_cli("labels", "--code", code, "-o", str(label), "--as", "emma", "--password-stdin", db=bench_db,
                   stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert decode(label.read_bytes()) == [("Code128", code)]
    again = cli_here("labels", "--code", code, "-o", str(label), "--as", "emma", "--password-stdin",
                     db=bench_db, stdin=PASSWORD + "\n")
    assert_one_line_error(again, "printed before", "say why")
    again = cli_here("labels", "--code", code, "--reprint-reason", "torn", "-o", str(label), "--as", "emma",
                     "--password-stdin", db=bench_db, stdin=PASSWORD + "\n")
    assert again.returncode == 0 and "1 reprint" in again.stdout
    assert rows(bench_db, "SELECT is_reprint, reason FROM label_prints ORDER BY id") == [(0, ""), (1, "torn")]

    sheet = tmp_path / "sheet.pdf"
    today = date.today().isoformat()
    done = cli_here("report", "worksheet", "--date", today, "-o", str(sheet), "--as", "sam", "--password-stdin",
                    db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Page 1 of 1" in pages_text(sheet.read_bytes())[0] and "Printed by Sam Supervisor" in pages_text(
        sheet.read_bytes())[0]

    report = tmp_path / "custody.pdf"
    done = run_cli("report", "custody", "--patient", "C-77", "-o", str(report), "--as", "sam", "--password-stdin",
                   db=bench_db, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "ÖZTÜRK, Ömer" in pages_text(report.read_bytes())[0]
    ok = run_cli("verify-report", str(report), db=bench_db)
    assert ok.returncode == 0 and ok.stdout.startswith("VERIFIED"), ok
    bad = cli_here("verify-report", str(label), db=bench_db)
    assert bad.returncode == 1 and bad.stdout.startswith("NOT VERIFIED")


def test_printing_needs_a_signed_in_person_and_clear_arguments(bench_db, tmp_path, cli_here):
    wrong = cli_here("report", "worksheet", "--date", "2026-11-20", "-o", str(tmp_path / "x.pdf"), "--as", "sam",
                     "--password-stdin", db=bench_db, stdin="nope\n")
    assert_one_line_error(wrong, "wrong password")
    assert_one_line_error(cli_here("report", "worksheet", "--date", "20/11/2026", "-o", "x.pdf", "--as", "sam",
                                   "--password-stdin", db=bench_db, stdin=PASSWORD + "\n"), "yyyy-mm-dd")
    assert_one_line_error(cli_here("report", "custody", "-o", "x.pdf", "--as", "sam", "--password-stdin",
                                   db=bench_db, stdin=PASSWORD + "\n"), "--code", "--patient")
    assert_one_line_error(cli_here("labels", "--code", "S-0", "--send", "127.0.0.1:9", "--as", "emma",
                                   "--password-stdin", db=bench_db, stdin=PASSWORD + "\n"), "--zpl")
    assert_one_line_error(cli_here("labels", "--code", "nothing", "-o", str(tmp_path / "l.pdf"), "--as", "emma",
                                   "--password-stdin", db=bench_db, stdin=PASSWORD + "\n"), "not a sample")
