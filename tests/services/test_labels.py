"""Labels through the service: what they say, barcodes read back, reprints with reasons, ZPL to a socket."""

from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import select

from bench_app.domain.errors import ValidationError
from bench_app.domain.labels import STOCKS, dish_code
from bench_app.persistence.models import AuditEvent, LabelPrint
from bench_app.reports.labels import layout_label
from tests.reports.pdf_reading import decode, logical, page_count, pages_text, shaped_arabic
from tests.reports.world import build_world


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def test_tube_label_carries_name_mrn_date_code_and_a_code128_that_reads_back(services, team, world):
    sample = world.samples[0]
    printed = services.labels.print_labels(team.embryologist, [sample.code])
    assert printed.media_type == "application/pdf" and printed.stock.name == "thermal-50x25"
    assert page_count(printed.content) == 1 and printed.reprints == () and printed.warnings == ()
    (text,) = pages_text(printed.content)
    assert shaped_arabic(text) and "عمر" not in text         # joined letter forms, not bare letters
    assert "الخطيب" in logical(text) and "عمر" in logical(text)
    assert "MRN M-4471" in text and sample.code in text and "2026-11-20" in text
    assert decode(printed.content) == [("Code128", sample.code)]


def test_cryo_label_is_datamatrix_with_a_third_identifier(services, team, world):
    device = world.freeze.devices[0]
    target = services.labels.target(device.code)
    assert target.default_stock == "cryo-32x13" and not target.would_be_reprint
    assert target.data.third_id.startswith("Frozen ")
    printed = services.labels.print_labels(team.embryologist, [device.code])
    assert printed.stock.name == "cryo-32x13"
    (text,) = pages_text(printed.content)
    assert device.code in text and "MRN M-4471" in text and "Frozen 2026-11-20" in text
    assert decode(printed.content, dpi=300) == [("DataMatrix", device.code)]


def test_dish_label_names_both_partners_in_their_scripts(services, team, world):
    code = dish_code(world.retrieval_id)
    printed = services.labels.print_labels(team.embryologist, [code], stock="a4-21")
    (text,) = pages_text(printed.content)
    assert "ΠΑΠΑΔΟΠΟΥΛΟΥ, Ελένη" in text and "MRN M-4471F" in text and "ICSI" in text
    assert decode(printed.content, dpi=200) == [("Code128", code)]


def test_every_stock_fits_every_label_and_sheets_hold_many(services, team, world):
    codes = [s.code for s in world.samples] + [d.code for d in world.freeze.devices] + [dish_code(world.retrieval_id)]
    for stock in STOCKS.values():
        for target in services.labels.targets(codes):
            layout = layout_label(target.data, stock)
            for t in layout.texts:
                assert t.width <= t.max_width + 1e-6, (stock.name, t)
                assert 0 <= t.left and t.left + t.width <= layout.width + 1e-6
    sheet = services.labels.print_labels(team.embryologist, codes, stock="letter-30", copies=7, reprint_reason="test")
    assert page_count(sheet.content) == 2            # 35 labels, 30 a page
    found = decode(sheet.content, dpi=200)
    assert {text for _, text in found} == set(codes)


def test_a_reprint_needs_a_reason_and_both_prints_are_recorded(services, team, world):
    code = world.samples[0].code
    services.labels.print_labels(team.embryologist, [code])
    assert services.labels.target(code).would_be_reprint
    with pytest.raises(ValidationError) as err:
        services.labels.print_labels(team.embryologist2, [code])
    assert "printed before" in err.value.field_errors["reprint_reason"]
    again = services.labels.print_labels(team.embryologist2, [code], reprint_reason="label smudged by medium")
    assert again.reprints == (code,)
    history = services.labels.history(code)
    assert [(p.is_reprint, p.reason, p.printed_by) for p in history] == [
        (False, "", "Emma Embryologist"), (True, "label smudged by medium", "Eli Embryologist")]
    with services.db.read() as s:
        assert s.execute(select(LabelPrint.id)).all().__len__() == 2
        prints = s.execute(select(AuditEvent).where(AuditEvent.action == "print")).scalars().all()
        assert [(e.entity_type, e.reason) for e in prints] == [
            ("tissue_samples", ""), ("tissue_samples", "label smudged by medium")]


def test_bad_requests_say_what_to_do(services, team, world):
    with pytest.raises(ValidationError, match="not a sample, device or dish code"):
        services.labels.print_labels(team.embryologist, ["hello"])
    with pytest.raises(ValidationError, match="roll stock"):
        services.labels.print_labels(team.embryologist, [world.samples[0].code], stock="a4-21", zpl=True)
    with pytest.raises(ValidationError, match="different stocks"):
        services.labels.print_labels(team.embryologist, [world.samples[0].code, world.freeze.devices[0].code])
    with pytest.raises(ValidationError, match="Unknown label stock"):
        services.labels.print_labels(team.embryologist, [world.samples[0].code], stock="tiny")


def test_zpl_goes_to_a_printer_socket(services, team, world):
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
    device = world.freeze.devices[0]
    printed = services.labels.print_labels(team.embryologist, [device.code], zpl=True, copies=2)
    services.labels.send_zpl(printed.content, f"127.0.0.1:{server.getsockname()[1]}")
    reader.join(10)
    port = server.getsockname()[1]
    server.close()
    zpl = bytes(received).decode("utf-8")
    assert zpl == printed.content.decode("utf-8")
    assert zpl.startswith("^XA") and "^CI28" in zpl and f"^BXN," in zpl and f"^FD{device.code}^FS" in zpl
    assert "^PQ2" in zpl and "^GFA," in zpl and "TTF" not in zpl   # the Arabic name as dots: no printer font needed
    with pytest.raises(ValidationError, match="Could not send"):
        services.labels.send_zpl(printed.content, f"127.0.0.1:{port}", timeout=2)  # nobody listens now
