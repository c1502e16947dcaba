"""Print buttons where the work happens: a received sample's tube label, the straws just frozen, a
selected device, an ICSI dish. Each opens the label dialog with its codes chosen."""

from __future__ import annotations

import pytest

from bench_app.domain.labels import dish_code
from tests.reports.world import build_world
from tests.ui.conftest import click
from tests.ui.printing_helpers import print_preview_to_file
from ui.printing.label_print_dialog import LabelPrintDialog
from ui.printing.print_preview_dialog import PrintPreviewDialog


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


@pytest.fixture
def window(open_window, team):
    return open_window(team.embryologist, idle_timeout_ms=600_000)


def chosen_codes(dialog: LabelPrintDialog) -> list[str]:
    return [t.code for t in dialog.targets()]


def test_the_procedure_prints_the_selected_samples_tube_label(qtbot, services, window, world, tmp_path):
    retrieval = window.show_area("retrieval")
    retrieval.show_procedure(world.procedure.id, world.samples[1].id)
    view = retrieval.procedure_view
    assert view.label_button.isEnabled()
    click(qtbot, view.label_button)
    dialog = view.active_dialog
    assert isinstance(dialog, LabelPrintDialog) and chosen_codes(dialog) == [world.samples[1].code]
    click(qtbot, dialog.ok_button)
    assert isinstance(view.active_dialog, PrintPreviewDialog)
    print_preview_to_file(view.active_dialog, tmp_path)
    assert [p.printed_by for p in services.labels.history(world.samples[1].code)] == ["Emma Embryologist"]


def test_cryo_prints_the_new_straws_after_a_freeze_and_a_selected_device(qtbot, services, window, world, tmp_path):
    cryo = window.show_area("cryo")
    assert not cryo.frozen_labels_button.isVisibleTo(cryo)
    cryo._frozen(world.freeze)                      # what the freeze dialog hands back when it saves
    assert cryo.frozen_labels_button.isVisibleTo(cryo)
    assert cryo.frozen_labels_button.text() == "Print straw labels for the 2 new devices…"
    click(qtbot, cryo.frozen_labels_button)
    dialog = cryo.active_dialog
    assert chosen_codes(dialog) == [d.code for d in world.freeze.devices]
    assert dialog.stock.currentData() == "cryo-32x13"
    click(qtbot, dialog.ok_button)
    assert cryo.active_dialog.page_count == 2
    print_preview_to_file(cryo.active_dialog, tmp_path)
    assert all(len(services.labels.history(d.code)) == 1 for d in world.freeze.devices)

    device = world.freeze.devices[1]
    cryo.show_device(device.id)
    click(qtbot, cryo.label_button)
    dialog = cryo.active_dialog
    assert chosen_codes(dialog) == [device.code] and dialog._reason_box.isVisibleTo(dialog)   # a reprint now
    dialog.reject()
    cryo.tabs.setCurrentWidget(cryo.discards_view)
    click(qtbot, cryo.label_button)
    assert "Select the devices whose labels to print first." == cryo.message.text()


def test_the_icsi_cycle_prints_its_dish_label(qtbot, services, window, world, tmp_path):
    icsi = window.show_area("icsi")
    icsi.show_cycle(world.cycle.id)
    view = icsi.cycle_view
    assert view.dish_label_button.isVisibleTo(view)
    click(qtbot, view.dish_label_button)
    dialog = view.active_dialog
    code = services.icsi.dish_code(services_actor(window), world.retrieval_id)   # given when first labelled
    assert chosen_codes(dialog) == [code] and code.startswith("C-")
    click(qtbot, dialog.ok_button)
    assert isinstance(view.active_dialog, PrintPreviewDialog)
    print_preview_to_file(view.active_dialog, tmp_path)
    assert len(services.labels.history(code)) == 1
    assert len(services.labels.history(dish_code(world.retrieval_id))) == 1   # the old label's code: same dish


def services_actor(window):
    return window.context.actor
