"""Helpers for the ICSI UI tests: a couple whose man has a thawed straw, the ICSI area, keys on the grid."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.services import cryo_fixtures as cf
from ui.qt import Qt

KEY = {ch: getattr(Qt.Key, f"Key_{ch}") for ch in "0123456789ADGMNO"}


@pytest.fixture
def icsi(open_window, team):
    """The ICSI area of a window signed in as emma (an embryologist)."""
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    return window.show_area("icsi")


def thawed_couple(services, team, clock, *, mrn="M-100", family="Yılmaz", given="Mehmet"):
    """A couple with an ICSI cycle today; the man's ejaculate was frozen in two straws and one is thawed."""
    man, cycle, _ = cf.patient(services, team, clock, mrn=mrn, family=family, given=given)
    tanks = services.storage.tanks()
    tank = tanks[0] if tanks else cf.small_tank(services, team)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2, tank_id=tank.id)]
    freeze = cf.freeze_ejaculate(services, team.embryologist, man.id, positions)
    thaw = services.cryo.thaw(team.embryologist, device_ids=[freeze.devices[0].id], cycle_id=cycle.id,
                              witness=cf.eli_witness(), sperm_found=True, twitching=3, progressive=2)
    return man, cycle, freeze.devices[0], thaw


def keys(qtbot, widget, text: str) -> None:
    """One key click per character, as the embryologist types them on the grid."""
    for ch in text:
        qtbot.keyClick(widget, KEY[ch])


def injected_cycle(services, team, clock, maturities, *, cocs=None):
    """OPU, maturities, a witnessed thaw session and every MII oocyte injected, all through the services."""
    man, cycle, device, thaw = thawed_couple(services, team, clock)
    opu = services.icsi.record_opu(team.embryologist, cycle_id=cycle.id, retrieved_at=clock.now - timedelta(hours=2),
                                   cocs_retrieved=cocs or len(maturities))
    rows = services.icsi.set_maturities(team.embryologist, retrieval_id=opu.id, maturities=maturities)
    session = services.icsi.start_session(team.embryologist, retrieval_id=opu.id, source_kind="thaw_event",
                                          source_thaw_event_id=thaw.id, witness=cf.eli_witness("source", "dish"))
    for r in rows:
        if r.maturity.value == "MII":
            services.icsi.inject(team.embryologist, session_id=session.id, oocyte_id=r.id, sperm_motility="twitching")
    return cycle, opu, rows
