"""The signed tank-audit PDF and the canister sheet, read back from the file."""

from __future__ import annotations

from bench_app.domain.inventory import holder_code
from tests.conftest import PASSWORD
from tests.reports.pdf_reading import pages_text
from tests.services.cryo_fixtures import freeze_ejaculate, patient
from tests.services.inventory_fixtures import audit_lab, emma_witness


def test_signed_audit_pdf_states_scope_counts_discrepancies_map_and_signatures(services, team, clock):
    lab = audit_lab(services, team, clock)
    inv = services.inventory
    audit = inv.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())
    for cane in lab.canes:
        inv.take_out_cane(team.supervisor, audit.id, cane.id)
        if cane.id == lab.canes[0].id:
            for d in lab.a_devices[:2]:
                inv.register_scan(team.supervisor, audit.id, cane.id, d.code)
        if cane.id == lab.canes[1].id:
            for d in lab.b_devices:
                inv.register_scan(team.supervisor, audit.id, cane.id, d.code)
        inv.finish_cane(team.supervisor, audit.id, cane.id)
    (missing,) = inv.findings(audit.id)
    inv.explain(team.supervisor, missing.id, reason="lost", note="not in the tank")
    services.inventory_resolutions.resolve(team.supervisor, missing.id, resolution="report_incident",
                                           note="reported to the lab director", witness=emma_witness())
    inv.close_audit(team.supervisor, audit.id, password=PASSWORD, witness_username="emma", witness_secret="2222")
    doc = inv.report_pdf(team.supervisor, audit.id)
    text = " ".join(" ".join(pages_text(doc.content)).split())  # cells wrap onto lines
    assert "Tank audit #1 · signed" in text and "whole tank" in text
    assert "expected 5 · found 4 · discrepant 1" in text
    assert lab.a_devices[2].code in text and "expected, not found" in text and "lost" in text
    assert "reported as an incident" in text and "reported to the lab director" in text
    assert "Cane 1 ✓ 3 expected, 1 discrepant" in text and "6 of 6" in text
    assert "Sam Supervisor" in text and "approved" in text and "Emma Embryologist" in text and "witnessed" in text
    assert "Page 1 of" in text
    data = inv.report_data(audit.id)
    assert data.content_hash and data.content_hash in text


def test_canister_sheet_lists_devices_cane_by_cane_and_marks_consent(services, team, clock):
    lab = audit_lab(services, team, clock)
    man_c, _, consent = patient(services, team, clock, mrn="M-300", family="Haddad", given="Omar", expiry_days=5)
    freeze_ejaculate(services, team.embryologist, man_c.id, [(lab.canes[2].id, 1)])
    clock.advance(days=10)
    canister = services.storage.children(lab.tank.id)[0]
    doc = services.inventory.canister_sheet_pdf(team.supervisor, canister.id)
    text = " ".join(" ".join(pages_text(doc.content)).split())
    assert f"Cane 1 ({holder_code(lab.canes[0].id)})" in text
    for d in lab.a_devices:
        assert d.code in text
    assert lab.thawed.code not in text   # only stored devices are expected
    assert "EXPIRED" in text and "Haddad".upper() in text.upper()
