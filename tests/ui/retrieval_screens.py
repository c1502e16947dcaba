"""Screenshots of the Sperm retrieval area, called by make_screenshots (not a test).

Builds, through the services, a micro-TESE of today with three samples (steps, one
positive finding) and a TESA with no sperm yet, then grabs the list, both procedure
views and every dialog, with and without errors.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench_app.services.witness_service import WitnessInput
from ui.common.bidi import isolate


def _witness(identifiers=("MRN", "tube label")) -> WitnessInput:
    return WitnessInput(username="eli", secret="3333", identifiers=tuple(identifiers))


def build_procedures(services, emma, couples):
    """A positive micro-TESE (couple 0) and a TESA being searched (couple 2), both of today."""
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    retrieval, processing = services.retrieval, services.processing
    cycle = services.patients.get_couple(couples[0].id).cycles[0]
    positive = retrieval.create_procedure(
        emma, patient_id=couples[0].male.id, cycle_id=cycle.id, procedure_type="micro-TESE",
        started_at=now - timedelta(minutes=95), surgeon="Dr. Selin Aydın", anaesthesia="general", side="both",
        indication="NOA", planned_use="both", notes="AZFc deletion")
    sites = (("left", "upper pole", "dilated", 12.5), ("left", "mid pole", "thin", 8.0),
             ("right", "lower pole", "mixed", None))
    samples = [retrieval.receive_sample(
        emma, procedure_id=positive.id, received_at=now - timedelta(minutes=80 - 10 * i), witness=_witness(),
        side=side, site=site, tubule_appearance=tub, wet_weight_mg=weight, transport_medium="Sperm wash medium",
        transport_medium_lot="SW-2291") for i, (side, site, tub, weight) in enumerate(sites)]
    s1 = samples[0]
    t = s1.received_at
    processing.add_step(emma, sample_id=s1.id, kind="mechanical_mincing", started_at=t + timedelta(minutes=2),
                        ended_at=t + timedelta(minutes=8), witness=_witness(), medium="Sperm wash medium",
                        medium_lot="SW-2291")
    processing.add_step(emma, sample_id=s1.id, kind="enzymatic_digestion", started_at=t + timedelta(minutes=9),
                        ended_at=t + timedelta(minutes=39), enzyme="collagenase type IV",
                        enzyme_concentration="1 mg/mL", minutes=30, temperature_c=37.0, medium="Collagenase IV",
                        medium_lot="C4-118")
    processing.add_step(emma, sample_id=s1.id, kind="search", started_at=t + timedelta(minutes=41))
    processing.record_finding(emma, sample_id=s1.id, assessed_at=t + timedelta(minutes=50), sperm_found=False)
    processing.record_finding(emma, sample_id=s1.id, assessed_at=t + timedelta(minutes=58), sperm_found=True,
                              count_seen=4, count_basis="per_droplet", twitching=3, immotile=1,
                              viability_test="HOS", viability_result="1 of 1 viable", elongated_spermatids=True)
    processing.add_step(emma, sample_id=samples[1].id, kind="mechanical_mincing",
                        started_at=samples[1].received_at + timedelta(minutes=3), witness=_witness())
    retrieval.set_disposition(emma, s1.id, "fresh_icsi", cycle_id=cycle.id)

    negative = retrieval.create_procedure(
        emma, patient_id=couples[2].male.id, cycle_id=None, procedure_type="TESA", started_at=now - timedelta(minutes=70),
        surgeon="Dr. Selin Aydın", anaesthesia="local", side="left", indication="OA", planned_use="freeze")
    aspirate = retrieval.receive_sample(emma, procedure_id=negative.id, received_at=now - timedelta(minutes=60),
                                        witness=_witness(), side="left", site="mid pole")
    processing.add_step(emma, sample_id=aspirate.id, kind="wash", started_at=now - timedelta(minutes=55),
                        witness=_witness(), override_reason="screenshot set-up: both men's material open")
    processing.record_finding(emma, sample_id=aspirate.id, assessed_at=now - timedelta(minutes=30),
                              sperm_found=False, notes="searched 6 droplets")
    retrieval.receive_sample(emma, procedure_id=negative.id, received_at=now - timedelta(minutes=45),
                             witness=_witness(), side="left", site="upper pole")
    processing.release(emma)
    return positive, negative, samples


def shoot_retrieval(shoot, window, services, emma, couples) -> None:
    positive, negative, samples = build_procedures(services, emma, couples)
    area = window.show_area("retrieval")
    area.show_list()
    shoot(window, "retrieval_list")

    listing = area.list_view
    listing.new_procedure()
    dialog = listing.active_dialog
    shoot(dialog, "retrieval_new_procedure_dialog")
    dialog.patient.search.setText("öz")
    dialog.patient.run_search()
    dialog.accept()
    shoot(dialog, "retrieval_new_procedure_errors")
    dialog.reject()

    area.show_procedure(positive.id, samples[0].id)
    shoot(window, "retrieval_procedure_positive")
    area.show_procedure(negative.id)
    shoot(window, "retrieval_procedure_negative")

    view = area.procedure_view
    area.show_procedure(positive.id, samples[0].id)
    view.receive_sample()
    shoot(view.active_dialog, "retrieval_receive_dialog")
    d = view.active_dialog
    d.site.setEditText("upper pole")
    d.tubules.setCurrentIndex(0)
    d.witness_panel.username.setText("eli")
    d.witness_panel.secret.setText("0000")
    for box, _ in d.witness_panel.boxes:
        box.setChecked(True)
    d.accept()
    shoot(d, "retrieval_receive_wrong_pin")
    d.witness_panel.secret.setText("3333")
    d.witness_panel.mismatch.setChecked(True)
    d.accept()
    shoot(d, "retrieval_receive_mismatch_blocked")
    d.reject()

    view.samples.selectRow(2)  # not processed yet: the first step is witnessed
    view.add_step()
    d = view.active_dialog
    d.witness_panel.scan.setText(samples[2].code)
    d.witness_panel.check_scan(samples[2].code)
    shoot(d, "retrieval_add_first_step_scanned")
    d.reject()
    view.samples.selectRow(1)
    view.add_step()
    d = view.active_dialog
    d.kind.setCurrentIndex(d.kind.findData("enzymatic_digestion"))
    shoot(d, "retrieval_add_step_enzymatic")
    d.reject()

    services.processing.open_for_processing(emma, samples[0].id)  # Öztürk's material is on the bench
    area.show_procedure(negative.id)
    view.samples.selectRow(1)
    view.add_step()
    d = view.active_dialog
    d.witness_panel.username.setText("eli")
    d.witness_panel.secret.setText("3333")
    for box, _ in d.witness_panel.boxes:
        box.setChecked(True)
    d.accept()
    shoot(d, "retrieval_add_step_other_patient")
    d.reject()
    services.processing.release(emma)

    area.show_procedure(positive.id, samples[1].id)
    view.record_finding()
    shoot(view.active_dialog, "retrieval_finding_dialog")
    d = view.active_dialog
    d.sperm_found.setCurrentIndex(1)
    d.count_seen.setValue(3)
    d.accept()
    shoot(d, "retrieval_finding_no_sperm_with_count")
    d.reject()

    view.samples.selectRow(0)
    view.set_disposition()
    d = view.active_dialog
    d.disposition.setCurrentIndex(d.disposition.findData("discarded"))
    d.accept()
    shoot(d, "retrieval_disposition_change_needs_reason")
    d.reject()
    view.samples.selectRow(2)
    view.set_disposition()
    d = view.active_dialog
    d.disposition.setCurrentIndex(d.disposition.findData("histology"))
    shoot(d, "retrieval_disposition_histology")
    d.reject()
    view.correct_sample()
    shoot(view.active_dialog, "retrieval_correct_sample_dialog")
    view.active_dialog.reject()

    window.scan.field.setText(samples[1].code)
    window.scan.submit()
    shoot(window, "retrieval_scan_opens_procedure")
    print(f"(retrieval screens for {isolate(couples[0].male.listing_name)})")
