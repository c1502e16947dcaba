"""Labels from the app: the print is recorded, a reprint needs its reason, sheets start anywhere, ZPL is sent."""

from __future__ import annotations

import socket
import threading

import pytest

from bench_app.domain.labels import dish_code
from tests.reports.pdf_reading import page_count, pages_text
from tests.reports.world import build_world
from tests.ui.conftest import click, type_into
from tests.ui.printing_helpers import print_preview_to_file
from ui.printing.label_printing import print_labels
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QWidget, Qt
from ui.shell.bench_context import BenchContext


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


@pytest.fixture
def owner(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def context(services, team):
    return BenchContext(services, team.embryologist)



@pytest.fixture(autouse=True)
def no_address_typed_before(monkeypatch):
    """Each test starts as a new session: no label printer address typed by an earlier one."""
    from ui.printing import label_print_dialog

    monkeypatch.setattr(label_print_dialog, "_last_address", "")


def test_a_tube_label_is_previewed_and_recorded_only_when_printed(qtbot, services, owner, context, world, tmp_path):
    code = world.samples[0].code
    dialog = print_labels(owner, context, [code])
    assert dialog.isVisible() and dialog.code_list.count() == 1 and code in dialog.code_list.item(0).text()
    assert dialog.stock.currentData() == "thermal-50x25"
    assert not dialog._reason_box.isVisibleTo(dialog) and not dialog.start_position.isVisibleTo(dialog)
    click(qtbot, dialog.ok_button)
    preview = owner.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.page_count == 1
    assert "recorded as printed when you print it or save it to a file" in preview.details.text()
    assert code in pages_text(preview.content)[0]
    assert services.labels.history(code) == ()                      # a preview is not a print
    print_preview_to_file(preview, tmp_path)
    assert "Recorded as printed: 1 label" in preview.details.text()
    print_preview_to_file(preview, tmp_path)                        # the same print job is recorded once
    (record,) = services.labels.history(code)
    assert (record.printed_by, record.is_reprint, record.copies) == ("Emma Embryologist", False, 1)


def test_a_reprint_asks_for_the_reason_and_stores_it(qtbot, services, owner, context, world, tmp_path):
    code = world.freeze.devices[0].code
    services.labels.print_labels(context.actor, [code])
    dialog = print_labels(owner, context, [code])
    assert dialog.stock.currentData() == "cryo-32x13"
    assert dialog._reason_box.isVisibleTo(dialog)
    assert f"{code} was printed before (last on" in dialog.reprint_note.text() and "Emma Embryologist" in dialog.reprint_note.text()
    click(qtbot, dialog.ok_button)                                   # no reason: refused, nothing recorded
    assert dialog.isVisible() and "say why it is printed again" in dialog.error_text("reprint_reason")
    assert len(services.labels.history(code)) == 1
    type_into(qtbot, dialog.reprint_reason, "frosted over, unreadable")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible() and isinstance(owner.active_dialog, PrintPreviewDialog)
    assert len(services.labels.history(code)) == 1
    owner.active_dialog.save_to(str(tmp_path / "again.pdf"))       # saved to a file: recorded
    assert [(p.is_reprint, p.reason) for p in services.labels.history(code)] == [
        (False, ""), (True, "frosted over, unreadable")]


def test_scanned_codes_join_and_a_sheet_starts_at_a_chosen_label(qtbot, services, owner, context, world, tmp_path):
    first, second = (s.code for s in world.samples)
    dialog = print_labels(owner, context, [first])
    type_into(qtbot, dialog.add_code, "S-NOTACODE")
    qtbot.keyClick(dialog.add_code, Qt.Key.Key_Return)
    assert dialog.code_list.count() == 1 and dialog.error_text("codes") and dialog.isVisible()
    type_into(qtbot, dialog.add_code, dish_code(world.retrieval_id))
    qtbot.keyClick(dialog.add_code, Qt.Key.Key_Return)
    type_into(qtbot, dialog.add_code, second.lower())
    qtbot.keyClick(dialog.add_code, Qt.Key.Key_Return)
    assert dialog.code_list.count() == 3 and dialog.error_text("codes") == ""
    dialog.code_list.item(1).setCheckState(Qt.CheckState.Unchecked)      # not the dish after all
    dialog.stock.setCurrentIndex(dialog.stock.findData("a4-21"))
    assert dialog.start_position.isVisibleTo(dialog) and dialog.start_position.maximum() == 21
    dialog.start_position.setValue(20)
    dialog.copies.setValue(2)
    click(qtbot, dialog.ok_button)
    preview = owner.active_dialog
    assert preview.page_count == page_count(preview.content) == 2        # labels 20-21, then two more
    print_preview_to_file(preview, tmp_path)
    assert [len(services.labels.history(c)) for c in (first, second)] == [1, 1]
    assert services.labels.history(dish_code(world.retrieval_id)) == ()


def test_zpl_is_sent_to_the_label_printer_and_a_failed_send_records_nothing_until_a_send_succeeds(
        qtbot, services, owner, context, world):
    code = world.freeze.devices[0].code
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()                                                        # nobody listens there now
    dialog = print_labels(owner, context, [code])
    type_into(qtbot, dialog.address, f"127.0.0.1:{dead_port}")
    assert dialog.to_zpl.isChecked() and dialog.ok_button.text() == "Send to printer"
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "Could not send" in dialog.error_text("send")
    assert "Nothing was recorded" in dialog.error_text("send") and dialog.code_list.isEnabled()
    assert services.labels.history(code) == ()                            # no print: the next is no reprint

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(10)
    received = bytearray()

    def accept():
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    reader = threading.Thread(target=accept)
    reader.start()
    type_into(qtbot, dialog.address, f"127.0.0.1:{server.getsockname()[1]}")
    click(qtbot, dialog.ok_button)
    reader.join(10)
    server.close()
    assert not dialog.isVisible() and owner.active_dialog is dialog        # no preview for ZPL
    assert bytes(received).startswith(b"^XA") and f"^FD{code}^FS".encode() in bytes(received)
    assert len(services.labels.history(code)) == 1


@pytest.fixture
def declared(tmp_path, monkeypatch):
    """This workstation's config file, with label printers declared in it (no user file)."""
    from bench_app import config

    path = tmp_path / "config.toml"
    monkeypatch.setenv("BENCH_CONFIG", str(path))
    monkeypatch.setattr(config, "user_config_path", lambda: tmp_path / "no-user-config.toml")
    return path


def test_the_declared_cryo_printer_gives_the_zpl_its_address_resolution_and_darkness(
        qtbot, services, owner, context, world, declared):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(10)
    address = f"127.0.0.1:{server.getsockname()[1]}"
    declared.write_text(f'[cryo_label_printer]\naddress = "{address}"\nstock = "cryo-32x13"\ndpi = 203\n'
                        'darkness = 20\nspeed = 3\n', encoding="utf-8")
    received = bytearray()

    def accept():
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    reader = threading.Thread(target=accept)
    reader.start()
    code = world.freeze.devices[0].code
    dialog = print_labels(owner, context, [code])
    assert dialog.stock.currentData() == "cryo-32x13" and dialog.address.text() == address
    dialog.to_zpl.setChecked(True)
    assert dialog.printer_note.text() == f"Laid out for {address} (203 dpi), this workstation's label printer for this stock."
    click(qtbot, dialog.ok_button)
    reader.join(10)
    server.close()
    zpl = bytes(received).decode("ascii")
    # 32 x 13 mm at 203 dpi (not the 300-dpi 378 x 154 that printed 47 x 19 mm on a 203-dpi Zebra)
    assert zpl.startswith("~SD20") and "^PW256" in zpl and "^LL104" in zpl and "^PR3" in zpl
    assert f"^FD{code}^FS" in zpl and "^GFA," in zpl            # the Arabic name as the PDF label's dots


def test_labels_for_a_declared_queue_are_laid_out_for_its_resolution(qtbot, services, owner, context, world,
                                                                     declared):
    declared.write_text('[label_printer]\nqueue = "Lab_Zebra_300"\nstock = "thermal-50x25"\ndpi = 300\n',
                        encoding="utf-8")
    got = []
    dialog = print_labels(owner, context, [world.samples[0].code], on_printed=got.append)
    assert [p.dpi for p in dialog.printers] == [300]
    assert "queue Lab_Zebra_300 (300 dpi)" in dialog.printer_note.text()
    click(qtbot, dialog.ok_button)
    assert got == []  # the preview records nothing: labels are recorded when printed or saved
    preview = owner.active_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.printers == dialog.printers
    # printed at another resolution, the same labels are laid out again for it; at its own, they are the preview's
    assert preview.relayout(300) == preview.content and preview.relayout(203) != preview.content
