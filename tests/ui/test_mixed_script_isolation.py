"""Mixed Arabic and Latin in a dialog's header (issue 24): each embedded value keeps its own direction.

Today's complaint: under a right-to-left window the ICSI injection header read
".oocytes 1-4 (4). Injected by <embryologist> :(MRN 990002) فاطمة الحسيني". The patient's name, her
MRN, the range of oocytes and the embryologist's name are each wrapped in a first-strong isolate, so
the sentence keeps its own order around them; in English nothing visible changes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bench_app.domain.enums import ConsentUse, CycleType
from bench_app.i18n import FSI, PDI, isolate, strip_isolates, using_language
from tests.services import cryo_fixtures as cf
from tests.ui.icsi_helpers import *  # noqa: F401,F403 (the ICSI screens' fixtures)
from ui.common.bidi import patient_identity
from ui.common.i18n import install_language
from ui.icsi.inject_dialog import InjectDialog
from ui.qt import QLabel, Qt


@pytest.fixture(autouse=True)
def _english_after(qtbot):
    yield
    install_language("en")


def _woman_ready_for_icsi(services, team, clock, family, given):
    """A woman (MRN 990002) and her partner: an ICSI cycle, his thawed straw, four MII oocytes."""
    couple = services.patients.register_couple(
        team.embryologist,
        male=dict(mrn="990001", family_name=family, given_names="أحمد", date_of_birth=date(1984, 1, 2)),
        female=dict(mrn="990002", family_name=family, given_names=given, date_of_birth=date(1987, 3, 4)))
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=cf.today(clock))
    services.patients.record_consent(team.embryologist, patient_id=couple.male.id,
                                     permitted_uses=(ConsentUse.STORAGE, ConsentUse.TREATMENT),
                                     signed_on=cf.today(clock) - timedelta(days=10),
                                     storage_expiry=cf.today(clock) + timedelta(days=3650))
    tank = cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(1, tank_id=tank.id)]
    frozen = cf.freeze_ejaculate(services, team.embryologist, couple.male.id, positions)
    thaw = services.cryo.thaw(team.embryologist, device_ids=[frozen.devices[0].id], cycle_id=cycle.id,
                              witness=cf.eli_witness(), sperm_found=True, twitching=3, progressive=2)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=2),
                                   cocs_retrieved=4)
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=["MII"] * 4)
    session = services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="thaw_event",
                                          source_thaw_event_id=thaw.id, witness=cf.eli_witness("source", "dish"))
    return services.patients.get_couple(couple.id).couple, list(rows), session


def _inject_dialog(open_window, services, team, clock, family="الحسيني", given="فاطمة"):
    couple, rows, session = _woman_ready_for_icsi(services, team, clock, family, given)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    identity = patient_identity(couple.female.full_name, couple.female.mrn)  # as the ICSI view names her
    return InjectDialog(window.context, rows, [session], identity, window), couple.female


def test_under_arabic_the_injection_header_isolates_the_name_the_mrn_and_the_range(qtbot, open_window, services, team,
                                                                                   clock):
    install_language("ar")
    dialog, woman = _inject_dialog(open_window, services, team, clock)
    qtbot.addWidget(dialog)
    name = woman.full_name
    assert "فاطمة" in name and "الحسيني" in name
    embryologist = team.embryologist.full_name
    identity = f"{FSI}{FSI}{name}{PDI} (الرقم الطبي {FSI}990002{PDI}){PDI}"
    # Arabic's plural for 4 ("few"); the sentence's own order: identity, oocytes, count, the embryologist.
    assert dialog.intro_label.text() == (f"{identity}: البويضات {FSI}1-4{PDI} (4). يحقنها {FSI}{embryologist}{PDI}.")
    assert dialog.windowTitle().endswith(f"{FSI}1-4{PDI}")
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.intro_label
    # Laid out right to left: the sentence starts at the right edge with the patient's name.
    assert label.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_under_english_the_header_reads_as_before(qtbot, open_window, services, team, clock):
    dialog, woman = _inject_dialog(open_window, services, team, clock, "Okafor", "Ada")
    qtbot.addWidget(dialog)
    # Latin values in an English sentence are left as they were: the very same text, so the very same pixels.
    assert dialog.intro_label.text() == (
        f"{woman.full_name} (MRN 990002): oocytes 1-4 (4). Injected by {team.embryologist.full_name}.")


def test_under_english_an_arabic_name_no_longer_turns_the_sentence_around(qtbot, open_window, services, team, clock):
    """Qt takes a label's direction from its first strong letter: an Arabic name first made the whole English
    sentence right to left (the issue's ".oocytes 1-4 (4). Injected by ..."). Isolated, the name is skipped."""
    dialog, woman = _inject_dialog(open_window, services, team, clock)
    qtbot.addWidget(dialog)
    text = dialog.intro_label.text()
    before = f"{woman.full_name} (MRN 990002): oocytes 1-4 (4). Injected by {team.embryologist.full_name}."
    assert strip_isolates(text) == before
    assert text == f"{FSI}{isolate(woman.full_name)} (MRN 990002){PDI}: oocytes 1-4 (4). Injected by " \
                   f"{team.embryologist.full_name}."  # only the Arabic-script value is marked; Latin ones as they were
    shown, unmarked = QLabel(text), QLabel(before)
    for label in (shown, unmarked):
        qtbot.addWidget(label)
        label.adjustSize()
    # the first column with ink: the sentence's start; isolated, the name (at the start) is at the left edge
    assert _first_ink_column(shown) < 3 and _first_ink_column(unmarked) > _first_ink_column(shown)
    assert _ink_at_left(shown) != _ink_at_left(unmarked)


def _first_ink_column(label: QLabel) -> int:
    image = label.grab().toImage()
    background = image.pixel(image.width() - 1, 0)
    for x in range(image.width()):
        if any(image.pixel(x, y) != background for y in range(image.height())):
            return x
    return image.width()


def _ink_at_left(label: QLabel) -> tuple:
    """The ink of the first 60 columns, row by row (what a reader sees at the sentence's left end)."""
    image = label.grab().toImage()
    background = image.pixel(image.width() - 1, 0)
    return tuple(tuple(image.pixel(x, y) != background for x in range(60)) for y in range(image.height()))


def test_isolating_is_the_core_helper_once_and_only_where_directions_mix():
    from ui.common import bidi

    assert bidi.isolate is isolate
    assert isolate("M-100") == "M-100" and isolate("") == "" and isolate(isolate("عمر")) == isolate("عمر")
    with using_language("ar"):
        assert isolate("M-100") == f"{FSI}M-100{PDI}"


def test_a_heading_starts_at_the_language_s_edge_whatever_the_name_in_it(qtbot):
    from ui.common.headings import heading

    english = heading(isolate("الخطيب، عمر"))
    install_language("ar")
    arabic = heading(isolate("OKAFOR, Ada"))
    for label in (english, arabic):
        qtbot.addWidget(label)
    assert english.alignment() & Qt.AlignmentFlag.AlignLeft and english.alignment() & Qt.AlignmentFlag.AlignAbsolute
    assert arabic.alignment() & Qt.AlignmentFlag.AlignRight and arabic.alignment() & Qt.AlignmentFlag.AlignAbsolute


def test_under_arabic_admin_dialogs_and_titles_isolate_user_names_and_mrns(qtbot, open_window, services, team):
    from bench_app.domain.record_titles import procedure_title
    from datetime import datetime, timezone
    from ui.admin.set_pin_dialog import SetPinDialog
    from ui.admin.user_status_dialog import UserStatusDialog

    install_language("ar")
    window = open_window(team.admin, idle_timeout_ms=600_000)
    emma = next(u for u in services.users.list_users(team.admin) if u.username == team.embryologist.username)
    for dialog in (SetPinDialog(window.context, emma, window), UserStatusDialog(window.context, emma, window)):
        qtbot.addWidget(dialog)
        assert f"{FSI}{emma.username}{PDI}" in dialog.windowTitle() + "".join(
            label.text() for label in dialog.findChildren(QLabel))
    title = procedure_title("micro-TESE", datetime(2026, 12, 6, 9, 10, tzinfo=timezone.utc), "431035")
    assert f"{FSI}431035{PDI}" in title and f"{FSI}micro-TESE{PDI}" in title
    install_language("en")
    assert procedure_title("micro-TESE", datetime(2026, 12, 6, 9, 10, tzinfo=timezone.utc), "431035").endswith(
        ", MRN 431035")  # English as before: no marks
