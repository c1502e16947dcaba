"""What is frozen: the patient, and one tissue sample, several of his samples pooled, or an ejaculate.

The patient's samples come from his retrieval procedures, newest first. Ticking two or
more turns the source into a pool, ticking one makes it a single sample; samples that
were discarded, sent for histology or used fresh are listed but cannot be ticked.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from bench_app.domain.clock import format_local
from bench_app.domain.enums import Disposition, FreezeSourceKind, Sex, Side
from bench_app.domain.storage import default_contents
from bench_app.domain.value_labels import label_of
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.registry import Services
from bench_app.services.retrieval_dto import SampleInfo
from ui.common.form import ErrorForm
from ui.common.patient_picker import PatientPickerWidget
from ui.cryo.cryo_text import SOURCE_TEXT, CompactListWidget, fill_combo, select_data
from ui.qt import QComboBox, QListWidgetItem, QSizePolicy, Qt, QWidget, Signal

SAMPLE_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_FREEZABLE = {Disposition.DISCARDED: _l("discarded"), Disposition.HISTOLOGY: _l("sent for histology"),
                 Disposition.FRESH_ICSI: _l("used for fresh ICSI")}


def sample_text(sample: SampleInfo, procedure: str) -> str:
    """'S-7K3Q2M-4 · micro-TESE 2026-11-22 #1 left · sperm found': one tube from another at a glance."""
    found = (_("sperm found") if sample.positive else _("no sperm seen")) if sample.searched else _("not searched")
    blocked = NOT_FREEZABLE.get(sample.disposition)
    side = label_of(Side, sample.side)
    return (f"{sample.code}  ·  {procedure} #{sample.sample_number} {side}  ·  {found}"
            + (f"  ·  {blocked}" if blocked else ""))


def sample_tooltip(sample: SampleInfo, procedure: str) -> str:
    where = ", ".join(x for x in (label_of(Side, sample.side), sample.site) if x)
    text = isolated(_("{procedure}, sample {number}"), procedure=procedure, number=sample.sample_number)
    return text + (f" ({where})" if where else "")


class FreezeSourceForm(ErrorForm):
    patientChanged = Signal(object)   # PatientSummary or None
    changed = Signal()                # the source or the samples

    def __init__(self, services: Services, patient: PatientSummary | None = None, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.services = services
        self.picker = PatientPickerWidget(services, exclude_sex=Sex.FEMALE, patient=patient, parent=self)
        self.source = fill_combo(QComboBox(self), SOURCE_TEXT)
        self.source.setObjectName("freezeSource")
        self.samples = CompactListWidget(4, self)
        self.samples.setObjectName("freezeSamples")
        self.picker.setSizePolicy(QSizePolicy.Policy.Expanding, self.picker.sizePolicy().verticalPolicy())
        self.add_row("patient_id", _("Patient"), self.picker)
        self.add_row("source_kind", _("Source"), self.source)
        self.add_row("sample_ids", _("Samples"), self.samples)
        self.picker.changed.connect(self._patient_changed)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.samples.itemChanged.connect(self._sample_ticked)
        self._patient_changed(self.picker.patient())

    def patient(self) -> PatientSummary | None:
        return self.picker.patient()

    def source_kind(self) -> FreezeSourceKind:
        return FreezeSourceKind(self.source.currentData())

    def sample_ids(self) -> list[int]:
        if self.source_kind() == FreezeSourceKind.EJACULATE:
            return []
        return [item.data(SAMPLE_ROLE).id for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def sample_codes(self) -> list[str]:
        chosen = set(self.sample_ids())
        return [item.data(SAMPLE_ROLE).code for item in self._items() if item.data(SAMPLE_ROLE).id in chosen]

    def default_contents(self) -> str:
        return default_contents(self.source_kind(), self.sample_codes())

    def tick_sample(self, sample_id: int, on: bool = True) -> None:
        for item in self._items():
            if item.data(SAMPLE_ROLE).id == sample_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _patient_changed(self, patient: PatientSummary | None) -> None:
        self.samples.blockSignals(True)
        self.samples.clear()
        if patient is not None:
            retrieval = self.services.retrieval
            for row in retrieval.procedures_of_patient(patient.id):
                detail = retrieval.get_procedure(row.id)
                procedure = f"{row.procedure_type.label} {format_local(row.started_at)[:10]}"
                for sample in detail.samples:
                    item = QListWidgetItem(sample_text(sample, procedure))
                    item.setToolTip(sample_tooltip(sample, procedure))
                    item.setData(SAMPLE_ROLE, sample)
                    flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                    if sample.disposition not in NOT_FREEZABLE:
                        flags |= Qt.ItemFlag.ItemIsEnabled
                    item.setFlags(flags)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    self.samples.addItem(item)
        if not self.samples.count():
            empty = QListWidgetItem(_("No retrieval samples recorded for this patient.") if patient
                                    else _("Choose the patient first."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.samples.addItem(empty)
        self.samples.blockSignals(False)
        has_samples = any(i.data(SAMPLE_ROLE) is not None for i in self._items())
        if not has_samples:
            select_data(self.source, FreezeSourceKind.EJACULATE)
        elif self.source_kind() == FreezeSourceKind.EJACULATE:
            select_data(self.source, FreezeSourceKind.TISSUE_SAMPLE)
        self._source_changed()
        self.patientChanged.emit(patient)

    def _items(self) -> list[QListWidgetItem]:
        """The sample lines (not the note shown when there is none)."""
        return [self.samples.item(i) for i in range(self.samples.count())
                if self.samples.item(i).data(SAMPLE_ROLE) is not None]

    def _source_changed(self, _index: int = 0) -> None:
        self.samples.setEnabled(self.source_kind() != FreezeSourceKind.EJACULATE)
        self.changed.emit()

    def _sample_ticked(self, _item: QListWidgetItem) -> None:
        ticked = len([i for i in self._items() if i.checkState() == Qt.CheckState.Checked])
        kind = self.source_kind()
        self.source.blockSignals(True)
        if ticked >= 2 and kind == FreezeSourceKind.TISSUE_SAMPLE:
            select_data(self.source, FreezeSourceKind.POOLED_SAMPLES)
        elif ticked == 1 and kind == FreezeSourceKind.POOLED_SAMPLES:
            select_data(self.source, FreezeSourceKind.TISSUE_SAMPLE)
        self.source.blockSignals(False)
        self.changed.emit()
