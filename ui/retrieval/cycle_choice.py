"""A man's treatment cycles as choices in a combo box, newest first."""

from __future__ import annotations

from bench_app.i18n import _, isolated
from bench_app.services.patients_dto import CycleInfo
from bench_app.services.registry import Services
from ui.patients.cycle_table_model import cycle_type_text
from ui.qt import QComboBox


def cycle_text(cycle: CycleInfo) -> str:
    return isolated(_("{cycle_type} from {start} ({status})"),
        cycle_type=cycle_type_text(cycle.cycle_type.value), start=cycle.start_date.isoformat(), status=cycle.status.label)


def cycles_of_man(services: Services, patient_id: int) -> list[CycleInfo]:
    """The cycles of every couple in which this patient is the male partner."""
    patients = services.patients
    cycles = [cycle for couple in patients.couples_of_patient(patient_id) if couple.male.id == patient_id
              for cycle in patients.get_couple(couple.id).cycles]
    return sorted(cycles, key=lambda c: (c.start_date, c.id), reverse=True)


def fill_cycles(combo: QComboBox, services: Services, patient_id: int, *, none_text: str = "") -> int:
    """Refill ``combo`` (data: cycle id, or None for ``none_text``); return how many cycles it lists."""
    combo.clear()
    if none_text:
        combo.addItem(str(none_text), None)
    cycles = cycles_of_man(services, patient_id)
    for cycle in cycles:
        combo.addItem(cycle_text(cycle), cycle.id)
    return len(cycles)
