"""A saving dialog with a witness panel: the witness's own errors are shown in the panel.

A wrong PIN appears under the PIN field (cleared for the next try); a reported mismatch
blocks the step and its incident number is shown where the mismatch was reported. In
both cases nothing of the step is stored, and everything typed stays for another try.
"""

from __future__ import annotations

from typing import Any, Callable

from bench_app.domain.errors import AuthenticationFailed, ValidationError, WitnessMismatch
from bench_app.services.witness_service import WitnessInput
from ui.common.dates import DateFieldEdit
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import WitnessPanel


def blocked_text(exc: WitnessMismatch) -> str:
    incident = f"Incident #{exc.incident_id} was recorded. " if exc.incident_id is not None else ""
    return (f"Blocked: the witness reported a mismatch, so nothing was saved. {incident}"
            f"Check the item and its label before trying again; a supervisor reviews the incident.")


class WitnessedDialog(ServiceDialog):
    """Subclasses call ``add_witness_panel`` and implement ``save_witnessed``."""

    witness_panel: WitnessPanel | None = None

    def add_witness_panel(self, panel: WitnessPanel) -> WitnessPanel:
        self.witness_panel = panel
        self.content.addWidget(panel)
        return panel

    def witness_needed(self) -> bool:
        return self.witness_panel is not None and not self.witness_panel.isHidden()

    def witness_input(self) -> WitnessInput | None:
        return self.witness_panel.value() if self.witness_needed() else None

    def gather(self, *readers: Callable[[], Any] | DateFieldEdit | DateTimeFieldEdit) -> list[Any]:
        """Each reader's value in order, or one ValidationError with every reader's complaint.

        A date or time field is read as ``read_dates`` reads it: a bad one does not stop the
        service from checking the rest (nothing is stored while it is unread).
        """
        values: list[Any] = []
        errors: dict[str, str] = {}
        for read in readers:
            if isinstance(read, (DateFieldEdit, DateTimeFieldEdit)):
                values += self.read_dates(read)
                continue
            try:
                values.append(read())
            except ValidationError as exc:
                errors.update(exc.field_errors)
                values.append(None)
        if errors:
            raise ValidationError(errors)
        return values

    def save_witnessed(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self) -> Any:
        try:
            return self.save_witnessed()
        except AuthenticationFailed as exc:
            if not self.witness_needed():
                raise
            if exc.field == "override_secret":
                raise ValidationError(self.witness_panel.wrong_override_secret(str(exc))) from None
            raise ValidationError(self.witness_panel.wrong_secret(str(exc))) from None
        except WitnessMismatch as exc:
            raise ValidationError.single("mismatch", blocked_text(exc)) from None

    # The panel's form is not one of the dialog's own forms: its messages are routed here.

    def show_errors(self, errors: dict[str, str]) -> None:
        if self.witness_needed():
            if "witness" in errors and self.witness_panel.continuing is not None:
                self.witness_panel.end_continuing()  # the period ended meanwhile: name and PIN again
            errors = self.witness_panel.form.show_errors(errors)
        super().show_errors(errors)

    def clear_errors(self) -> None:
        super().clear_errors()
        if self.witness_panel is not None:
            self.witness_panel.form.clear_errors()

    def error_text(self, key: str) -> str:
        if self.witness_panel is not None and key in self.witness_panel.form.keys():
            return self.witness_panel.form.error_text(key)
        return super().error_text(key)
