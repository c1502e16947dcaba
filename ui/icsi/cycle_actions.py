"""What the ICSI cycle view does when asked: record the OPU, save maturities, start a session, inject, check.

A mixin of IcsiCycleView (kept apart so each module stays small). Maturities go in one
service call; injections and checks go one oocyte per call, ordered so that what is most
likely refused (an exception, a check outside the window) goes first, and a refusal
leaves what was keyed in the grid for another try.
"""

from __future__ import annotations

from bench_app.domain import icsi as rules
from bench_app.domain.enums import Maturity
from bench_app.domain.errors import BenchError, ValidationError
from bench_app.i18n import _, isolated, ngettext
from ui.common.bidi import patient_identity
from ui.common.dates import read_fields
from ui.icsi.icsi_text import numbers_text, source_text
from ui.icsi.inject_dialog import InjectDialog
from ui.icsi.oocyte_grid_view import GridMode
from ui.icsi.opu_dialog import RecordOpuDialog
from ui.icsi.session_dialog import StartSessionDialog
from ui.printing.label_printing import print_labels
from ui.qt import QItemSelectionModel


def row_errors(errors: dict[str, str]) -> dict[int, str]:
    """``oocyte_7`` -> {7: message}."""
    out = {}
    for key, message in errors.items():
        if key.startswith("oocyte_") and key[len("oocyte_"):].isdigit():
            out[int(key[len("oocyte_"):])] = message
    return out


class CycleActions:
    """Needs the IcsiCycleView attributes: context, model, table, grid, panels, couple, say()."""

    def _save_for_mode(self) -> None:
        if self.mode() == GridMode.MATURITY:
            self.save_maturities()
        elif self.mode() == GridMode.CHECK:
            self.save_checks()

    def dialog_identity(self) -> str:
        """The woman (else the man) as a dialog's header names her: name and MRN, each isolated."""
        p = self.couple.female or self.couple.male
        return patient_identity(p.full_name, p.mrn)

    # --- OPU and maturity -------------------------------------------------------------------------

    def record_opu(self) -> None:
        dialog = RecordOpuDialog(self.context, self.cycle_id, self.dialog_identity(), self)
        self.open_dialog(dialog, lambda opu: self._opu_recorded(opu))

    def _opu_recorded(self, opu) -> None:
        self.refresh(keep_drafts=False)
        index = self.opu_choice.findData(opu.id)
        self.opu_choice.setCurrentIndex(index)
        self.set_mode(GridMode.MATURITY)
        self.table.go_to(0)

    def print_dish_label(self) -> None:
        opu = self.opu()
        if opu is not None:
            try:
                code = self.context.services.icsi.dish_code(self.context.actor, opu.id)
            except BenchError as exc:
                self.say(str(exc), error=True)
                return
            print_labels(self, self.context, [code])

    def add_line(self) -> None:
        if self.opu() is None:
            return
        row = self.model.add_line()
        self.table.go_to(row)
        self.table.setFocus()

    def save_maturities(self) -> None:
        opu = self.opu()
        panel = self.maturity_panel
        panel.form.clear_errors()
        if opu is None:
            self.say(_("Record the oocyte retrieval first."), error=True)
            return
        if not self.model.maturity_drafts:
            self.say(_("Nothing keyed to save: type a class key on each line (1 or M for MII...)."), error=True)
            return
        values = self.model.maturities()
        try:
            self.context.services.icsi.set_maturities(
                self.context.actor, retrieval_id=opu.id, maturities=[m.value if m else None for m in values],
                reason=panel.reason.text())
        except ValidationError as exc:
            errors = dict(exc.field_errors)
            lines = row_errors(errors)
            self.model.set_row_errors(lines)
            rest = panel.form.show_errors({k: v for k, v in errors.items() if k not in {f"oocyte_{n}" for n in lines}})
            self._maturity_reason_visibility()
            self.say(" ".join([*lines.values(), *rest.values()]), error=True)
            if "reason" in errors:
                panel.reason.setFocus()
            return
        saved = len(self.model.maturity_drafts)
        panel.reason.clear()
        self.refresh(keep_drafts=False)
        self.say(isolated(ngettext("Saved the maturity of {count} oocyte.", "Saved the maturity of {count} oocytes.",
                          saved), count=saved))
        self.table.setFocus()

    # --- ICSI session and injection ------------------------------------------------------------

    def start_session(self) -> None:
        opu = self.opu()
        if opu is None:
            self.say(_("Record the oocyte retrieval first."), error=True)
            return
        dialog = StartSessionDialog(self.context, self.couple, opu, self)
        self.open_dialog(dialog, lambda s: self.say(
            isolated(_("ICSI session started with {source}, witnessed by {witness}."),
                source=source_text(s.source), witness=s.witnessed_by)))

    def select_lines(self, *, mii_only: bool) -> None:
        self.set_mode(GridMode.INJECTION)
        rows = [i for i, line in enumerate(self.model.rows()) if line.oocyte is not None and not line.oocyte.injected
                and (not mii_only or line.oocyte.maturity == Maturity.MII)]
        self.table.clearSelection()
        if not rows:
            self.say(_("No oocyte is waiting for injection.") if not mii_only else _("No MII oocyte is waiting."))
            return
        self.table.go_to(rows[0])
        model, selection = self.model, self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows[1:]:
            selection.select(model.index(row, 0), flags)
        self.say(isolated(ngettext("{count} oocyte selected: {numbers}.", "{count} oocytes selected: {numbers}.",
                          len(rows)), count=len(rows), numbers=numbers_text([r + 1 for r in rows])))

    def inject_selected(self) -> None:
        if self.model.maturity_drafts:
            self.say(_("Save the keyed maturities first (Maturity, Enter)."), error=True)
            return
        sessions = self.sessions()
        if not sessions:
            self.say(_("Start the ICSI session first: the sperm source is witnessed before any injection."),
                     error=True)
            return
        lines = [self.model.row_at(r) for r in self.table.selected_rows()]
        oocytes = [line.oocyte for line in lines if line.oocyte is not None and not line.oocyte.injected]
        if not oocytes:
            self.say(_("Select oocytes not injected yet (Select MII takes every MII one)."), error=True)
            return
        dialog = InjectDialog(self.context, oocytes, sessions, self.dialog_identity(), self)
        self.open_dialog(dialog, lambda rows: self.say(
            isolated(ngettext("Injected {count} oocyte.", "Injected {count} oocytes.", len(rows)), count=len(rows))))

    # --- fertilization check --------------------------------------------------------------------

    def save_checks(self) -> None:
        panel = self.check_panel
        panel.form.clear_errors()
        pending = self.model.pending_checks()
        if not pending:
            self.say(_("Nothing keyed to save: type a result key on each injected oocyte (2 for 2PN...)."), error=True)
            return
        missing = {o.number: isolated(_("Oocyte {number}: key the result as well as the polar bodies."), number=o.number)
                   for o, result, _pb in pending if result is None}
        (checked_at,), unread = read_fields(panel.checked_at)
        panel.form.show_errors(unread)
        if missing:
            self.model.set_row_errors(missing)
            self.say(" ".join(missing.values()), error=True)
        if unread or missing:  # a bad time and an unkeyed result are both said at once
            return
        # the ones most likely refused go first, so a refusal stores nothing
        pending.sort(key=lambda p: (rules.in_window(rules.hours_between(p[0].injected_at, checked_at)), p[0].number))
        saved: list[int] = []
        for oocyte, result, pb in pending:
            try:
                self.context.services.icsi.record_check(
                    self.context.actor, oocyte_id=oocyte.id, checked_at=checked_at, result=result,
                    polar_bodies=pb, window_reason=panel.reason.text())
            except ValidationError as exc:
                self._after_checks(saved)
                errors = dict(exc.field_errors)
                panel.form.show_errors({k: v for k, v in errors.items() if k in panel.form.keys()})
                self.model.set_row_errors({oocyte.number: " ".join(errors.values())})
                done = (isolated(ngettext("Saved oocyte {numbers}; the others were not.",
                                          "Saved oocytes {numbers}; the others were not.", len(saved)),
                    numbers=numbers_text(saved)) if saved else _("Nothing was saved."))
                refused = isolated(_("Oocyte {number}: {errors}"), number=oocyte.number, errors=" ".join(errors.values()))
                self.say(f"{done} {refused}", error=True)
                return
            saved.append(oocyte.number)
        panel.reason.clear()
        self._after_checks(saved)
        self.say(isolated(ngettext("Saved the check of {count} oocyte.", "Saved the check of {count} oocytes.",
                          len(saved)), count=len(saved)))

    def _after_checks(self, saved: list[int]) -> None:
        for n in saved:
            self.model.result_drafts.pop(n, None)
            self.model.pb_drafts.pop(n, None)
        self.refresh(keep_drafts=True)
        self.table.setFocus()
