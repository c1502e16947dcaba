"""Demo area: each man's work-up and treatment before retrieval, and what came of each ICSI cycle.

The work-up follows the diagnosis (a Klinefelter man is 47,XXY with high FSH and small testes;
an OA man has normal hormones); some values are left "not tested", as in a real lab. Some NOA
men are treated before retrieval (hCG/FSH for low gonadotropins, an aromatase inhibitor for a
low T/E2, clomiphene, varicocele repair). Each ICSI cycle's outcome is recorded as the news
arrives: the transfer on day 5, the pregnancy test on day 16 and the scan on day 35, the
later steps as audited corrections.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench_app.domain.enums import CycleStatus, CycleType, Etiology
from bench_app.services.demo.plan import CouplePlan, CyclePlan
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld

ICSI_TYPES = (CycleType.ICSI, CycleType.FROZEN_SPERM_ICSI)


def demo_outcomes(world: DemoWorld) -> None:
    for plan in world.couples:
        if plan.scenario == "banking":
            continue
        world.agenda.at(plan.registered_at + timedelta(minutes=25), lambda plan=plan: _workup(world, plan))
        for cycle in plan.cycles:
            if cycle.cycle_type in ICSI_TYPES and cycle.status != CycleStatus.CANCELLED:
                _schedule_outcome(world, plan, cycle)


def workup_values(rng, etiology: str, noa: bool, diagnosed_on: date) -> dict:
    """Plausible work-up values for a diagnosis (hormones in IU/L, nmol/L, pmol/L; volumes in mL)."""
    klinefelter = etiology == Etiology.KLINEFELTER.value
    low_gonadotropins = etiology == Etiology.HYPOGONADOTROPIC.value
    if not noa:
        fsh, lh, t, e2, vol = rng.uniform(2, 8), rng.uniform(2, 7), rng.uniform(12, 25), rng.uniform(60, 120), 18
    elif low_gonadotropins:
        fsh, lh, t, e2, vol = rng.uniform(0.2, 1.2), rng.uniform(0.1, 1.0), rng.uniform(1, 5), rng.uniform(40, 90), 8
    else:
        fsh, lh = rng.uniform(12, 45), rng.uniform(8, 25)
        t, e2 = rng.uniform(5, 16) if klinefelter else rng.uniform(8, 20), rng.uniform(90, 200)
        vol = 3 if klinefelter else 9
    values = dict(hormones_on=diagnosed_on, fsh_iu_l=round(fsh, 1), lh_iu_l=round(lh, 1),
                  testosterone_nmol_l=round(t, 1), estradiol_pmol_l=round(e2))
    if rng.random() < 0.15:  # LH and estradiol not asked for
        values.update(lh_iu_l=None, estradiol_pmol_l=None)
    if rng.random() < 0.85:
        values.update(volumes_on=diagnosed_on, volume_left_ml=max(1.0, round(vol + rng.uniform(-2, 3))),
                      volume_right_ml=max(1.0, round(vol + rng.uniform(-2, 3))))
    if klinefelter:
        values["karyotype"] = "47,XXY" if rng.random() < 0.85 else "46,XY/47,XXY"
    elif noa:
        values["karyotype"] = "46,XY" if rng.random() < 0.8 else "not_tested"
    if etiology == Etiology.AZF_MICRODELETION.value:
        values["y_microdeletion"] = rng.choice(("AZFc", "AZFc", "AZFc", "AZFb+c", "AZFa"))
    elif noa:
        values["y_microdeletion"] = "none" if rng.random() < 0.75 else "not_tested"
    if noa and rng.random() < 0.3:
        values.update(histology=rng.choice(("sertoli_cell_only", "maturation_arrest", "hypospermatogenesis",
                                            "mixed")), histology_on=diagnosed_on - timedelta(days=rng.randint(60, 700)))
    values["cryptorchidism"] = "yes" if etiology == Etiology.CRYPTORCHIDISM.value else rng.choice(("no", "no", "unknown"))
    values["chemo_radiation"] = "yes" if etiology == Etiology.CHEMO_RADIATION.value else "no"
    values["steroid_use"] = "yes" if etiology == Etiology.ANABOLIC_STEROIDS.value else rng.choice(("no", "unknown"))
    values["varicocele"] = "yes" if etiology == Etiology.VARICOCELE.value else rng.choice(("no", "no", "unknown"))
    return values


def _workup(world: DemoWorld, plan: CouplePlan) -> None:
    rng, services = world.rng, world.services
    actor = rng.choice(world.team.embryologists)
    diagnoses = services.patients.get_patient(plan.male.patient_id).diagnoses
    if not diagnoses:
        return
    noa = plan.scenario == "NOA"
    etiology = plan.etiology.value
    services.outcome_records.record_workup(actor, diagnosis_id=diagnoses[-1].id,
                                           **workup_values(rng, etiology, noa, plan.diagnosed_on))
    treatment = None
    if etiology == Etiology.HYPOGONADOTROPIC.value:
        treatment = ("hCG/FSH", "hCG 2000 IU twice weekly, FSH 150 IU three times weekly")
    elif etiology == Etiology.VARICOCELE.value:
        treatment = ("varicocele_repair", "microsurgical subinguinal repair, left")
    elif noa and rng.random() < 0.25:
        treatment = rng.choice((("aromatase_inhibitor", "anastrozole 1 mg daily (T/E2 below 10)"),
                                ("clomiphene", "clomiphene citrate 25 mg daily")))
    if treatment is not None:
        started = min(plan.diagnosed_on + timedelta(days=rng.randint(7, 30)), plan.registered_at.date())
        services.outcome_records.add_treatment(actor, patient_id=plan.male.patient_id, treatment=treatment[0],
                                               started_on=started, detail=treatment[1])


def _schedule_outcome(world: DemoWorld, plan: CouplePlan, cycle: CyclePlan) -> None:
    rng, today = world.rng, world.today
    start = cycle.start_date
    transfer_on, test_on, scan_on, birth_on = (start + timedelta(days=d) for d in (5, 16, 35, 270))
    if transfer_on > today:
        return
    actor = rng.choice(world.team.embryologists)
    pregnant_test = rng.random() < 0.45
    sac = pregnant_test and rng.random() < 0.8
    born = sac and rng.random() < 0.85
    state: dict = {}
    records = world.services.outcome_records

    def transfer() -> None:
        if cycle.cycle_id is None:
            return
        injected = world.services.icsi.cycle_summary(cycle.cycle_id).injected
        done = injected > 0 and rng.random() < 0.9
        state["done"] = done
        info = records.record_outcome(actor, cycle_id=cycle.cycle_id, transfer="yes" if done else "no",
                                      transfer_on=transfer_on if done else None,
                                      notes="" if done else "No embryo suitable for transfer.")
        state["id"] = info.id

    def test() -> None:
        if state.get("done"):
            records.correct_outcome(actor, state["id"], reason="pregnancy test result received",
                                    pregnancy_test="positive" if pregnant_test else "negative",
                                    pregnancy_test_on=test_on)

    def scan() -> None:
        if state.get("done") and pregnant_test:
            records.correct_outcome(actor, state["id"], reason="early scan report received",
                                    clinical_pregnancy="yes" if sac else "no",
                                    clinical_pregnancy_on=scan_on if sac else None)

    def birth() -> None:
        if state.get("done") and sac:
            records.correct_outcome(actor, state["id"], reason="birth notification received",
                                    live_birth="yes" if born else "no", live_birth_on=birth_on if born else None)

    for day, step in ((transfer_on, transfer), (test_on, test), (scan_on, scan), (birth_on, birth)):
        if day <= today - timedelta(days=1):
            world.agenda.at(local_moment(day, 15, 30), step)
