"""Patients, couples, cycles, male diagnosis and consents: register, find, open, record."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bench_app.domain.enums import AzoospermiaType, ConsentUse, CycleStatus, CycleType, Sex
from bench_app.domain.limits import check_after_birth, quote, require_enum, text_rule
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.names import name_language_error, search_key, unprintable_error
from bench_app.i18n import _
from bench_app.persistence.models import Consent, Couple, Cycle, Diagnosis, Patient
from bench_app.services import consent_effects
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.patient_search import search_statement
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.settings_service import read_setting
from bench_app.services.patients_dto import (
    ConsentInfo, CoupleDetail, CoupleInfo, CycleInfo, CycleListing, DiagnosisInfo, PatientDetail, PatientSummary,
)
from bench_app.services.guard import guarded

MAX_SEARCH_RESULTS = 200


def patient_summary(p: Patient) -> PatientSummary:
    return PatientSummary(id=p.id, mrn=p.mrn, family_name=p.family_name, given_names=p.given_names,
                          date_of_birth=p.date_of_birth, sex=Sex(p.sex), name_language=p.name_language)


def _name_errors(family_name: str, given_names: str, name_language) -> dict[str, str]:
    """Names only of characters the labels print; a known name language."""
    errors = {field: message for field, message in (("family_name", unprintable_error(family_name or "")),
                                                   ("given_names", unprintable_error(given_names or "")))
              if message}
    problem = name_language_error(name_language) if isinstance(name_language, str) else _("Choose a language.")
    if problem:
        errors["name_language"] = problem
    return errors


def cycle_info(c: Cycle) -> CycleInfo:
    return CycleInfo(id=c.id, couple_id=c.couple_id, cycle_type=CycleType(c.cycle_type),
                     status=CycleStatus(c.status), start_date=c.start_date, notes=c.notes)


def diagnosis_info(d: Diagnosis) -> DiagnosisInfo:
    return DiagnosisInfo(id=d.id, patient_id=d.patient_id, azoospermia_type=AzoospermiaType(d.azoospermia_type),
                         etiology=d.etiology, diagnosed_on=d.diagnosed_on, notes=d.notes, recorded_at=d.recorded_at)


def consent_info(c: Consent) -> ConsentInfo:
    uses = tuple(u for u in c.permitted_uses.split(",") if u)
    return ConsentInfo(id=c.id, patient_id=c.patient_id, permitted_uses=uses, signed_on=c.signed_on,
                       storage_expiry=c.storage_expiry, withdrawn_on=c.withdrawn_on, notes=c.notes)


@guarded
class PatientsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- registering ------------------------------------------------------------------

    def register_patient(self, actor: Actor, *, mrn: str, family_name: str, given_names: str,
                         date_of_birth: date | None, sex: Sex | str, notes: str = "",
                         name_language: str | None = None) -> PatientSummary:
        """``name_language`` (e.g. 'tr') sets the name's capitals; None takes the lab's language setting."""
        with self.ctx.db.write() as s:
            return patient_summary(self._new_patient(s, actor, mrn=mrn, family_name=family_name,
                                                     given_names=given_names, date_of_birth=date_of_birth,
                                                     sex=sex, notes=notes, name_language=name_language))

    def register_couple(self, actor: Actor, *, male: dict, female: dict | None = None) -> CoupleInfo:
        """Register a man and, unless he banks sperm alone, his partner, in one transaction.

        ``male`` and ``female`` hold the fields of ``register_patient``; field errors come
        back prefixed ``male.`` or ``female.`` so a form can show each by its field.
        """
        errors: dict[str, str] = {}
        with self.ctx.db.write() as s:
            people = {}
            for role, fields, sex in (("male", male, Sex.MALE), ("female", female, Sex.FEMALE)):
                if fields is None:
                    continue
                try:
                    people[role] = self._new_patient(s, actor, sex=fields.get("sex", sex), **{
                        k: v for k, v in fields.items() if k != "sex"})
                except ValidationError as exc:
                    errors.update({f"{role}.{k}": v for k, v in exc.field_errors.items()})
            if male and female and male.get("mrn", "").strip() and \
                    male.get("mrn", "").strip().upper() == female.get("mrn", "").strip().upper():
                errors["female.mrn"] = _("The partners need different MRNs.")
            if errors:
                raise ValidationError(errors)
            couple = Couple(male_patient_id=people["male"].id,
                            female_patient_id=people["female"].id if "female" in people else None,
                            created_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, couple)
            return CoupleInfo(couple.id, patient_summary(people["male"]),
                              patient_summary(people["female"]) if "female" in people else None)

    def link_couple(self, actor: Actor, *, male_patient_id: int, female_patient_id: int | None) -> CoupleInfo:
        with self.ctx.db.write() as s:
            male = self._patient(s, male_patient_id)
            female = self._patient(s, female_patient_id) if female_patient_id else None
            if female is not None and female.id == male.id:
                raise ValidationError.single("female_patient_id", _("A couple needs two different people."))
            couple = Couple(male_patient_id=male.id, female_patient_id=female.id if female else None,
                            created_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, couple)
            return CoupleInfo(couple.id, patient_summary(male), patient_summary(female) if female else None)

    def _new_patient(self, s: Session, actor: Actor, *, mrn: str, family_name: str, given_names: str,
                     date_of_birth: date | None, sex: Sex | str, notes: str = "",
                     name_language: str | None = None) -> Patient:
        errors: dict[str, str] = {}
        if name_language is None:
            name_language = read_setting(s, "lab_language")
        errors.update(_name_errors(family_name, given_names, name_language))
        mrn = (mrn or "").strip().upper()
        family_name = " ".join((family_name or "").split())
        given_names = " ".join((given_names or "").split())
        if not mrn:
            errors["mrn"] = _("The MRN is required.")
        elif len(mrn) > text_rule("mrn").max_len or not all(ch.isalnum() or ch in "-/" for ch in mrn):
            errors["mrn"] = _("An MRN is up to 40 letters, digits, dashes or slashes.")
        elif s.execute(select(Patient.id).where(Patient.mrn == mrn)).first() is not None:
            errors["mrn"] = _("The MRN {mrn} belongs to another patient already.").format(mrn=mrn)
        if not family_name:
            errors["family_name"] = _("The family name is required.")
        if not given_names:
            errors["given_names"] = _("The given name is required.")
        today = self.ctx.clock().astimezone().date()
        if date_of_birth is None:
            errors["date_of_birth"] = _("The date of birth is required.")
        elif date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif date_of_birth.year < today.year - 120:
            errors["date_of_birth"] = _("The date of birth is more than 120 years ago.")
        try:
            sex = Sex(sex)
        except ValueError:
            errors["sex"] = _("Choose male, female or other.")
        if errors:
            raise ValidationError(errors)
        patient = Patient(mrn=mrn, family_name=family_name, given_names=given_names,
                          family_key=search_key(family_name), given_key=search_key(given_names),
                          date_of_birth=date_of_birth, sex=Sex(sex).value, notes=notes or "",
                          created_at=self.ctx.clock(), name_language=name_language)
        audit_create(s, self.ctx, actor, patient)
        return patient

    def update_patient(self, actor: Actor, patient_id: int, *, reason: str, **fields) -> PatientSummary:
        """Correct a patient's details; every correction needs a reason."""
        if not reason.strip():
            raise ValidationError.single("reason", _("Say why the patient's details are being changed."))
        allowed = {"mrn", "family_name", "given_names", "date_of_birth", "sex", "notes", "name_language"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationError.single(sorted(unknown)[0], _("This field cannot be changed here."))
        with self.ctx.db.write() as s:
            p = self._patient(s, patient_id)
            merged = {"mrn": p.mrn, "family_name": p.family_name, "given_names": p.given_names,
                      "date_of_birth": p.date_of_birth, "sex": p.sex, "notes": p.notes,
                      "name_language": p.name_language, **fields}
            # Validate through the same rules as registration, without the MRN clash with itself.
            errors: dict[str, str] = {}
            try:
                probe = self._validate_only(s, merged, exclude_id=p.id)
            except ValidationError as exc:
                errors = exc.field_errors
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, p, probe, reason=reason)
            return patient_summary(p)

    def _validate_only(self, s: Session, f: dict, exclude_id: int) -> dict:
        errors: dict[str, str] = _name_errors(str(f["family_name"]), str(f["given_names"]), f["name_language"])
        mrn = str(f["mrn"]).strip().upper()
        family = " ".join(str(f["family_name"]).split())
        given = " ".join(str(f["given_names"]).split())
        if not mrn:
            errors["mrn"] = _("The MRN is required.")
        elif s.execute(select(Patient.id).where(Patient.mrn == mrn, Patient.id != exclude_id)).first():
            errors["mrn"] = _("The MRN {mrn} belongs to another patient already.").format(mrn=mrn)
        if not family:
            errors["family_name"] = _("The family name is required.")
        if not given:
            errors["given_names"] = _("The given name is required.")
        dob = f["date_of_birth"]
        if dob is None or dob > self.ctx.clock().astimezone().date():
            errors["date_of_birth"] = _("The date of birth cannot be empty or in the future.")
        try:
            sex = Sex(f["sex"]).value
        except ValueError:
            errors["sex"] = _("Choose male, female or other.")
            sex = ""
        if errors:
            raise ValidationError(errors)
        return {"mrn": mrn, "family_name": family, "given_names": given, "family_key": search_key(family),
                "given_key": search_key(given), "date_of_birth": dob, "sex": sex, "notes": f["notes"] or "",
                "name_language": f["name_language"]}

    # --- finding ------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[PatientSummary]:
        """By MRN (exact or prefix) or by name prefix: 'ozt', 'Öztürk, Ay', 'ayşe öz' (patient_search.py)."""
        text = (text or "").strip()
        if not text:
            return []
        limit = min(limit, MAX_SEARCH_RESULTS)
        stmt, values = search_statement(text, limit)
        with self.ctx.db.read_one() as s:  # one statement: on a server, outside a transaction
            return [PatientSummary(id=i, mrn=mrn, family_name=family, given_names=given, date_of_birth=born,
                                   sex=Sex(sex), name_language=language)
                    for i, mrn, family, given, born, sex, language in s.execute(stmt, values)]

    def get_patient(self, patient_id: int) -> PatientDetail:
        with self.ctx.db.read() as s:
            p = self._patient(s, patient_id)
            couples = self._couples_of(s, [p.id])
            diags = s.execute(select(Diagnosis).where(Diagnosis.patient_id == p.id)
                              .order_by(Diagnosis.recorded_at)).scalars().all()
            consents = s.execute(select(Consent).where(Consent.patient_id == p.id)
                                 .order_by(Consent.signed_on)).scalars().all()
            return PatientDetail(patient_summary(p), p.notes, tuple(couples),
                                 tuple(map(diagnosis_info, diags)), tuple(map(consent_info, consents)))

    def couples_of_patient(self, patient_id: int) -> list[CoupleInfo]:
        with self.ctx.db.read() as s:
            return self._couples_of(s, [patient_id])

    def _couples_of(self, s: Session, patient_ids: list[int]) -> list[CoupleInfo]:
        rows = s.execute(select(Couple).where(or_(Couple.male_patient_id.in_(patient_ids),
                                                  Couple.female_patient_id.in_(patient_ids)))
                         .order_by(Couple.id)).scalars().all()
        return [self._couple_info(s, c) for c in rows]

    def _couple_info(self, s: Session, c: Couple) -> CoupleInfo:
        male = self._patient(s, c.male_patient_id)
        female = self._patient(s, c.female_patient_id) if c.female_patient_id else None
        return CoupleInfo(c.id, patient_summary(male), patient_summary(female) if female else None)

    def get_couple(self, couple_id: int) -> CoupleDetail:
        with self.ctx.db.read() as s:
            c = s.get(Couple, couple_id)
            if c is None:
                raise NotFound(_("There is no couple #{couple_id}.").format(couple_id=couple_id))
            info = self._couple_info(s, c)
            ids = [i for i in (c.male_patient_id, c.female_patient_id) if i]
            cycles = s.execute(select(Cycle).where(Cycle.couple_id == c.id)
                               .order_by(Cycle.start_date.desc(), Cycle.id.desc())).scalars().all()
            diags = s.execute(select(Diagnosis).where(Diagnosis.patient_id == c.male_patient_id)
                              .order_by(Diagnosis.recorded_at)).scalars().all()
            consents = s.execute(select(Consent).where(Consent.patient_id.in_(ids))
                                 .order_by(Consent.signed_on)).scalars().all()
            return CoupleDetail(info, tuple(map(cycle_info, cycles)), tuple(map(diagnosis_info, diags)),
                                tuple(map(consent_info, consents)))

    def get_cycle(self, cycle_id: int) -> CycleInfo:
        with self.ctx.db.read() as s:
            c = s.get(Cycle, cycle_id)
            if c is None:
                raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
            return cycle_info(c)

    def cycles_starting_on(self, day: date, limit: int = 500) -> list[CycleListing]:
        """Cycles whose start date is ``day``, with their couple, oldest registered first.

        One query, however many couples: Today lists hundreds of cycles on a busy day.
        """
        male, female = aliased(Patient), aliased(Patient)
        with self.ctx.db.read() as s:
            found = s.execute(select(Cycle, Couple, male, female)
                              .join(Couple, Couple.id == Cycle.couple_id)
                              .join(male, male.id == Couple.male_patient_id)
                              .outerjoin(female, female.id == Couple.female_patient_id)
                              .where(Cycle.start_date == day).order_by(Cycle.id).limit(limit)).all()
            couples = {couple.id: CoupleInfo(couple.id, patient_summary(man), patient_summary(woman) if woman else None)
                       for _, couple, man, woman in found}
            return [CycleListing(cycle_info(cycle), couples[cycle.couple_id]) for cycle, *_ in found]

    # --- cycles, diagnosis, consent -----------------------------------------------------

    def create_cycle(self, actor: Actor, *, couple_id: int, cycle_type: CycleType | str,
                     start_date: date | None, notes: str = "") -> CycleInfo:
        errors: dict[str, str] = {}
        try:
            cycle_type = CycleType(cycle_type)
        except ValueError:
            errors["cycle_type"] = _("Choose a cycle type.")
        if start_date is None:
            errors["start_date"] = _("The start date is required.")
        with self.ctx.db.write() as s:
            couple = s.get(Couple, couple_id)
            if couple is None:
                raise NotFound(_("There is no couple #{couple_id}.").format(couple_id=couple_id))
            for pid in (couple.male_patient_id, couple.female_patient_id):
                if pid is not None:
                    check_after_birth(start_date, self._patient(s, pid).date_of_birth, "start_date", errors,
                                      _("The cycle start"))
            if not errors and cycle_type in (CycleType.ICSI, CycleType.FROZEN_SPERM_ICSI) \
                    and couple.female_patient_id is None:
                errors["cycle_type"] = _("An ICSI cycle needs a female partner; use sperm banking for a man alone.")
            if errors:
                raise ValidationError(errors)
            cycle = Cycle(couple_id=couple.id, cycle_type=cycle_type.value, status=CycleStatus.ACTIVE.value,
                          start_date=start_date, notes=notes or "", created_by=actor.id, created_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, cycle)
            return cycle_info(cycle)

    def set_cycle_status(self, actor: Actor, cycle_id: int, status: CycleStatus | str, *, reason: str = "") -> CycleInfo:
        status = require_enum(CycleStatus, status, "status", _("planned, active, completed or cancelled"))
        if status == CycleStatus.CANCELLED and not reason.strip():
            raise ValidationError.single("reason", _("Say why the cycle is cancelled."))
        with self.ctx.db.write() as s:
            c = s.get(Cycle, cycle_id)
            if c is None:
                raise NotFound(_("There is no cycle #{cycle_id}.").format(cycle_id=cycle_id))
            audit_update(s, self.ctx, actor, c, {"status": status.value}, reason=reason)
            return cycle_info(c)

    def record_diagnosis(self, actor: Actor, *, patient_id: int, azoospermia_type: AzoospermiaType | str,
                         etiology: str, diagnosed_on: date | None = None, notes: str = "") -> DiagnosisInfo:
        errors: dict[str, str] = {}
        try:
            azoospermia_type = AzoospermiaType(azoospermia_type)
        except ValueError:
            errors["azoospermia_type"] = _("Choose OA, NOA or other.")
        if not (etiology or "").strip():
            errors["etiology"] = _("Give the etiology (or 'idiopathic').")
        if diagnosed_on is not None and diagnosed_on > self.ctx.clock().astimezone().date():
            errors["diagnosed_on"] = _("The diagnosis date cannot be in the future.")
        with self.ctx.db.write() as s:
            p = self._patient(s, patient_id)
            if p.sex == Sex.FEMALE.value:
                errors["patient_id"] = _("The male diagnosis is recorded for the male partner.")
            check_after_birth(diagnosed_on, p.date_of_birth, "diagnosed_on", errors, _("The diagnosis date"))
            if errors:
                raise ValidationError(errors)
            d = Diagnosis(patient_id=p.id, azoospermia_type=AzoospermiaType(azoospermia_type).value,
                          etiology=etiology.strip(), diagnosed_on=diagnosed_on, notes=notes or "",
                          recorded_by=actor.id, recorded_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, d)
            return diagnosis_info(d)

    def record_consent(self, actor: Actor, *, patient_id: int, permitted_uses: Iterable[ConsentUse | str],
                       signed_on: date | None, storage_expiry: date | None, notes: str = "") -> ConsentInfo:
        errors: dict[str, str] = {}
        uses: list[str] = []
        for u in permitted_uses:
            try:
                uses.append(ConsentUse(u).value)
            except ValueError:
                errors["permitted_uses"] = _("Unknown use '{use}'.").format(use=quote(u))
        if not uses and "permitted_uses" not in errors:
            errors["permitted_uses"] = _("Tick at least one permitted use.")
        today = self.ctx.clock().astimezone().date()
        if signed_on is None:
            errors["signed_on"] = _("The date the consent was signed is required.")
        elif signed_on > today:
            errors["signed_on"] = _("A consent cannot be signed in the future.")
        if storage_expiry is not None and signed_on is not None and storage_expiry <= signed_on:
            errors["storage_expiry"] = _("The storage expiry must be after the date of signing.")
        if ConsentUse.STORAGE.value in uses and storage_expiry is None:
            errors["storage_expiry"] = _("Consent to storage needs a storage expiry date.")
        with self.ctx.db.write() as s:
            p = self._patient(s, patient_id)
            check_after_birth(signed_on, p.date_of_birth, "signed_on", errors, _("The date of signing"))
            if errors:
                raise ValidationError(errors)
            c = Consent(patient_id=p.id, permitted_uses=",".join(sorted(set(uses))), signed_on=signed_on,
                        storage_expiry=storage_expiry, withdrawn_on=None, notes=notes or "",
                        recorded_by=actor.id, recorded_at=self.ctx.clock())
            audit_create(s, self.ctx, actor, c)
            consent_effects.storage_consent_given(s, self.ctx, actor, c, "storage consent renewed")
            return consent_info(c)

    def extend_storage(self, actor: Actor, consent_id: int, *, storage_expiry: date | None, reason: str) -> ConsentInfo:
        """A consent to storage extended to a later date; the patient's stored devices follow it (audited)."""
        errors: dict[str, str] = {}
        if not (reason or "").strip():
            errors["reason"] = _("Say why the storage is extended (e.g. the patient's signed extension form).")
        with self.ctx.db.write() as s:
            c = s.get(Consent, consent_id)
            if c is None:
                raise NotFound(_("There is no consent #{consent_id}.").format(consent_id=consent_id))
            if ConsentUse.STORAGE.value not in c.permitted_uses.split(","):
                errors["storage_expiry"] = _("This consent does not permit storage: record a new consent instead.")
            elif c.withdrawn_on is not None:
                errors["storage_expiry"] = _("This consent was withdrawn: record a new consent instead.")
            elif storage_expiry is None:
                errors["storage_expiry"] = _("Give the new storage expiry date.")
            elif c.storage_expiry is not None and storage_expiry <= c.storage_expiry:
                errors["storage_expiry"] = (_("The new expiry must be after the present one "
                                            "({storage_expiry}).").format(storage_expiry=c.storage_expiry.isoformat()))
            if errors:
                raise ValidationError(errors)
            audit_update(s, self.ctx, actor, c, {"storage_expiry": storage_expiry}, reason=reason.strip())
            consent_effects.storage_consent_given(s, self.ctx, actor, c, f"storage extended ({reason.strip()})")
            return consent_info(c)

    def withdraw_consent(self, actor: Actor, consent_id: int, *, withdrawn_on: date, reason: str) -> ConsentInfo:
        if not reason.strip():
            raise ValidationError.single("reason", _("Say why the consent is withdrawn."))
        with self.ctx.db.write() as s:
            c = s.get(Consent, consent_id)
            if c is None:
                raise NotFound(_("There is no consent #{consent_id}.").format(consent_id=consent_id))
            if withdrawn_on is None:
                raise ValidationError.single("withdrawn_on", _("The date of withdrawal is required."))
            if withdrawn_on < c.signed_on:
                raise ValidationError.single("withdrawn_on", _("A consent cannot be withdrawn before it was signed."))
            if c.withdrawn_on is not None:
                raise ValidationError.single("withdrawn_on", _("This consent was withdrawn on "
                                                             "{withdrawn_on} already.").format(withdrawn_on=c.withdrawn_on.isoformat()))
            audit_update(s, self.ctx, actor, c, {"withdrawn_on": withdrawn_on}, reason=reason)
            consent_effects.storage_consent_withdrawn(s, self.ctx, actor, c, reason)
            return consent_info(c)

    def _patient(self, s: Session, patient_id: int) -> Patient:
        p = s.get(Patient, patient_id)
        if p is None:
            raise NotFound(_("There is no patient #{patient_id}.").format(patient_id=patient_id))
        return p
