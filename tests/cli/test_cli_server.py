"""`bench-app upgrade` on a single PC's SQLite file: what every start does, said in words (the server's
case, with its two roles, is tests/persistence/test_server_roles.py)."""

from __future__ import annotations

import pytest

from bench_app import cli
from tests.services.test_upgrade import CREATE_PROBE, newer_bench, old_db, revision_of, sql  # noqa: F401 (old_db)

pytestmark = pytest.mark.sqlite_only  # the file beside which the backup is taken


def test_upgrade_backs_the_file_up_beside_it_then_migrates(old_db, tmp_path, monkeypatch, capsys):
    old_head = newer_bench(tmp_path, monkeypatch, CREATE_PROBE)
    assert cli.main(["upgrade", "--db", str(old_db)]) == 0
    out = capsys.readouterr().out
    backup, = old_db.parent.glob(f"lab.db.pre-upgrade-{old_head}-*.bak")
    assert f"Upgraded the database at {old_db} from schema {old_head} to zz_upgrade_probe." in out
    assert f"The database as it was is kept in {backup}." in out and "Audit trail" not in out
    assert revision_of(old_db) == "zz_upgrade_probe" and revision_of(backup) == old_head
    assert sql(old_db, "SELECT note FROM upgrade_probe") == [("migrated",)]

    assert cli.main(["upgrade", "--db", str(old_db)]) == 0
    assert "is already at schema zz_upgrade_probe" in capsys.readouterr().out
    assert len(list(old_db.parent.glob("lab.db.pre-upgrade-*"))) == 1


def test_upgrade_of_a_missing_file_says_how_to_create_one(tmp_path, capsys):
    assert cli.main(["upgrade", "--db", str(tmp_path / "none.db")]) == 1
    assert "there is no Bench database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
