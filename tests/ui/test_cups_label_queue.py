"""Printing through a real CUPS server with CUPS's own Zebra ZPL driver, captured on a socket.

The test starts its own cupsd (a private configuration folder and port; CI has no
systemd) with a queue on the sample "Zebra ZPL Label Printer" driver sending to a socket
listener of the test, declares the queue as a 203-dpi label printer in a config file,
and prints from a separate process (a fresh libcups that reads CUPS_SERVER) through the
app's own print path. What reaches the "printer" is ZPL: each page a ~DG graphic of the
driver's raster. A patient label and the test label arrive as one 50 x 25 mm label each,
upright, with whole-dot bars that read even with one dot of head spread; a worksheet
arrives with all its pages, each A4. In CI (CI=true) a cupsd that cannot start fails the
test; elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp

from tests.reports.dot_checks import check_symbols
from tests.reports.pdf_reading import page_count
from tests.reports.world import build_world
from tests.reports.zpl_raster import download_graphics
from tests.ui.cups_server import CupsServer, CupsUnavailable, SocketListener
from tests.ui.printing_helpers import busy_day

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "BenchZebra"
PRINT_FILE = ("import sys, pathlib\nfrom ui.printing.queue_printing import print_to_queue\n"
              "print(print_to_queue(pathlib.Path(sys.argv[1]).read_bytes(), sys.argv[2], title='Bench'))\n")


def unavailable(exc: CupsUnavailable):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the CUPS test, but: {exc}")
    pytest.skip(str(exc))


@pytest.fixture
def cups():
    try:
        server = CupsServer().start()
    except CupsUnavailable as exc:
        unavailable(exc)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def zebra(cups):
    listener = SocketListener()
    try:
        try:
            model = cups.model("Zebra ZPL Label Printer")
        except CupsUnavailable as exc:
            unavailable(exc)
        cups.add_queue(QUEUE, f"socket://127.0.0.1:{listener.port}", model)
        yield listener
    finally:
        listener.close()


def child(cups: CupsServer, config: Path, *args: str) -> str:
    env = {**cups.env, "BENCH_CONFIG": str(config), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr + cups.log()
    return done.stdout


def upright_label(job: bytes, code: str) -> None:
    """One 50 x 25 mm label at 203 dpi, upright (the barcode reads left to right, below the text).

    CUPS hands the driver the PPD's nearest size (2 x 1 in, ^PW406) for the 50 x 25 mm page the app asks for:
    the label is within a millimetre of its size, never the 25 mm wide page of a label sent sideways."""
    text = job.decode("latin-1")
    assert text.count("^XGR:CUPS.GRF") == 1
    (image,) = download_graphics(job)
    width = int(re.search(r"\^PW(\d+)", text).group(1))
    width_mm, height_mm = width / 203 * 25.4, image.height / 203 * 25.4
    assert abs(width_mm - 50) < 1.0 and abs(height_mm - 25) < 1.0, (width_mm, height_mm)
    (symbol,) = [r for r in zxingcpp.read_barcodes(image) if r.text == code]
    assert symbol.orientation == 0 and symbol.position.top_left.y > image.height / 2
    top_ink = [image.getpixel((x, y)) for y in range(image.height // 4) for x in range(image.width)]
    assert min(top_ink) == 0                  # the name is at the top
    assert check_symbols(image, {code}) == {code: 2}  # whole 2-dot modules, and it reads with head spread


@pytest.mark.slow
def test_labels_and_a_worksheet_arrive_right_through_cups_and_its_zebra_driver(services, team, clock, tmp_path,
                                                                               cups, zebra):
    world = build_world(services, team, clock)
    busy_day(services, team, clock)
    config = tmp_path / "config.toml"
    config.write_text(f'[label_printer]\nqueue = "{QUEUE}"\ndpi = 203\nstock = "thermal-50x25"\n', encoding="utf-8")

    code = world.samples[0].code
    label = tmp_path / "label.pdf"
    label.write_bytes(services.labels.print_labels(team.embryologist, [code], stock="thermal-50x25", dpi=203).content)
    assert child(cups, config, "-c", PRINT_FILE, str(label), QUEUE).strip() == "1"
    (job,) = zebra.wait_for(1)
    upright_label(job, code)
    assert "media=Custom.50x25mm" in cups.error_log()        # the page size the app asked for, in portrait

    out = child(cups, config, "-m", "ui", "test-label")
    assert f"Printed a test label (thermal-50x25, 203 dpi) on the printer queue {QUEUE}." in out
    upright_label(zebra.wait_for(2)[1], "TEST-203")

    worksheet = services.worksheet.pdf(team.supervisor, clock.now.astimezone().date())
    assert worksheet.page_count >= 2
    sheet = tmp_path / "worksheet.pdf"
    sheet.write_bytes(worksheet.content)
    assert child(cups, config, "-c", PRINT_FILE, str(sheet), QUEUE).strip() == str(worksheet.page_count)
    job = zebra.wait_for(3)[2]
    pages = download_graphics(job)
    assert len(pages) == worksheet.page_count == page_count(worksheet.content)
    assert job.decode("latin-1").count("^XGR:CUPS.GRF") == worksheet.page_count
    for page in pages:                        # each an upright A4 page (within a millimetre)
        assert abs(page.width / 203 * 25.4 - 210) < 1.5 and abs(page.height / 203 * 25.4 - 297) < 1.5
        assert min(page.crop((0, 0, page.width, page.height // 3)).tobytes()) == 0
