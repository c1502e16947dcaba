"""The ICSI area: choose a cycle (today's, or any couple's), then work its oocytes; Back returns.

The cycle stays open while the person visits another area (to follow an oocyte's sperm
source to its sample or device, say), so coming back to ICSI lands on the same oocyte.
A scanned oocyte code opens its cycle here with that oocyte selected; a scanned dish code
(or an older ICSI-nnnnnn dish label) opens its cycle at that retrieval's oocytes.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated, ngettext
from bench_app.services.icsi_service import ICSI_CYCLES
from bench_app.services.scan_service import ScanTarget
from ui.icsi.cycle_chooser_view import CycleChooserView
from ui.icsi.cycle_view import IcsiCycleView
from ui.common.list_detail_area import ListDetailArea
from ui.qt import QWidget
from ui.shell.bench_context import BenchContext


class IcsiView(ListDetailArea):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("‹ Cycles"), _("Back to the list of ICSI cycles"), parent)
        self.context = context
        self.chooser = CycleChooserView(context, self.pages)
        self.cycle_view = IcsiCycleView(context, self.pages)
        self.set_pages(self.chooser, self.cycle_view)
        self.chooser.cycleActivated.connect(self.show_cycle)
        self.show_chooser()

    def list_focus(self) -> QWidget:
        return self.chooser.search

    def show_chooser(self) -> None:
        self.show_list_page()

    def show_cycle(self, cycle_id: int) -> None:
        self.cycle_view.load(cycle_id)
        self.show_detail_page()
        self.cycle_view.table.setFocus()

    def open_scanned(self, target: ScanTarget) -> bool:
        """Open the cycle of a scanned oocyte code with the oocyte selected, or of a dish with its OPU."""
        if target.kind == "cycle" and target.cycle_id is not None:  # a cycle behind a figure of Outcomes
            self.show_cycle(target.cycle_id)
            return True
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
        return [isolated(ngettext("ICSI grid: oocyte {numbers} keyed but not saved",
                                  "ICSI grid: oocytes {numbers} keyed but not saved", len(numbers)), numbers=which)]

    def discard_unsaved(self) -> None:
        self.cycle_view.model.clear_drafts()
