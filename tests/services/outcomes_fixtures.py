"""Building outcomes through the services: the published clinic year, and hand-sized cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bench_app.domain.enums import CycleType
from bench_app.services.witness_service import WitnessInput

YEAR = 2025


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(YEAR, month, day, hour, minute, tzinfo=timezone.utc)


def couple_with_cycle(services, actor, mrn: str, start: date, *, azoospermia="NOA", etiology="idiopathic"):
    couple = services.patients.register_couple(
        actor, male=dict(mrn=mrn, family_name="Demir", given_names="Kerem", date_of_birth=date(1985, 3, 3)),
        female=dict(mrn=mrn + "F", family_name="Demir", given_names="Zeynep", date_of_birth=date(1990, 4, 4)))
    diagnosis = services.patients.record_diagnosis(actor, patient_id=couple.male.id, azoospermia_type=azoospermia,
                                                   etiology=etiology, diagnosed_on=start - timedelta(days=60))
    cycle = services.patients.create_cycle(actor, couple_id=couple.id, cycle_type=CycleType.ICSI, start_date=start)
    return couple, diagnosis, cycle


def retrieval(services, actor, witness: WitnessInput, man_id: int, cycle_id: int | None, started: datetime,
              findings: list[bool], procedure_type="micro-TESE", search_minutes: list[int] | None = None):
    """A procedure with one sample per finding (True: sperm found); optional timed searches."""
    proc = services.retrieval.create_procedure(
        actor, patient_id=man_id, cycle_id=cycle_id, procedure_type=procedure_type, started_at=started,
        surgeon="Dr. Aydin", anaesthesia="general", side="both", indication="NOA", planned_use="both")
    samples = []
    for i, found in enumerate(findings):
        s = services.retrieval.receive_sample(actor, procedure_id=proc.id, received_at=started + timedelta(minutes=5 + i),
                                              witness=witness)
        if search_minutes is not None:
            services.processing.add_step(actor, sample_id=s.id, kind="search", started_at=started + timedelta(minutes=20),
                                         witness=witness)
            assessed = started + timedelta(minutes=20 + search_minutes[i])
        else:
            assessed = started + timedelta(minutes=30 + i)
        services.processing.record_finding(actor, sample_id=s.id, assessed_at=assessed, sperm_found=found,
                                           twitching=3 if found else 0)
        samples.append(s)
    if search_minutes is not None:
        services.processing.release(actor)  # the next man's material may come to this bench
    return proc, samples


def icsi_with_sample(services, actor, witness, cycle_id: int, sample, when: datetime, maturities=("MII",)):
    opu = services.icsi.record_opu(actor, cycle_id=cycle_id, retrieved_at=when, cocs_retrieved=len(maturities))
    rows = services.icsi.set_maturities(actor, retrieval_id=opu.id, maturities=list(maturities))
    sess = services.icsi.start_session(actor, retrieval_id=opu.id, source_kind="fresh_sample",
                                       source_sample_id=sample.id, started_at=when + timedelta(hours=1), witness=witness)
    return opu, rows, sess


def pregnancy(services, actor, cycle_id: int, start: date, pregnant: bool):
    return services.outcome_records.record_outcome(
        actor, cycle_id=cycle_id, transfer="yes", transfer_on=start + timedelta(days=5),
        pregnancy_test="positive" if pregnant else "negative", pregnancy_test_on=start + timedelta(days=16),
        clinical_pregnancy="yes" if pregnant else "unknown",
        clinical_pregnancy_on=start + timedelta(days=35) if pregnant else None)


def enter_clinic_year(services, actor, witness: WitnessInput) -> None:
    """23 NOA micro-TESE in one year, sperm in at least one sample in 13, 6 clinical pregnancies after ICSI."""
    for i in range(23):
        month = 1 + i % 12
        start = date(YEAR, month, 3 + i // 12)
        couple, _, cycle = couple_with_cycle(services, actor, f"Y25-{i:02d}", start)
        positive = i < 13
        # Positive men: sperm in the second of two samples (the first biopsy empty), as often in micro-TESE.
        _, samples = retrieval(services, actor, witness, couple.male.id, cycle.id, at(month, 3 + i // 12, 8),
                               [False, positive])
        if positive:
            opu, rows, sess = icsi_with_sample(services, actor, witness, cycle.id, samples[1],
                                               at(month, 3 + i // 12, 9))
            services.icsi.inject(actor, session_id=sess.id, oocyte_id=rows[0].id, sperm_motility="twitching",
                                 injected_at=at(month, 3 + i // 12, 11))
            pregnancy(services, actor, cycle.id, start, pregnant=i < 6)
