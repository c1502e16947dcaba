"""The base of the witnessed cryo dialogs: a consent banner and a witness panel that follows the step.

What a cryo witness reads (the patient, each device code and its position) changes while
the form is filled: more straws, another position. The panel is then rebuilt with the new
identifiers; the witness's user name stays, the ticks and PIN are asked again, because
they were given for what the label said before.

Every problem is shown at once: when the witness box is not complete yet, the step is
first checked by the service without a witness (which can never save), so a bad count
and a missing PIN appear together rather than one after the other.

A consent problem is not a field: the service reports it as "consent" and it is shown as
a banner at the top of the dialog.
"""

from __future__ import annotations

from bench_app.i18n import _, _l
from typing import Any, Callable, Sequence

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.services.witness_service import WitnessInput
from ui.common.form import set_message
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.qt import QLabel, QVBoxLayout, QWidget

BANNER_STYLE = ("background: #fdecea; color: #8c1d18; border: 1px solid #e6a9a3; border-radius: 4px; "
                "padding: 8px 10px; font-weight: 600;")


def device_identifiers(name: str, mrn: str, devices: Sequence[tuple[str, str]], *,
                       caption: str | None = None) -> list[tuple[str, str]]:
    """The patient's name and MRN, then each device code with the position it goes to or comes from."""
    return [(caption or _("Patient's full name"), name), (_("MRN"), mrn), *devices]


class CryoWitnessedDialog(WitnessedDialog):
    """Subclasses place ``witness_box`` in their layout and call ``rebuild_witness``."""

    witness_note = _l("A second person reads each label and its position, and signs with their own PIN.")

    def __init__(self, title: str, parent: QWidget | None = None, **kw):
        super().__init__(title, parent, **kw)
        self.banner = QLabel(self)
        self.banner.setObjectName("consentBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.content.addWidget(self.banner)
        self.witness_box = QWidget(self)
        self._witness_layout = QVBoxLayout(self.witness_box)
        self._witness_layout.setContentsMargins(0, 0, 0, 0)
        self._identifiers: list[tuple[str, str]] | None = None

    def rebuild_witness(self, identifiers: Sequence[tuple[str, str]], scan_codes: Sequence[str] = ()) -> None:
        identifiers = list(identifiers)
        if identifiers == self._identifiers and self.witness_panel is not None:
            return
        self._identifiers = identifiers
        old = self.witness_panel
        panel = WitnessPanel(identifiers, scan_codes=scan_codes, note=str(self.witness_note), parent=self.witness_box)
        if old is not None:
            panel.username.setText(old.username.text())
            self._witness_layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        self._witness_layout.addWidget(panel)
        panel.show()  # a child added to a shown dialog would otherwise count as hidden until the next event
        self.witness_panel = panel

    def run_step(self, step: Callable[[list[Any], WitnessInput | None], Any],
                 *readers: Callable[[], Any] | DateTimeFieldEdit) -> Any:
        """``step(values, witness)`` with each reader's value, or one ValidationError naming every problem.

        A time field is read as ``read_dates`` reads it: a bad one waits with its message while the
        service checks the rest (and stores nothing).
        """
        values: list[Any] = []
        errors: dict[str, str] = {}
        for read in readers:
            if isinstance(read, DateTimeFieldEdit):
                values += self.read_dates(read)
                continue
            try:
                values.append(read())
            except ValidationError as exc:
                errors.update(exc.field_errors)
                values.append(None)
        witness = None
        witness_errors: dict[str, str] = {}
        try:
            witness = self.witness_input()
        except ValidationError as exc:
            witness_errors = exc.field_errors
        if not errors and not witness_errors:
            return step(values, witness)
        if not errors:
            try:  # without a witness the service checks everything else and then refuses
                step(values, None)
            except ValidationError as exc:
                errors.update(exc.field_errors)
            except BenchError:
                pass
        raise ValidationError({**errors, **witness_errors})

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        set_message(self.banner, errors.pop("consent", ""))
        super().show_errors(errors)

    def clear_errors(self) -> None:
        super().clear_errors()
        set_message(self.banner, "")
