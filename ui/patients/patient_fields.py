"""The fields of one patient (MRN, names, the names' language, date of birth, sex), used by the register dialogs."""

from __future__ import annotations

from bench_app.domain.enums import Sex
from bench_app.domain.names import NAME_LANGUAGES
from bench_app.i18n import _
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.qt import QComboBox, QLabel, QLineEdit, QWidget


class PatientFieldsForm(ErrorForm):
    """``prefix`` ("male.", "female." or "") matches the service's error keys."""

    def __init__(self, prefix: str = "", *, fixed_sex: Sex | None = None, parent: QWidget | None = None):
        super().__init__(prefix, parent)
        self.fixed_sex = fixed_sex
        self.mrn = QLineEdit(self)
        self.mrn.setMaxLength(40)
        self.mrn.setPlaceholderText(_("Clinic ID"))
        self.family_name = QLineEdit(self)
        self.family_name.setMaxLength(120)
        self.given_names = QLineEdit(self)
        self.given_names.setMaxLength(120)
        self.date_of_birth = DateFieldEdit(prefix + "date_of_birth", parent=self)
        for name, widget in (("mrn", self.mrn), ("family_name", self.family_name),
                             ("given_names", self.given_names), ("date_of_birth", self.date_of_birth)):
            widget.setObjectName(prefix + name)
        self.add_row("mrn", _("MRN"), self.mrn)
        self.add_row("family_name", _("Family name"), self.family_name)
        self.add_row("given_names", _("Given names"), self.given_names)
        # The language the name is written in: its capitals on labels and lists (Turkish 'Şahin' is 'ŞAHİN').
        self.name_language = QComboBox(self)
        self.name_language.setObjectName(prefix + "name_language")
        self.name_language.addItem(_("The lab's language"), None)
        for code, label in sorted(NAME_LANGUAGES.items(), key=lambda item: item[1]):
            self.name_language.addItem(label, code)
        self.add_row("name_language", _("Name language"), self.name_language)
        self.add_row("date_of_birth", _("Date of birth"), self.date_of_birth)
        self.sex: QComboBox | None = None
        if fixed_sex is None:
            self.sex = QComboBox(self)
            self.sex.setObjectName(prefix + "sex")
            self.sex.addItem(_("Choose…"), None)  # never a guess: the person picks the sex
            for value in Sex:
                self.sex.addItem(value.label, value.value)
            self.add_row("sex", _("Sex"), self.sex)
        else:
            self.add_row("sex", _("Sex"), QLabel(fixed_sex.label, self))

    def values(self, date_of_birth) -> dict:
        """The service's keyword fields; the caller parsed the date (to report every bad one)."""
        fields = {
            "mrn": self.mrn.text(),
            "family_name": self.family_name.text(),
            "given_names": self.given_names.text(),
            "date_of_birth": date_of_birth,
        }
        fields["sex"] = self.fixed_sex.value if self.fixed_sex else self.sex.currentData()
        fields["name_language"] = self.name_language.currentData()
        return fields
