"""What a scanned or typed code names: a sample, a device, an oocyte, or a patient's MRN."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bench_app.domain.limits import quote
from bench_app.domain.codes import looks_like_code, parse_code
from bench_app.domain.errors import InvalidCode, NotFound
from bench_app.domain.labels import dish_code, parse_dish_code
from bench_app.domain.names import listing_of
from bench_app.i18n import _
from bench_app.persistence.models import CryoDevice, Oocyte, OocyteRetrieval, Patient, TissueSample, Cycle, Couple
from bench_app.services.context import ServiceContext
from bench_app.services.guard import guarded


@dataclass(frozen=True)
class ScanTarget:
    kind: str  # "patient", "sample", "device", "oocyte" or "dish" (id: the oocyte retrieval)
    id: int
    patient_id: int
    code: str
    title: str
    cycle_id: int | None = None  # a dish: the cycle whose ICSI it holds


@guarded
class ScanService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def resolve(self, text: str) -> ScanTarget:
        """Raise InvalidCode for a code failing its check, NotFound for an unknown one."""
        raw = (text or "").strip()
        if not raw:
            raise InvalidCode(_("Nothing was scanned."))
        with self.ctx.db.read() as s:
            legacy_dish = parse_dish_code(raw)
            if legacy_dish is not None:  # labels printed before dishes had their own codes
                return _dish(s, OocyteRetrieval.id == legacy_dish, dish_code(legacy_dish))
            if looks_like_code(raw):
                parsed = parse_code(raw)
                code = parsed.code
                if parsed.kind == "C":
                    return _dish(s, OocyteRetrieval.dish_code == code, code)
                if parsed.kind == "S":
                    row = s.execute(select(TissueSample.id, TissueSample.patient_id)
                                    .where(TissueSample.code == code)).first()
                elif parsed.kind == "H":
                    raise NotFound(_("{code} is the code of a cane or goblet: scan it in a tank audit.").format(code=code))
                elif parsed.kind == "D":
                    row = s.execute(select(CryoDevice.id, CryoDevice.patient_id)
                                    .where(CryoDevice.code == code)).first()
                else:
                    row = s.execute(
                        select(Oocyte.id, Couple.female_patient_id)
                        .join(OocyteRetrieval, OocyteRetrieval.id == Oocyte.retrieval_id)
                        .join(Cycle, Cycle.id == OocyteRetrieval.cycle_id)
                        .join(Couple, Couple.id == Cycle.couple_id)
                        .where(Oocyte.code == code)).first()
                if row is None:
                    raise NotFound(_("No {entity} has the code {code}.").format(entity=parsed.entity, code=quote(code)))
                patient = s.get(Patient, row[1])
                return ScanTarget(parsed.entity, row[0], row[1], code,
                                  f"{parsed.entity.capitalize()} {code} of "
                                  f"{listing_of(patient)} ({patient.mrn})")
            patient = s.execute(select(Patient).where(Patient.mrn == raw.upper())).scalar_one_or_none()
            if patient is None:
                if any(ch.isdigit() for ch in raw) and raw[0].upper() in "SDOC" and len(raw) >= 6:
                    parse_code(raw)  # raises a precise message about the code's form
                raise NotFound(_("'{raw}' is not a known code or MRN.").format(raw=raw))
            return ScanTarget("patient", patient.id, patient.id, patient.mrn,
                              f"{listing_of(patient)} ({patient.mrn})")


def _dish(s, where, code: str) -> ScanTarget:
    row = s.execute(select(OocyteRetrieval.id, OocyteRetrieval.cycle_id, Couple.female_patient_id,
                           Couple.male_patient_id)
                    .join(Cycle, Cycle.id == OocyteRetrieval.cycle_id)
                    .join(Couple, Couple.id == Cycle.couple_id).where(where)).first()
    if row is None:
        raise NotFound(_("No ICSI dish has the code {code}.").format(code=code))
    patient = s.get(Patient, row.female_patient_id or row.male_patient_id)
    return ScanTarget("dish", row.id, patient.id, code,
                      _("Dish {code} of {name} ({mrn})").format(code=code, name=listing_of(patient), mrn=patient.mrn),
                      row.cycle_id)
