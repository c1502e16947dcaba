"""Every word a screen shows goes through the translation function.

The check (tests/i18n/wrapped_strings.py) finds string literals passed straight to setText, QLabel,
QPushButton, QMessageBox, setToolTip, setWindowTitle, addAction and the like, in every module of ui/
(the core's messages and printed documents are checked by the catalogues' tests). Words that reach the
screen another way (a form helper's label, a table model's header, a combo box's data) are not seen by
this check; the catalogues' tests, the value-label tests and the screenshots in Turkish and Arabic are
what find those.
"""

from __future__ import annotations

from tests.i18n.wrapped_strings import unwrapped


def test_every_screen_passes_its_words_through_the_translation_function():
    found = unwrapped()
    assert not found, "\n".join(f"{lit.path}:{lit.line}: {lit.text!r}" for lits in found.values() for lit in lits)
