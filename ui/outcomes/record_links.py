"""Opening a record behind a figure in its own area, as a scan of its code would.

Samples and oocytes have label codes and open through the scan service; an OPU opens as its dish;
a procedure opens in Sperm retrieval and an ICSI cycle in ICSI (``ScanTarget`` kinds "procedure"
and "cycle"); a thaw opens the cycle it served, or its patient.
"""

from __future__ import annotations

from bench_app.domain.labels import dish_code
from bench_app.domain.record_titles import cycle_title, thaw_title
from bench_app.i18n import _, _l, isolated
from bench_app.services.outcomes_dto import RecordRef
from bench_app.services.scan_service import ScanTarget
from ui.shell.bench_context import BenchContext

KIND_TITLES = {"procedure": _l("procedure"), "sample": _l("sample"), "thaw_event": _l("thaw"), "oocyte": _l("oocyte"),
               "opu": _l("oocyte retrieval (OPU)"), "cycle": _l("ICSI cycle")}


def _cycle_target(context: BenchContext, cycle_id: int, title: str = "") -> ScanTarget:
    """The cycle, named as people name it: its kind and start date (record_titles), never its number."""
    patients = context.services.patients
    cycle = patients.get_cycle(cycle_id)
    couple = patients.get_couple(cycle.couple_id).couple
    name = cycle_title(cycle.cycle_type.value, cycle.start_date)
    return ScanTarget("cycle", cycle_id, couple.male.id, name, title or name, cycle_id=cycle_id)


def target_for(context: BenchContext, ref: RecordRef) -> ScanTarget:
    services = context.services
    if ref.kind in ("sample", "oocyte"):
        return services.scan.resolve(ref.code)
    if ref.kind == "opu":
        return services.scan.resolve(dish_code(ref.id))
    if ref.kind == "procedure":
        info = services.retrieval.get_procedure(ref.id).procedure
        return ScanTarget("procedure", ref.id, info.patient.id, ref.code,
                          isolated("{kind} {code}", kind=str(info.procedure_type.label), code=ref.code))
    if ref.kind == "cycle":
        return _cycle_target(context, ref.id)
    if ref.kind == "thaw_event":
        thaw = services.cryo.get_thaw(ref.id)
        if thaw.cycle_id is not None:
            return _cycle_target(context, thaw.cycle_id,
                                 isolated(_("the cycle {thaw} served"), thaw=thaw_title(thaw.device_codes, thaw.thawed_at)))
        return ScanTarget("patient", thaw.patient_id, thaw.patient_id, thaw.mrn, thaw.patient_name)
    raise ValueError(f"no area opens a {ref.kind}")


def open_ref(context: BenchContext, ref: RecordRef) -> None:
    target = target_for(context, ref)
    if target.kind == "patient":
        context.open_patient(target.patient_id)
    else:
        context.open_record(target)
