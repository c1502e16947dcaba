"""Helpers for retrieval tests: a male patient with an ICSI cycle and a micro-TESE procedure."""

from datetime import date, timedelta

from bench_app.domain.enums import CycleType
from bench_app.services.witness_service import WitnessInput


def eli_witness(*identifiers: str) -> WitnessInput:
    return WitnessInput(username="eli", secret="3333", identifiers=identifiers or ("MRN M-200", "tube label"))


def make_procedure(services, team, clock, procedure_type="micro-TESE", mrn="M-200"):
    couple = services.patients.register_couple(
        team.embryologist,
        male=dict(mrn=mrn, family_name="Çelik", given_names="İbrahim", date_of_birth=date(1983, 4, 4)),
        female=dict(mrn=mrn + "F", family_name="Çelik", given_names="Elif", date_of_birth=date(1986, 6, 6)))
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=clock.now.date())
    proc = services.retrieval.create_procedure(
        team.embryologist, patient_id=couple.male.id, cycle_id=cycle.id, procedure_type=procedure_type,
        started_at=clock.now - timedelta(minutes=30), surgeon="Dr. Demo Surgeon", anaesthesia="general",
        side="both", indication="NOA", planned_use="both")
    return couple, cycle, proc


def receive(services, team, clock, proc, **kw):
    kw.setdefault("received_at", clock.now - timedelta(minutes=10))
    kw.setdefault("witness", eli_witness())
    return services.retrieval.receive_sample(team.embryologist, procedure_id=proc.id, **kw)
