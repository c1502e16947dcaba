"""The ICSI area: choose a cycle (today's, or any couple's), then work its oocytes; Back returns.

The cycle stays open while the person visits another area (to follow an oocyte's sperm
source to its sample or device, say), so coming back to ICSI lands on the same oocyte.
A scanned oocyte code opens its cycle here with that oocyte selected; a scanned dish code
(or an older ICSI-nnnnnn dish label) opens its cycle at that retrieval's oocytes.
"""

from __future__ import annotations

from bench_app.services.icsi_service import ICSI_CYCLES
from bench_app.services.scan_service import ScanTarget
from ui.icsi.cycle_chooser_view import CycleChooserView
from ui.icsi.cycle_view import IcsiCycleView
from ui.qt import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class IcsiView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.back_button = QPushButton("‹ Cycles", self)
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.setToolTip("Back to the list of ICSI cycles (Alt+Left)")
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.pages = QStackedWidget(self)
        self.chooser = CycleChooserView(context, self.pages)
        self.cycle_view = IcsiCycleView(context, self.pages)
        self.pages.addWidget(self.chooser)
        self.pages.addWidget(self.cycle_view)
        layout.addWidget(self.pages, 1)
        self.chooser.cycleActivated.connect(self.show_cycle)
        self.back_button.clicked.connect(self.show_chooser)
        self.show_chooser()

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def show_chooser(self) -> None:
        self.pages.setCurrentWidget(self.chooser)
        self.back_button.hide()
        self.chooser.refresh()
        self.chooser.search.setFocus()

    def show_cycle(self, cycle_id: int) -> None:
        self.cycle_view.load(cycle_id)
        self.pages.setCurrentWidget(self.cycle_view)
        self.back_button.show()
        self.cycle_view.table.setFocus()

    def open_scanned(self, target: ScanTarget) -> bool:
        """Open the cycle of a scanned oocyte code with the oocyte selected, or of a dish with its OPU."""
        if target.kind == "dish" and target.cycle_id is not None:
            self.show_cycle(target.cycle_id)
            self.cycle_view.select_opu(target.id)
            return True
        if target.kind != "oocyte":
            return False
        patients, icsi = self.context.services.patients, self.context.services.icsi
        for couple in patients.couples_of_patient(target.patient_id):
            for cycle in patients.get_couple(couple.id).cycles:
                if cycle.cycle_type.value not in ICSI_CYCLES:
                    continue
                oocyte = next((o for o in icsi.cycle_grid(cycle.id).oocytes if o.id == target.id), None)
                if oocyte is not None:
                    self.show_cycle(cycle.id)
                    self.cycle_view.select_oocyte(oocyte.retrieval_id, oocyte.number)
                    return True
        return False

    def refresh(self) -> None:
        self.current_page().refresh()

    def unsaved_entries(self) -> list[str]:
        """The oocyte grid's keyed, unsaved values (maturity, result, polar bodies), in words."""
        model = self.cycle_view.model
        numbers = sorted(set(model.maturity_drafts) | set(model.result_drafts) | set(model.pb_drafts))
        if not numbers or self.cycle_view.cycle_id is None:
            return []
        which = ", ".join(str(n) for n in numbers[:8]) + ("…" if len(numbers) > 8 else "")
        return [f"ICSI grid: oocyte{'s' if len(numbers) > 1 else ''} {which} keyed but not saved"]

    def discard_unsaved(self) -> None:
        self.cycle_view.model.clear_drafts()
