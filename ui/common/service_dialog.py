"""The base of every dialog that saves through a service.

OK calls ``save()``. A ValidationError puts each message next to its field and keeps the
dialog open with everything typed; any other BenchError is shown in words under the
form. Only a successful save closes the dialog, so a failed save leaves nothing stored
and nothing lost. A date or time that cannot be read (``read_dates``) is one more field
error: the service still checks every other field, inside ``nothing_stored_while``, so all
the messages show at once and nothing is stored until the date is fixed.

Tab follows the layout (``order_tab_chain``). Escape or the window's close button on a
form with entries keyed since it opened asks before throwing them away; Cancel is the
deliberate way out and closes at once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.i18n import _, _l
from bench_app.services.unread_values import nothing_stored_while
from ui.common.dates import DateFieldEdit, read_fields
from ui.common.focus_order import order_tab_chain
from ui.common.form import ErrorForm, error_label, set_message
from ui.common.form_state import entries
from ui.common.screen_fit import FittingScrollArea, open_at_natural_size
from ui.common.times import DateTimeFieldEdit
from ui.qt import QDialog, QDialogButtonBox, QLabel, QMessageBox, Qt, QVBoxLayout, QWidget


class ServiceDialog(QDialog):
    """Subclasses build their forms, register them with ``add_form`` and implement ``save``."""

    ok_text = _l("Save")

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
        self.intro_label: QLabel | None = None
        if intro:
            self.intro_label = intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            self.body.addWidget(intro_label)
        # The form scrolls inside the dialog when the screen is shorter than the form.
        self.scroll_area = FittingScrollArea(self)
        self.content = QVBoxLayout(self.scroll_area.inner)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(12)
        self.body.addWidget(self.scroll_area, 1)
        self.general_error = error_label(self)
        self.body.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(str(ok_text or self.ok_text))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body.addWidget(self.buttons)
        self._opened_with: tuple | None = None
        self._unreadable: dict[str, str] = {}
        self.discard_question: QMessageBox | None = None

    # --- keyboard: tab order, and Escape that does not lose what was typed ------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        order_tab_chain(self)
        if self._opened_with is None:
            open_at_natural_size(self)
            self._opened_with = entries(self)

    def has_unsaved_entries(self) -> bool:
        return self._opened_with is not None and entries(self) != self._opened_with

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers() and self.has_unsaved_entries():
            self.ask_discard()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        # Only a person's close (the title bar's button: a spontaneous event) asks; the app closing
        # a form itself (a change of person, which asks in its own way, or a reopen) does not.
        if (event.spontaneous() and self.isVisible() and self.has_unsaved_entries()
                and self.discard_question is None):
            event.ignore()
            self.ask_discard()
            return
        super().closeEvent(event)

    def ask_discard(self) -> QMessageBox:
        """'Discard what you typed?': Keep editing (the default) or Discard, which closes the form."""
        if self.discard_question is not None and self.discard_question.isVisible():
            return self.discard_question
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          _("Close this form and discard what you typed?"), QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _r: self._discard_answered(box.clickedButton() is not keep))
        self.discard_question = box
        box.open()
        return box

    def _discard_answered(self, discard: bool) -> None:
        self.discard_question = None
        if discard:
            self.reject()

    def add_form(self, form: ErrorForm, into=None) -> ErrorForm:
        self._forms.append(form)
        (into if into is not None else self.content).addWidget(form)
        return form

    def read_dates(self, *fields: DateFieldEdit | DateTimeFieldEdit) -> list[date | datetime | None]:
        """Every field's date or time; one that cannot be read (or a missing required time) reads as None.

        Its message waits, and the service is still asked, inside ``nothing_stored_while``: it
        checks every other field, its messages are shown together with the date's ("a bad date
        hides a blank family name" no more), and nothing is stored while a date is unread.
        """
        values, unread = read_fields(*fields)
        self._unreadable.update(unread)
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
        self._unreadable = {}
        try:
            with nothing_stored_while(self._unreadable):
                result = self.save()
        except ValidationError as exc:
            self.show_errors({**exc.field_errors, **self._unreadable})
            self._make_room()
            return
        except BenchError as exc:
            self.show_errors(self._unreadable)
            set_message(self.general_error, " ".join(filter(None, (self.general_error.text(), str(exc)))))
            self._make_room()
            return
        if self._unreadable:  # no write was opened (it would have raised): the dates' messages stand
            self.show_errors(self._unreadable)
            self._make_room()
            return
        self.result_value = result
        super().accept()

    def _make_room(self) -> None:
        """The messages just shown take room: grow to show the whole form where the screen allows."""
        if self.isVisible():
            self.content.activate()
            self.scroll_area.updateGeometry()  # the body's new height reaches the dialog's layout
            self.layout().activate()
            open_at_natural_size(self)
