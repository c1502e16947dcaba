"""A small lab world for printing tests: international names, samples, devices, and ICSI rows.

The ICSI service is written elsewhere; its tables exist, so the rows an ICSI day leaves
behind (a retrieval, oocytes, a session, injections, fertilization checks) are inserted
here directly, valid by the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bench_app.domain.codes import make_code
from bench_app.domain.enums import ConsentUse, CycleType
from bench_app.persistence.models import FertilizationCheck, IcsiSession, Injection, Oocyte, OocyteRetrieval
from tests.services.cryo_fixtures import eli_witness, freeze_kwargs, small_tank

ARABIC = ("الخطيب", "عمر")           # family, given
TURKISH = ("Çelik", "İbrahim Ağa")
GREEK = ("Παπαδοπούλου", "Ελένη")
CYRILLIC = ("Иванов", "Сергей")


@dataclass
class World:
    man: object          # PatientSummary (Arabic name)
    woman: object        # his partner (Greek name)
    cycle: object
    procedure: object
    samples: list
    freeze: object
    retrieval_id: int
    oocyte_codes: list


def couple(services, team, clock, mrn, male, female, *, expiry_days=3650):
    c = services.patients.register_couple(
        team.embryologist,
        male=dict(mrn=mrn, family_name=male[0], given_names=male[1], date_of_birth=date(1984, 1, 2)),
        female=dict(mrn=mrn + "F", family_name=female[0], given_names=female[1], date_of_birth=date(1987, 3, 4)))
    cycle = services.patients.create_cycle(team.embryologist, couple_id=c.id, cycle_type=CycleType.ICSI,
                                           start_date=clock.now.astimezone().date())
    services.patients.record_consent(team.embryologist, patient_id=c.male.id,
                                     permitted_uses=(ConsentUse.STORAGE, ConsentUse.TREATMENT),
                                     signed_on=clock.now.date() - timedelta(days=10),
                                     storage_expiry=clock.now.date() + timedelta(days=expiry_days))
    return c, cycle


def retrieval_with_samples(services, team, clock, patient_id, cycle_id, n=2):
    proc = services.retrieval.create_procedure(
        team.embryologist, patient_id=patient_id, cycle_id=cycle_id, procedure_type="micro-TESE",
        started_at=clock.now - timedelta(hours=2), surgeon="Dr. Demo", anaesthesia="general", side="both",
        indication="NOA", planned_use="both")
    samples = [services.retrieval.receive_sample(
        team.embryologist, procedure_id=proc.id, received_at=clock.now - timedelta(minutes=90 - i),
        witness=eli_witness("MRN", "tube"), side="left", site=f"site {i + 1}", transport_medium="G-MOPS",
        transport_medium_lot="GM-77") for i in range(n)]
    return proc, samples


def icsi_rows(services, team, *, cycle_id, sample_id, retrieved_at: datetime, oocytes=4, checked=1):
    """A retrieval of ``oocytes`` (the last one GV), ICSI of the MII ones, ``checked`` checks done."""
    with services.db.write() as s:
        opu = OocyteRetrieval(cycle_id=cycle_id, retrieved_at=retrieved_at, cocs_retrieved=oocytes,
                              embryologist_id=team.embryologist.id, denuded_at=retrieved_at + timedelta(hours=1),
                              notes="")
        s.add(opu)
        s.flush()
        session = IcsiSession(cycle_id=cycle_id, retrieval_id=opu.id, sperm_source_kind="fresh_sample",
                              source_sample_id=sample_id, started_at=retrieved_at + timedelta(hours=2),
                              operator_id=team.embryologist.id, notes="")
        s.add(session)
        s.flush()
        codes = []
        for n in range(1, oocytes + 1):
            code = make_code("O", 10_000 + opu.id * 100 + n)
            codes.append(code)
            mii = n < oocytes
            o = Oocyte(code=code, retrieval_id=opu.id, number=n, maturity="MII" if mii else "GV",
                       assessed_at=retrieved_at + timedelta(hours=1), assessed_by=team.embryologist.id)
            s.add(o)
            s.flush()
            if not mii:
                continue
            injected = retrieved_at + timedelta(hours=2, minutes=n)
            s.add(Injection(oocyte_id=o.id, session_id=session.id, injected_at=injected,
                            injected_by=team.embryologist.id, sperm_motility="twitching", viability_test="none",
                            techniques="", damaged=False, non_mii_reason="", notes=""))
            if n <= checked:
                s.add(FertilizationCheck(oocyte_id=o.id, checked_at=injected + timedelta(hours=17),
                                         checked_by=team.embryologist2.id, result="2PN", polar_bodies=2,
                                         hours_since_injection=17.0, outside_window=False, window_reason=""))
        return opu.id, codes


def build_world(services, team, clock) -> World:
    c, cycle = couple(services, team, clock, "M-4471", ARABIC, GREEK)
    proc, samples = retrieval_with_samples(services, team, clock, c.male.id, cycle.id)
    services.processing.add_step(team.embryologist, sample_id=samples[0].id, kind="mechanical_mincing",
                                 started_at=clock.now - timedelta(minutes=80), witness=eli_witness("MRN", "S"))
    services.processing.record_finding(team.embryologist, sample_id=samples[0].id,
                                       assessed_at=clock.now - timedelta(minutes=60), sperm_found=True,
                                       twitching=5, immotile=9)
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2, tank_id=tank.id)]
    frozen = services.cryo.freeze(team.embryologist, **freeze_kwargs(
        source_kind="tissue_sample", sample_ids=[samples[1].id], positions=positions,
        frozen_at=clock.now - timedelta(minutes=30)))
    opu_id, codes = icsi_rows(services, team, cycle_id=cycle.id, sample_id=samples[0].id,
                              retrieved_at=clock.now - timedelta(hours=3))
    return World(c.male, c.female, cycle, proc, samples, frozen, opu_id, codes)
