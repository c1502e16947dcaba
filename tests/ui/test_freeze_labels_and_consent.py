"""Labels before loading, consent before work (issue 14): straw labels printed inside the freeze form from
the reserved codes, unused codes voided with a reason, consent said and recordable when the patient is chosen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.errors import ValidationError
from bench_app.persistence.models import AuditEvent, Incident, LabelPrint, ReservedCode
from tests.reports.pdf_reading import pages_text
from tests.services.cryo_fixtures import canes_of, eli_witness, freeze_ejaculate, patient, small_tank, today
from tests.ui.conftest import click, type_into
from tests.ui.printing_helpers import print_preview_to_file
from tests.ui.retrieval_helpers import accepted, choose, set_count, shown_errors, witness
from ui.printing.print_preview_dialog import PrintPreviewDialog


@pytest.fixture
def cryo(open_window, team):
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    return window.show_area("cryo")


def ejaculate_form(qtbot, cryo, patient_id, count=2):
    dialog = cryo.freeze(patient_id)
    choose(qtbot, dialog.source.source, "E")
    type_into(qtbot, dialog.cryoprotectant.product, "SpermFreeze")
    type_into(qtbot, dialog.cryoprotectant.lot, "SF-0425")
    choose(qtbot, dialog.sperm_present, "S")
    set_count(qtbot, dialog.count, count)
    return dialog


def test_labels_of_reserved_codes_print_inside_the_freeze_before_loading(qtbot, services, team, clock, cryo,
                                                                         tmp_path):
    small_tank(services, team, canisters=1, canes=2, positions=5)
    man, _, _ = patient(services, team, clock)
    dialog = ejaculate_form(qtbot, cryo, man.id, count=3)
    assert not dialog.print_button.isEnabled()
    click(qtbot, dialog.reserve_button)
    codes = list(dialog.codes)
    assert len(codes) == 3 and dialog.print_button.isEnabled()
    assert dialog.codes_label.text() == "3 reserved: print before loading"
    click(qtbot, dialog.print_button)
    labels = dialog.active_dialog
    click(qtbot, labels.ok_button)
    preview = dialog.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count == 3
    text = " ".join(pages_text(preview.content))
    assert all(c in text for c in codes) and "M-100" in text and "YILMAZ" in text.upper()
    print_preview_to_file(preview, tmp_path)
    preview.reject()
    with services.db.read() as s:
        assert sorted(s.execute(select(LabelPrint.entity_id).where(LabelPrint.entity_type == "reserved_codes"))
                      .scalars()) == sorted(codes)
    set_count(qtbot, dialog.count, 2)                                # one fewer straw after all
    witness(qtbot, dialog.witness_panel, "eli", "3333")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert [d.code for d in dialog.result_value.devices] == codes[:2]
    assert not cryo.frozen_labels_button.isVisibleTo(cryo)         # printed before loading: nothing to offer
    # the device's label was printed while reserved: printing it again is a reprint
    assert services.labels.target(codes[0]).would_be_reprint
    with services.db.read() as s:
        rows = {r.code: r for r in s.execute(select(ReservedCode)).scalars()}
        assert rows[codes[0]].used_at is not None and rows[codes[0]].voided_at is None
        assert rows[codes[2]].used_at is None and rows[codes[2]].void_reason == "not used: 2 devices were frozen"
        (incident,) = s.execute(select(Incident)).scalars()
        assert incident.kind == "voided_code" and codes[2] in incident.description
        assert s.execute(select(AuditEvent.reason).where(AuditEvent.entity_type == "reserved_codes",
                                                         AuditEvent.entity_id == codes[2],
                                                         AuditEvent.action == "update")).scalars().all() \
            == ["not used: 2 devices were frozen"]
    # a voided code is never accepted again
    canes = canes_of(services, services.storage.tanks()[0].id)
    with pytest.raises(ValidationError, match="was voided"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[1].id, 5)], device_codes=[codes[2]])


def test_a_cancelled_freeze_voids_its_reserved_codes_and_unprinted_labels_are_refused(qtbot, services, team, clock,
                                                                                    cryo):
    small_tank(services, team, canisters=1, canes=2, positions=5)
    man, _, _ = patient(services, team, clock)
    codes = services.cryo.reserve_device_codes(team.embryologist, 1, patient_id=man.id)
    canes = canes_of(services, services.storage.tanks()[0].id)
    with pytest.raises(ValidationError, match="Print the label of .* before loading"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], device_codes=list(codes),
                         witness=eli_witness())
    dialog = ejaculate_form(qtbot, cryo, man.id)
    click(qtbot, dialog.reserve_button)
    reserved = list(dialog.codes)
    dialog.reject()
    with services.db.read() as s:
        rows = s.execute(select(ReservedCode.code, ReservedCode.void_reason, ReservedCode.voided_by)
                         .where(ReservedCode.code.in_(reserved))).all()
    assert sorted(rows) == sorted((c, "freeze cancelled before loading", team.embryologist.id) for c in reserved)


def test_consent_is_checked_when_the_patient_is_chosen_and_recorded_without_losing_the_form(
        qtbot, services, team, clock, cryo):
    small_tank(services, team, canisters=1, canes=2, positions=5)
    man, _, _ = patient(services, team, clock, uses=())
    dialog = ejaculate_form(qtbot, cryo, man.id)
    notice = dialog.consent
    assert notice.isVisible() and notice.record_button.isVisible()
    assert notice.message.text() == "Mehmet Yılmaz (MRN M-100) has no consent to storage."
    type_into(qtbot, dialog.notes, "typed before the consent was found")
    click(qtbot, notice.record_button)
    form = notice.active_dialog
    assert form.use_boxes["storage"].isChecked()
    type_into(qtbot, form.storage_expiry, (today(clock) + timedelta(days=3650)).isoformat())
    click(qtbot, form.ok_button)
    assert accepted(form), shown_errors(form)
    assert not notice.isVisible() and notice.problem() == ""
    assert dialog.isVisible() and dialog.notes.text() == "typed before the consent was found"
    assert dialog.cryoprotectant.values() == ("SpermFreeze", "SF-0425")


def test_a_thaw_for_use_says_at_once_that_consent_to_treatment_is_missing(qtbot, services, team, clock, cryo):
    from bench_app.domain.enums import ConsentUse
    from ui.cryo.thaw_dialog import ThawDialog

    small_tank(services, team, canisters=1, canes=2, positions=5)
    man, _, _ = patient(services, team, clock, uses=(ConsentUse.STORAGE,))
    canes = canes_of(services, services.storage.tanks()[0].id)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)])
    dialog = ThawDialog(cryo.context, [], cryo)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.consent.isVisible()
    assert dialog.add_code(frozen.devices[0].code)                    # the device is chosen: asked now
    assert dialog.consent.isVisible()
    assert dialog.consent.message.text() == "Mehmet Yılmaz (MRN M-100) has no consent to treatment."


def test_icsi_with_stored_sperm_needs_consent_to_treatment_when_the_thaw_is_chosen(qtbot, services, team, clock,
                                                                                  open_window):
    from bench_app.domain.enums import SpermSourceKind
    from tests.ui.icsi_helpers import thawed_couple
    from ui.icsi.session_dialog import StartSessionDialog

    man, cycle, _device, thaw = thawed_couple(services, team, clock)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=1),
                                   cocs_retrieved=3)
    (consent,) = services.patients.get_patient(man.id).consents
    services.patients.withdraw_consent(team.supervisor, consent.id, withdrawn_on=today(clock),
                                       reason="the patient asked by letter")
    with pytest.raises(ValidationError, match="withdrew consent to treatment"):
        services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="thaw_event",
                                    source_thaw_event_id=thaw.id, witness=eli_witness())
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    couple = services.patients.get_couple(services.patients.couples_of_patient(man.id)[0].id)
    dialog = StartSessionDialog(window.context, couple.couple if hasattr(couple, "couple") else couple, opu, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.source_kind() == SpermSourceKind.THAW_EVENT
    assert dialog.consent.isVisible()
    assert "withdrew consent to treatment on" in dialog.consent.message.text()
