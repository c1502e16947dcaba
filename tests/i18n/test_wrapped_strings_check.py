"""The check that finds untranslated words on screen finds them (and leaves translated ones alone)."""

from __future__ import annotations

from tests.i18n.wrapped_strings import literals_in

SAMPLE = '''
from bench_app.i18n import _, ngettext
label.setText("Sperm found")                          # 1
title = QLabel(f"Patient {name}", self)              # 2
QMessageBox.warning(self, "Not saved", message)     # 3
button = QPushButton(_("Save"), self)
label.setText(_("{count} samples").format(count=n))
label.setText(ngettext("{n} sample", "{n} samples", n))
label.setText("—")
label.setObjectName("statusUser")
menu.addAction("Quit")                              # 4
form.addRow("Weight (mg)", field)                    # 5
label.setToolTip("Ready" if ok else _("Waiting"))   # 6
'''


def test_literals_passed_to_what_shows_text_are_found(tmp_path):
    path = tmp_path / "some_view.py"
    path.write_text(SAMPLE, encoding="utf-8")
    assert [lit.text for lit in literals_in(path)] == [
        "Sperm found", "Patient ", "Not saved", "Quit", "Weight (mg)", "Ready"]
