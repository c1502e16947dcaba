"""Every word a screen shows goes through the translation function: NOT DONE YET for the files listed below.

The check (tests/i18n/wrapped_strings.py) finds string literals passed straight to setText, QLabel,
QPushButton, QMessageBox, setToolTip, setWindowTitle, addAction and the like. ui/app.py and ui/shell are
wrapped, and so is the core (its messages and printed documents). The files in ``NOT_YET_WRAPPED`` are
the screens of the areas, wrapped in a later pass: that pass removes each file from the list as it
wraps it, until the list is empty. A file in the list that has nothing left to wrap fails the test too,
so the list only ever shrinks. Words that reach the screen another way (a form helper's label, a table
model's header, a combo box's data) are not seen by this check; the catalogues' tests and the screenshots
in Turkish and Arabic are what find those.
"""

from __future__ import annotations

from tests.i18n.wrapped_strings import unwrapped

# The screens not yet wrapped (issue 24, second pass): 75 files on 2026-12-07, fewer since.
NOT_YET_WRAPPED = frozenset({
    "ui/outcomes/cycle_outcome_dialog.py",
    "ui/outcomes/figure_records_dialog.py",
    "ui/outcomes/outcomes_charts.py",
    "ui/outcomes/outcomes_view.py",
    "ui/outcomes/treatment_dialog.py",
    "ui/outcomes/treatments_section.py",
    "ui/outcomes/workup_dialog.py",
})


def test_every_wrapped_module_passes_its_words_through_the_translation_function():
    found = unwrapped()
    left = {module: found[module] for module in found if module not in NOT_YET_WRAPPED}
    assert not left, "\n".join(f"{lit.path}:{lit.line}: {lit.text!r}" for lits in left.values() for lit in lits)


def test_the_list_of_screens_not_yet_wrapped_only_shrinks():
    found = unwrapped()
    done = sorted(module for module in NOT_YET_WRAPPED if module not in found)
    assert not done, f"wrapped now: remove from NOT_YET_WRAPPED: {done}"
