"""Planning invented couples: who they are, their diagnosis, consents and cycles (no database).

Everything comes from one ``random.Random`` and the lab's ``today``, so a seed and a
day give the same people every time. Ids are filled in when the plan is carried out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench_app.domain.enums import AzoospermiaType, ConsentUse, CycleStatus, CycleType, Etiology, Sex
from bench_app.services.demo.names import CULTURES, Culture
from bench_app.services.demo.timeline import local_moment

STORAGE_YEARS = 10

OA_ETIOLOGIES = (  # (etiology, weight, note)
    (Etiology.VASECTOMY, 6, "Vasectomy {years} years ago; declined reversal."),
    (Etiology.CBAVD, 3, "Bilateral absence of the vas on examination; CFTR testing done."),
    (Etiology.INFECTION, 1, "Epididymo-orchitis in the past; normal FSH."),
)
NOA_ETIOLOGIES = (
    (Etiology.IDIOPATHIC, 5, "FSH {fsh} IU/L; testicular volume {vol} mL bilaterally."),
    (Etiology.KLINEFELTER, 3, "Karyotype 47,XXY; FSH {fsh} IU/L, testes {vol} mL."),
    (Etiology.AZF_MICRODELETION, 2, "AZFc microdeletion on Y-chromosome testing."),
    (Etiology.CRYPTORCHIDISM, 2, "Bilateral orchidopexy in childhood."),
    (Etiology.VARICOCELE, 1, "Grade III left varicocele, repaired last year."),
    (Etiology.ANABOLIC_STEROIDS, 1, "Anabolic steroid use for six years, stopped; FSH recovering."),
    (Etiology.HYPOGONADOTROPIC, 1, "Low FSH and LH; on hCG and FSH injections for 9 months."),
    (Etiology.CHEMO_RADIATION, 1, "Chemotherapy for testicular cancer at age {age}."),
)
BANKING_NOTES = (
    "Banking before chemotherapy for Hodgkin lymphoma.",
    "Banking before radiotherapy for seminoma after orchidectomy.",
    "Banking before chemotherapy for acute leukaemia; referred urgently.",
)


@dataclass
class PersonPlan:
    mrn: str
    family_name: str
    given_names: str
    date_of_birth: date
    sex: Sex
    patient_id: int | None = None
    name_language: str = ""

    def fields(self) -> dict:
        return {"mrn": self.mrn, "family_name": self.family_name, "given_names": self.given_names,
                "date_of_birth": self.date_of_birth, "name_language": self.name_language or None}


@dataclass
class ConsentPlan:
    uses: tuple[ConsentUse, ...]
    signed_on: date
    storage_expiry: date | None
    notes: str = ""


@dataclass
class CyclePlan:
    cycle_type: CycleType
    start_date: date
    status: CycleStatus
    notes: str = ""
    reason: str = ""  # for a cancelled cycle
    procedure: str = ""  # the retrieval's type, for a surgical retrieval cycle
    cycle_id: int | None = None


@dataclass
class CouplePlan:
    scenario: str  # "banking", "OA" or "NOA"
    registered_at: datetime
    male: PersonPlan
    female: PersonPlan | None
    azoospermia_type: AzoospermiaType
    etiology: Etiology
    diagnosis_notes: str
    diagnosed_on: date
    consents: list[tuple[PersonPlan, ConsentPlan]] = field(default_factory=list)
    cycles: list[CyclePlan] = field(default_factory=list)
    couple_id: int | None = None


class MrnSequence:
    """Six- or seven-digit MRNs with gaps, as a hospital issues them; never one already taken."""

    def __init__(self, rng: random.Random, taken: set[str]):
        numeric = [int(m) for m in taken if m.isdigit()]
        self.rng = rng
        self.taken = set(taken)
        self.next = (max(numeric) + rng.randint(3, 40)) if numeric else 100000 + rng.randrange(0, 800) * 1000

    def __call__(self) -> str:
        while True:
            mrn = str(self.next)
            self.next += self.rng.randint(1, 17)
            if mrn not in self.taken:
                self.taken.add(mrn)
                return mrn


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def _years_after(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _weighted(rng: random.Random, options):
    return rng.choices(options, weights=[o[1] for o in options])[0]


def _person(rng: random.Random, culture: Culture, sex: Sex, age: int, today: date, mrn: str) -> PersonPlan:
    given = rng.choice(culture.male_given if sex == Sex.MALE else culture.female_given)
    family = rng.choice(culture.family)[0 if sex == Sex.MALE else 1]
    dob = today - timedelta(days=age * 365 + rng.randint(0, 364))
    return PersonPlan(mrn, family, given, dob, sex, name_language=culture.language)


def plan_couples(rng: random.Random, count: int, today: date, next_mrn: MrnSequence) -> list[CouplePlan]:
    """``count`` couples registered over the last five months, oldest first."""
    indexes = list(range(count))
    banking = set(rng.sample(indexes, max(1, count // 5))) if count >= 3 else set()
    others = [i for i in indexes if i not in banking]
    n_near, n_expired = max(1, round(count / 10)), max(1, round(count / 16)) if count >= 2 else 0
    legacy_order = sorted(banking) + rng.sample(others, len(others))
    near = set(legacy_order[:n_near])
    expired = set(legacy_order[n_near:n_near + n_expired])
    fresh = [i for i in indexes if i not in near and i not in expired]
    starts_today = set(rng.sample(fresh, min(len(fresh), max(1, count // 5))))
    rest = [i for i in fresh if i not in starts_today]
    planned = set(rng.sample(rest, min(len(rest), count // 8)))
    rest = [i for i in rest if i not in planned]
    cancelled = {rng.choice([i for i in rest if i not in banking])} if count >= 5 and set(rest) - banking else set()
    registered_days = sorted((rng.randint(7, 150) for _ in indexes), reverse=True)

    plans = []
    for i in indexes:
        culture = CULTURES[i] if i < len(CULTURES) else rng.choice(CULTURES)
        reg_day = today - timedelta(days=registered_days[i])
        registered_at = local_moment(reg_day, 8, 30) + timedelta(minutes=rng.randrange(0, 8 * 60, 5))
        scenario = "banking" if i in banking else rng.choice(("OA", "NOA", "NOA"))
        male_age = rng.randint(19, 38) if scenario == "banking" else rng.randint(28, 52)
        male = _person(rng, culture, Sex.MALE, male_age, today, next_mrn())
        female = None
        if scenario != "banking":
            partner_culture = culture if rng.random() > 0.15 else rng.choice(CULTURES)
            female = _person(rng, partner_culture, Sex.FEMALE, rng.randint(25, 42), today, next_mrn())
        plan = _diagnosis(rng, scenario, i, male_age, registered_at, male, female)
        if i in starts_today:
            main = today
        elif i in planned:
            main = today + timedelta(days=rng.randint(1, 10))
        else:
            main = min(reg_day + timedelta(days=rng.randint(10, 45)), today - timedelta(days=rng.randint(1, 4)))
        # The services date a signature by the UTC day; east of UTC that can be the local day before.
        signed_day = min(reg_day, registered_at.date())
        _consents(rng, plan, signed_day, today, near=i in near, expired=i in expired)
        turn = sum(1 for p in plans if p.scenario == plan.scenario)
        _cycles(rng, plan, reg_day, main, today, legacy=i in near or i in expired, cancelled=i in cancelled,
                turn=turn)
        plans.append(plan)
    return plans


def _diagnosis(rng, scenario, i, age, registered_at, male, female) -> CouplePlan:
    diagnosed_on = registered_at.date() - timedelta(days=rng.randint(14, 400))
    if scenario == "banking":
        etiology, kind = Etiology.CHEMO_RADIATION, AzoospermiaType.OTHER
        note = BANKING_NOTES[i % len(BANKING_NOTES)]
    else:
        etiology, _, note = _weighted(rng, OA_ETIOLOGIES if scenario == "OA" else NOA_ETIOLOGIES)
        kind = AzoospermiaType.OBSTRUCTIVE if scenario == "OA" else AzoospermiaType.NON_OBSTRUCTIVE
        note = note.format(years=rng.randint(3, 15), fsh=rng.randint(12, 38), vol=rng.randint(3, 12),
                           age=rng.randint(17, 30))
    return CouplePlan(scenario, registered_at, male, female, kind, etiology, note, diagnosed_on)


def _consents(rng, plan: CouplePlan, signed_day: date, today: date, *, near: bool, expired: bool) -> None:
    if near or expired:
        expiry = today + timedelta(days=rng.randint(5, 85)) if near else today - timedelta(days=rng.randint(3, 120))
        signed = _years_before(expiry, STORAGE_YEARS)
        note = (f"Storage consent carried over from the paper register (signed {signed.year}); "
                + ("renewal letter sent." if near else "expired: renewal not received, patient being traced."))
    else:
        signed, note = signed_day, ""
        expiry = _years_after(signed_day, STORAGE_YEARS)
    male_uses = [ConsentUse.STORAGE, ConsentUse.TREATMENT] + ([ConsentUse.RESEARCH] if rng.random() < 0.3 else [])
    if plan.scenario == "banking" and rng.random() < 0.5:
        male_uses.append(ConsentUse.POSTHUMOUS_USE)
    plan.consents.append((plan.male, ConsentPlan(tuple(male_uses), signed, expiry, note)))
    if plan.female is not None:
        stores = rng.random() < 0.5
        uses = (ConsentUse.TREATMENT, ConsentUse.STORAGE) if stores else (ConsentUse.TREATMENT,)
        plan.consents.append((plan.female, ConsentPlan(uses, signed_day, _years_after(signed_day, STORAGE_YEARS)
                                                       if stores else None)))


def _status(start: date, today: date) -> CycleStatus:
    if start > today:
        return CycleStatus.PLANNED
    return CycleStatus.COMPLETED if (today - start).days >= 3 else CycleStatus.ACTIVE


OA_PROCEDURES = ("PESA", "TESA", "MESA")
NOA_PROCEDURES = ("micro-TESE", "TESE")


def _cycles(rng, plan: CouplePlan, reg_day: date, main: date, today: date, *, legacy: bool,
            cancelled: bool, turn: int = 0) -> None:
    add = plan.cycles.append
    if plan.scenario == "banking":
        if legacy:
            signed = plan.consents[0][1].signed_on
            add(CyclePlan(CycleType.SPERM_BANKING, signed, CycleStatus.COMPLETED,
                          "Banked before treatment; record transferred from the paper register."))
        elif rng.random() < 0.3:
            add(CyclePlan(CycleType.SURGICAL_RETRIEVAL, main, _status(main, today),
                          "Onco-micro-TESE for banking: azoospermic at referral.", procedure="micro-TESE"))
        else:
            add(CyclePlan(CycleType.SPERM_BANKING, main, _status(main, today), "Ejaculate banking, 2-3 visits."))
        return
    # Taken in turn, so even a small demo shows every procedure type.
    kinds = OA_PROCEDURES if plan.scenario == "OA" else NOA_PROCEDURES
    procedure = kinds[turn % len(kinds)]
    if rng.random() < 0.55:  # fresh: retrieval on the day of the partner's oocyte retrieval
        status = _status(main, today)
        add(CyclePlan(CycleType.SURGICAL_RETRIEVAL, main, status, f"{procedure} on the day of OPU.",
                      procedure=procedure))
        add(CyclePlan(CycleType.ICSI, main, status, f"ICSI with fresh {procedure} sperm."))
    else:  # frozen: retrieval first, ICSI with thawed sperm weeks later
        retrieval = max(reg_day + timedelta(days=1), main - timedelta(days=rng.randint(20, 60)))
        add(CyclePlan(CycleType.SURGICAL_RETRIEVAL, retrieval, _status(retrieval, today),
                      f"{procedure}; sperm frozen for later ICSI.", procedure=procedure))
        add(CyclePlan(CycleType.FROZEN_SPERM_ICSI, main, _status(main, today), "ICSI with thawed testicular sperm."))
    if cancelled:  # stopped on the day: neither the retrieval nor the ICSI went ahead
        reason = rng.choice(("Poor ovarian response: two follicles on day 8.",
                             "Risk of OHSS: all-freeze advised, ICSI postponed.",
                             "Couple asked to postpone for family reasons."))
        for cycle in plan.cycles:
            if cycle.start_date == main:
                cycle.status, cycle.reason = CycleStatus.CANCELLED, reason
