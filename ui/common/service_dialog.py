"""The base of every dialog that saves through a service.

OK calls ``save()``. A ValidationError puts each message next to its field and keeps the
dialog open with everything typed; any other BenchError is shown in words under the
form. Only a successful save closes the dialog, so a failed save leaves nothing stored
and nothing lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bench_app.domain.errors import BenchError, ValidationError
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm, error_label, set_message
from ui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class ServiceDialog(QDialog):
    """Subclasses build their forms, register them with ``add_form`` and implement ``save``."""

    ok_text = "Save"

    def __init__(self, title: str, parent: QWidget | None = None, *, intro: str = "",
                 ok_text: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_value: Any = None
        self._forms: list[ErrorForm] = []
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 18, 20, 16)
        self.body.setSpacing(12)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            self.body.addWidget(intro_label)
        self.content = QVBoxLayout()
        self.content.setSpacing(12)
        self.body.addLayout(self.content)
        self.general_error = error_label(self)
        self.body.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or self.ok_text)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body.addWidget(self.buttons)

    def add_form(self, form: ErrorForm, into=None) -> ErrorForm:
        self._forms.append(form)
        (into if into is not None else self.content).addWidget(form)
        return form

    @staticmethod
    def read_dates(*fields: DateFieldEdit) -> list[date | None]:
        """Every field's date, or one ValidationError naming each badly written date."""
        values: list[date | None] = []
        errors: dict[str, str] = {}
        for field in fields:
            try:
                values.append(field.value())
            except ValidationError as exc:
                errors.update(exc.field_errors)
                values.append(None)
        if errors:
            raise ValidationError(errors)
        return values

    def save(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        rest = dict(errors)
        for form in self._forms:
            rest = form.show_errors(rest)
        set_message(self.general_error, " ".join(rest.values()))

    def error_text(self, key: str) -> str:
        """The message shown for the service's field ``key`` (e.g. "male.mrn"), else ""."""
        for form in self._forms:
            if key in form.keys():
                return form.error_text(key)
        return ""

    def clear_errors(self) -> None:
        for form in self._forms:
            form.clear_errors()
        set_message(self.general_error, "")

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.show_errors(exc.field_errors)
            return
        except BenchError as exc:
            set_message(self.general_error, str(exc))
            return
        super().accept()
