"""One code sequence for every kind: no two items share the middle of their code (issue 14)."""

from __future__ import annotations

import pytest

from itertools import cycle as round_robin

from sqlalchemy import text

from bench_app.domain.codes import make_code, middle, parse_code
from bench_app.persistence.migrate import alembic_config, current_revision, upgrade_to_head
from bench_app.services.codes_service import allocate_codes

KINDS = "SDOC"


def _interleaved(services, per_kind: int, batch: int = 7) -> dict[str, list[str]]:
    """``per_kind`` codes of each kind, taken in small batches, kinds in turn, in separate transactions."""
    got = {k: [] for k in KINDS}
    kinds = round_robin(KINDS)
    while any(len(v) < per_kind for v in got.values()):
        kind = next(kinds)
        n = min(batch, per_kind - len(got[kind]))
        if n:
            with services.db.write() as s:
                got[kind] += allocate_codes(s, kind, n)
    return got


def test_thousands_of_codes_of_every_kind_share_no_middle(services):
    got = _interleaved(services, 2000, batch=9)
    every = [c for codes in got.values() for c in codes]
    assert len(every) == 4 * 2000
    assert len({middle(c) for c in every}) == len(every)
    for kind, codes in got.items():
        assert {parse_code(c).kind for c in codes} == {kind}


@pytest.mark.sqlite_only  # builds the older database with SQLite statements
def test_on_a_database_holding_codes_of_every_kind_new_codes_share_no_middle_with_old_ones(services):
    # A database from before one sequence: each kind counted from 1 on its own.
    old = {"S": 1200, "D": 2500, "O": 1800}
    cfg = alembic_config()
    services.db.dispose()
    with services.db.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg.attributes["connection"] = conn
            from alembic import command
            command.downgrade(cfg, "0003")
    services.db.dispose()
    assert current_revision(services.db.engine) == "0003"
    with services.db.write() as s:
        s.execute(text("DELETE FROM code_counters"))
        for kind, last in old.items():
            s.execute(text("INSERT INTO code_counters (kind, last_serial) VALUES (:k, :n)"), {"k": kind, "n": last})
    existing = [make_code(kind, n) for kind, last in old.items() for n in range(1, last + 1)]
    # Old codes of different kinds do share middles (that is what is being fixed) and stay valid.
    assert middle(make_code("S", 5)) == middle(make_code("D", 5))
    assert all(parse_code(c) for c in existing[:50])

    upgrade_to_head(services.db.engine)
    got = _interleaved(services, 1500, batch=13)
    new = [c for codes in got.values() for c in codes]
    new_middles = {middle(c) for c in new}
    assert len(new_middles) == len(new)
    assert not new_middles & {middle(c) for c in existing}
    with services.db.read() as s:
        assert s.execute(text("SELECT last_serial FROM code_counters WHERE kind = '*'")).scalar_one() \
            == max(old.values()) + len(new)


def test_two_workstations_allocating_at_once_never_get_the_same_serial(services, db_url, clock):
    """Each workstation has its own engine; the one counter row is raised inside each write transaction."""
    import threading

    from bench_app.services.registry import open_services

    benches = [open_services(db_url, clock=clock, workstation=f"bench-ws-{n}") for n in range(3)]
    got: list[list[str]] = [[] for _ in benches]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(60):
                with benches[n].db.write() as s:
                    got[n] += allocate_codes(s, KINDS[(n + i) % 4], 3)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(benches))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for b in benches:
        b.close()
    assert errors == []
    every = [c for codes in got for c in codes]
    assert len(every) == 3 * 60 * 3 and len({middle(c) for c in every}) == len(every)
