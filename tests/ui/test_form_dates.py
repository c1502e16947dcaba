"""A bad date or time is one more field error: shown with every other field's, and nothing is stored.

Each form with a date or time is opened as the app opens it, its other fields typed in, a
date typed wrong ("2026-02-30", a day February never has) and OK pressed. With another field
also wrong, both messages appear in the one pass; with everything else right, the service
checks the form but stores nothing until the date is fixed, and then saves it. "Nothing
stored" is read from the audit trail, which every write of every service appends to.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

import pytest

from bench_app.domain.enums import ConsentUse, CycleType
from tests.services import cryo_fixtures as cf
from tests.services.retrieval_fixtures import make_procedure, receive
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import choose, shown_errors, witness
from ui.common.dates import DateFieldEdit
from ui.common.dialog_host import open_dialog
from ui.common.times import DateTimeFieldEdit, local_text
from ui.qt import Qt

BAD_DAY = "2026-02-30"


@dataclass(frozen=True)
class Form:
    """How to open one form, fill it right, and spoil one of its other fields (returning that field's key).

    ``good``: a right text for the date (by default the one it opened with).
    """

    build: Callable
    date: str
    fill: Callable = lambda qtbot, d: None
    spoil: Callable | None = None
    good: Callable | None = None


def _nothing(qtbot, d) -> None:
    """The form opens right as it is."""


def _at(dialog, path: str):
    """``dialog.male.date_of_birth`` or ``dialog.dates["transfer"]`` from "male.date_of_birth", "dates.transfer"."""
    return functools.reduce(lambda o, name: o[name] if isinstance(o, dict) else getattr(o, name), path.split("."),
                            dialog)


def _typed(path: str, text: str):
    def fill(qtbot, d):
        type_into(qtbot, _at(d, path), text)
    return fill


def _both(*steps):
    def run(qtbot, d):
        for step in steps:
            step(qtbot, d)
    return run


def _then_key(step, key: str):
    def run(qtbot, d):
        step(qtbot, d)
        return key
    return run


def _couple(services, team, clock, *, female=True, mrn="M-300"):
    return services.patients.register_couple(
        team.embryologist,
        male=dict(mrn=mrn, family_name="Okafor", given_names="Chidi", date_of_birth=date(1984, 5, 6)),
        female=dict(mrn=mrn + "F", family_name="Okafor", given_names="Ada", date_of_birth=date(1987, 7, 8))
        if female else None)


def _diagnosed(services, team, clock):
    couple = _couple(services, team, clock)
    services.patients.record_diagnosis(team.embryologist, patient_id=couple.male.id, azoospermia_type="NOA",
                                       etiology="idiopathic", diagnosed_on=date(2026, 1, 5))
    return couple


def _consent(services, team, clock):
    man, _, consent = cf.patient(services, team, clock)
    return consent


# --- the forms -----------------------------------------------------------------------------------------------

def _register_couple(services, team, clock, window):
    from ui.patients.register_couple_dialog import RegisterCoupleDialog
    return RegisterCoupleDialog(window.context, window)


def _fill_couple(qtbot, d):
    for form, mrn, given, born in ((d.male, "N-1", "Emeka", "1983-02-03"), (d.female, "N-1F", "Nneka", "1986-04-05")):
        type_into(qtbot, form.mrn, mrn)
        type_into(qtbot, form.family_name, "Eze")
        type_into(qtbot, form.given_names, given)
        type_into(qtbot, form.date_of_birth, born)


def _new_cycle(services, team, clock, window):
    from ui.patients.new_cycle_dialog import NewCycleDialog
    return NewCycleDialog(window.context, _couple(services, team, clock), window)


def _diagnosis(services, team, clock, window):
    from ui.patients.diagnosis_dialog import DiagnosisDialog
    return DiagnosisDialog(window.context, _couple(services, team, clock).male, window)


def _consent_dialog(services, team, clock, window):
    from ui.patients.consent_dialog import ConsentDialog
    return ConsentDialog(window.context, [_couple(services, team, clock).male], window)


def _tick_treatment(qtbot, d):
    box = d.use_boxes[ConsentUse.TREATMENT.value]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def _withdraw(services, team, clock, window):
    from ui.patients.consent_change_dialog import WithdrawConsentDialog
    return WithdrawConsentDialog(window.context, _consent(services, team, clock), window)


def _extend(services, team, clock, window):
    from ui.patients.consent_change_dialog import ExtendStorageDialog
    return ExtendStorageDialog(window.context, _consent(services, team, clock), window)


def _new_procedure(services, team, clock, window):
    from ui.retrieval.new_procedure_dialog import NewProcedureDialog
    return NewProcedureDialog(window.context, _couple(services, team, clock).male, window)


def _fill_procedure(qtbot, d):
    type_into(qtbot, d.surgeon, "Dr. Bello")
    choose(qtbot, d.indication, "N")


def _receive(services, team, clock, window):
    from ui.retrieval.receive_sample_dialog import ReceiveSampleDialog
    _, _, proc = make_procedure(services, team, clock)
    return ReceiveSampleDialog(window.context, services.retrieval.get_procedure(proc.id), window)


def _fill_receive(qtbot, d):
    choose(qtbot, d.tubules, "d")
    witness(qtbot, d.witness_panel)


def _sample_of_procedure(services, team, clock):
    couple, _, proc = make_procedure(services, team, clock)
    return couple.male, services.retrieval.get_procedure(proc.id).procedure, receive(services, team, clock, proc)


def _add_step(services, team, clock, window):
    from ui.retrieval.add_step_dialog import AddStepDialog
    man, _, sample = _sample_of_procedure(services, team, clock)
    return AddStepDialog(window.context, man, sample, window)


def _record_finding(services, team, clock, window):
    from ui.retrieval.record_finding_dialog import RecordFindingDialog
    man, _, sample = _sample_of_procedure(services, team, clock)
    return RecordFindingDialog(window.context, man, sample, window)


def _correct_sample(services, team, clock, window):
    from ui.retrieval.correct_sample_dialog import CorrectSampleDialog
    _, procedure, sample = _sample_of_procedure(services, team, clock)
    return CorrectSampleDialog(window.context, procedure, sample, window)


def _move(services, team, clock, window):
    from ui.cryo.move_dialog import MoveDialog
    man, _, _ = cf.patient(services, team, clock)
    tank = cf.small_tank(services, team)
    cane = cf.canes_of(services, tank.id)[0]
    frozen = cf.freeze_ejaculate(services, team.embryologist, man.id, [(cane.id, 1)])
    return MoveDialog(window.context, list(frozen.devices), window)


def _opu(services, team, clock, window):
    from ui.icsi.opu_dialog import RecordOpuDialog
    _, cycle, _ = cf.patient(services, team, clock)
    return RecordOpuDialog(window.context, cycle.id, "OKAFOR, Ada (M-100F)", window)


def _icsi_ready(services, team, clock):
    from tests.ui.icsi_helpers import thawed_couple
    man, cycle, _, thaw = thawed_couple(services, team, clock)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=2),
                                   cocs_retrieved=2)
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MII", "MII"])
    return cycle, opu, thaw, rows


def _session(services, team, clock, window):
    from ui.icsi.session_dialog import StartSessionDialog
    cycle, opu, _, _ = _icsi_ready(services, team, clock)
    return StartSessionDialog(window.context, services.patients.get_couple(cycle.couple_id).couple, opu, window)


def _inject(services, team, clock, window):
    from ui.icsi.inject_dialog import InjectDialog
    _, opu, thaw, rows = _icsi_ready(services, team, clock)
    session = services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="thaw_event",
                                          source_thaw_event_id=thaw.id, witness=cf.eli_witness("source", "dish"))
    return InjectDialog(window.context, list(rows), [session], "OKAFOR, Ada", window)


def _outcome(services, team, clock, window):
    from ui.outcomes.cycle_outcome_dialog import CycleOutcomeDialog
    couple = _couple(services, team, clock)
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=date(2026, 10, 1))
    return CycleOutcomeDialog(window.context, cycle, "Okafor", None, window)


def _treatment(services, team, clock, window):
    from ui.outcomes.treatment_dialog import TreatmentDialog
    return TreatmentDialog(window.context, _diagnosed(services, team, clock).male, parent=window)


def _workup(services, team, clock, window):
    from ui.outcomes.workup_dialog import WorkupDialog
    couple = _diagnosed(services, team, clock)
    (diagnosis,) = services.patients.get_patient(couple.male.id).diagnoses
    return WorkupDialog(window.context, couple.male, diagnosis, None, window)


def _witness_only(qtbot, d):
    witness(qtbot, d.witness_panel)


FORMS = {
    "register couple": Form(_register_couple, "male.date_of_birth", _fill_couple,
                            _then_key(_typed("female.family_name", ""), "female.family_name")),
    "new cycle": Form(_new_cycle, "start_date"),
    "diagnosis": Form(_diagnosis, "diagnosed_on", _typed("etiology", "idiopathic"),
                      _then_key(_typed("etiology", ""), "etiology")),
    "consent (an optional expiry)": Form(_consent_dialog, "storage_expiry", _tick_treatment,
                                         _then_key(_tick_treatment, "permitted_uses")),
    "withdraw consent": Form(_withdraw, "when", _typed("reason", "The patient's letter of 19 November"),
                             _then_key(_typed("reason", ""), "reason")),
    "extend storage": Form(_extend, "when", _typed("reason", "Renewed at the clinic"),
                           _then_key(_typed("reason", ""), "reason"), good=lambda d: "2040-01-01"),
    "new procedure": Form(_new_procedure, "started_at", _fill_procedure,
                          _then_key(_typed("surgeon", ""), "surgeon")),
    "receive sample (witnessed)": Form(_receive, "received_at", _fill_receive,
                                       _then_key(_typed("weight", "heavy"), "wet_weight_mg")),
    "add step (an optional end)": Form(_add_step, "ended_at", _witness_only,
                                       _then_key(_typed("witness_panel.secret", ""), "witness_secret")),
    "record finding": Form(_record_finding, "assessed_at", lambda qtbot, d: choose(qtbot, d.sperm_found, "n"),
                           _then_key(lambda qtbot, d: d.sperm_found.setCurrentIndex(-1), "sperm_found")),
    "correct sample": Form(_correct_sample, "received_at", _typed("reason", "The tube came a minute later"),
                           _then_key(_typed("reason", ""), "reason"),
                           good=lambda d: local_text(d.sample.received_at + timedelta(minutes=1))),
    "move devices (witnessed)": Form(_move, "moved_at",
                                     _both(_typed("reason", "Consolidating canes"), _witness_only),
                                     _then_key(_typed("reason", ""), "reason")),
    "oocyte retrieval (an optional denudation)": Form(_opu, "denuded_at", _nothing,
                                                      _then_key(_typed("retrieved_at", ""), "retrieved_at")),
    "ICSI session (witnessed)": Form(_session, "started_at", _witness_only,
                                     _then_key(_typed("witness_panel.secret", ""), "witness_secret")),
    "injection": Form(_inject, "injected_at", lambda qtbot, d: choose(qtbot, d.motility, "t"),
                      _then_key(lambda qtbot, d: d.motility.setCurrentIndex(-1), "sperm_motility")),
    "cycle outcome (optional dates)": Form(_outcome, "dates.transfer", _nothing,
                                           _then_key(lambda qtbot, d: choose(qtbot, d.choices["pregnancy_test"], "p"),
                                                     "pregnancy_test")),
    "treatment (an optional end)": Form(_treatment, "ended_on",
                                        _both(lambda qtbot, d: choose(qtbot, d.treatment, "c"),
                                              _typed("started_on", "2026-06-01")),
                                        _then_key(lambda qtbot, d: d.treatment.setCurrentIndex(-1), "treatment")),
    "work-up (optional dates)": Form(_workup, "hormones_on", _nothing,
                                     _then_key(lambda qtbot, d: type_into(qtbot, d.fields["fsh_iu_l"], "lots"),
                                               "fsh_iu_l")),
}


def open_form(qtbot, services, team, clock, window, form: Form):
    dialog = form.build(services, team, clock, window)
    open_dialog(window, dialog)
    qtbot.waitExposed(dialog)
    return dialog, _at(dialog, form.date)


def bad_text(field) -> str:
    return BAD_DAY if isinstance(field, DateFieldEdit) else f"{BAD_DAY} 10:00"


@pytest.fixture
def window(open_window, team):
    return open_window(team.embryologist, idle_timeout_ms=600_000)


@pytest.mark.parametrize("name", [n for n, f in FORMS.items() if f.spoil is not None])
def test_a_bad_date_is_shown_with_the_other_fields_errors_and_nothing_is_stored(qtbot, services, team, clock,
                                                                               window, name):
    form = FORMS[name]
    dialog, day = open_form(qtbot, services, team, clock, window, form)
    form.fill(qtbot, dialog)
    other = form.spoil(qtbot, dialog)
    type_into(qtbot, day, bad_text(day))
    stored = services.audit.count()
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "not a real calendar date" in dialog.error_text(day.key)
    assert dialog.error_text(other), f"no message for {other} beside the date's"
    assert services.audit.count() == stored


@pytest.mark.parametrize("name", list(FORMS))
def test_a_bad_date_alone_stores_nothing_and_the_form_saves_once_it_is_fixed(qtbot, services, team, clock,
                                                                              window, name):
    """The service checks the rest (right) and is refused nothing, yet stores nothing while the date is unread."""
    form = FORMS[name]
    dialog, day = open_form(qtbot, services, team, clock, window, form)
    form.fill(qtbot, dialog)
    good = form.good(dialog) if form.good else day.text()
    assert isinstance(day, (DateFieldEdit, DateTimeFieldEdit))
    type_into(qtbot, day, bad_text(day))
    stored = services.audit.count()
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert "not a real calendar date" in dialog.error_text(day.key)
    assert services.audit.count() == stored

    type_into(qtbot, day, good)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), f"not saved: {shown_errors(dialog)}"
    assert services.audit.count() > stored


def test_the_icsi_check_says_a_bad_time_and_an_unkeyed_result_at_once(qtbot, services, team, clock, open_window):
    """The check panel of the oocyte grid: the time's message and the rows' messages in one Enter."""
    from bench_app.persistence.models import FertilizationCheck
    from tests.ui.icsi_helpers import injected_cycle, keys
    from ui.icsi.oocyte_table_model import OocyteTableModel

    cycle, _, _ = injected_cycle(services, team, clock, ["MII", "MII"])
    clock.advance(hours=17)
    icsi = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("icsi")
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    type_into(qtbot, view.check_panel.checked_at, f"{BAD_DAY} 10:00")
    view.table.setFocus()
    view.table.setCurrentIndex(view.table.model().index(0, OocyteTableModel.Column.POLAR_BODIES))
    keys(qtbot, view.table, "2")                      # polar bodies keyed, the result not
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert "not a real calendar date" in view.check_panel.form.error_text("checked_at")
    assert "key the result as well as the polar bodies" in view.message.text()
    assert cf.count(services, FertilizationCheck) == 0


def test_the_audit_filter_names_both_bad_dates_at_once(qtbot, services, team, open_window):
    audit = open_window(team.admin, idle_timeout_ms=600_000).show_area("admin").audit_view
    type_into(qtbot, audit.date_from, "2026-13-01")
    type_into(qtbot, audit.date_to, BAD_DAY)
    click(qtbot, audit.apply_button)
    assert "'2026-13-01' is not a real calendar date." in audit.message.text()
    assert f"'{BAD_DAY}' is not a real calendar date." in audit.message.text()
