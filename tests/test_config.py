"""Configuration files: keys, precedence (user over system), errors in words, and the database choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench_app import config as cfg
from bench_app.config import ConfigError, load_config, read_config_file
from bench_app.persistence import location
from bench_app.persistence.location import resolve_database, resolve_database_url


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A system file (via $BENCH_CONFIG) and a user file, both in the test's folder; no $BENCH_DB."""
    system = tmp_path / "etc" / "config.toml"
    user = tmp_path / "home" / "config.toml"
    system.parent.mkdir()
    user.parent.mkdir()
    monkeypatch.setenv("BENCH_CONFIG", str(system))
    monkeypatch.setattr(cfg, "user_config_path", lambda: user)
    monkeypatch.delenv("BENCH_DB", raising=False)
    monkeypatch.setattr(location, "default_data_dir", lambda: tmp_path / "data")
    return system, user


def test_without_files_nothing_is_set_and_the_database_is_in_the_data_folder(files, tmp_path):
    config = load_config()
    assert [f.found for f in config.files] == [False, False]
    assert all(s.value is None and s.source == "default" for s in config.settings.values())
    url, source = resolve_database()
    assert url == f"sqlite:///{tmp_path / 'data' / 'bench.db'}" and source.startswith("default")


def test_the_system_file_is_read_and_the_user_file_wins_key_by_key(files):
    system, user = files
    system.write_text('[lab]\nname = "City Andrology"\n[label_printer]\naddress = "10.0.0.7:9100"\n'
                      'stock = "thermal-50x25"\n', encoding="utf-8")
    user.write_text('[label_printer]\naddress = "printer-2.lab:9100"\n', encoding="utf-8")
    config = load_config()
    assert config.get("lab.name") == "City Andrology" and config.source("lab.name") == str(system)
    assert config.get("label_printer.address") == "printer-2.lab:9100"
    assert config.source("label_printer.address") == str(user)
    assert config.get("label_printer.stock") == "thermal-50x25"


def test_database_precedence_is_db_then_env_then_user_then_system_then_default(files, tmp_path, monkeypatch):
    system, user = files
    system.write_text('[database]\nlocation = "/srv/bench/lab.db"\n')
    assert resolve_database() == ("sqlite:////srv/bench/lab.db", str(system))
    user.write_text('[database]\nlocation = "mine.db"\n')  # relative: beside the file that says it
    assert resolve_database() == (f"sqlite:///{user.parent / 'mine.db'}", str(user))
    monkeypatch.setenv("BENCH_DB", str(tmp_path / "env.db"))
    assert resolve_database() == (f"sqlite:///{tmp_path / 'env.db'}", "$BENCH_DB")
    assert resolve_database(str(tmp_path / "cli.db")) == (f"sqlite:///{tmp_path / 'cli.db'}", "--db")
    assert resolve_database_url(str(tmp_path / "cli.db")) == f"sqlite:///{tmp_path / 'cli.db'}"


def test_a_url_in_the_config_is_used_as_it_is(files):
    system, _ = files
    system.write_text('[database]\nlocation = "postgresql+psycopg://bench@db.lab/bench"\n')
    assert resolve_database_url() == "postgresql+psycopg://bench@db.lab/bench"


def test_the_workstation_language_is_read_as_its_catalogue_s_code(files):
    system, user = files
    system.write_text('[ui]\nlanguage = "tr_TR.UTF-8"\n')
    assert load_config().get("ui.language") == "tr"
    user.write_text('[ui]\nlanguage = "AR"\n')  # the user's file wins, key by key
    assert load_config().get("ui.language") == "ar"


def test_unknown_keys_are_listed_and_ignored(files):
    system, _ = files
    system.write_text('[lab]\nname = "X"\n[codes]\nsample_prefix = "T"\n')
    config = load_config()
    assert config.files[0].unknown == ("codes.sample_prefix",)
    assert config.get("lab.name") == "X"


@pytest.mark.parametrize("text, words", [
    ('[lab\nname = "x"', ["not valid TOML", "line 1"]),
    ("[lab]\nname = 42\n", ["lab.name must be text in quotes"]),
    ('[lab]\nname = "  "\n', ["lab.name", "must not be empty"]),
    ('[label_printer]\naddress = "10.0.0.7"\n', ["label_printer.address", "HOST:PORT"]),
    ('[label_printer]\nstock = "a4-sheet-of-cats"\n', ["label_printer.stock", "must be one of", "thermal-50x25"]),
    ('[label_printer]\nqueue = "Zebra"\ndpi = 200\n', ["label_printer.dpi", "203, 300 or 600"]),
    ('[cryo_label_printer]\ndarkness = 31\n', ["cryo_label_printer.darkness", "0 to 30"]),
    ('[label_printer]\ndpi = true\n', ["label_printer.dpi must be text in quotes"]),
    ('[ui]\nlanguage = "de"\n', ["ui.language", "must be one of en, tr, ar, es"]),
])
def test_a_bad_file_is_refused_with_its_path_and_what_is_wrong(files, text, words):
    system, _ = files
    system.write_text(text)
    with pytest.raises(ConfigError) as refused:
        load_config()
    message = str(refused.value)
    assert str(system) in message
    for word in words:
        assert word in message


def test_a_file_that_is_not_utf8_or_is_a_folder_is_refused(tmp_path):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[lab]\nname = "Andrología"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_config_file(bad, "system")
    with pytest.raises(ConfigError, match="is a folder"):
        read_config_file(tmp_path, "user")


def test_the_system_file_is_in_etc_or_programdata(monkeypatch):
    monkeypatch.delenv("BENCH_CONFIG", raising=False)
    monkeypatch.setattr(cfg.sys, "platform", "linux")
    assert cfg.system_config_path() == Path("/etc/bench-app/config.toml")
    monkeypatch.setattr(cfg.sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", r"C:\ProgramData")
    assert cfg.system_config_path() == Path(r"C:\ProgramData") / "Bench" / "config.toml"


def test_the_example_file_in_the_package_is_valid_and_sets_nothing():
    example = Path(__file__).resolve().parents[1] / "packaging" / "deb" / "config.toml.example"
    parsed = read_config_file(example, "system")
    assert parsed.found and parsed.values == {} and parsed.unknown == ()


def test_label_printers_are_declared_with_their_resolution_and_found_by_queue_address_and_stock(files):
    from bench_app.label_printers import declared_printers, printer_for_address, printer_for_queue, printer_for_stock

    system, user = files
    system.write_text('[label_printer]\nqueue = "Zebra_GK420t"\naddress = "10.0.0.7:9100"\nstock = "thermal-50x25"\n'
                      'dpi = 203\ndarkness = 18\n[cryo_label_printer]\nqueue = "Zebra_cryo"\nstock = "cryo-32x13"\n'
                      'dpi = "300"\nspeed = 2\n', encoding="utf-8")
    tube, cryo = declared_printers(load_config())
    assert (tube.queue, tube.address, tube.dpi, tube.darkness, tube.speed) == ("Zebra_GK420t", "10.0.0.7:9100", 203,
                                                                              18, None)
    assert (cryo.section, cryo.dpi, cryo.speed) == ("cryo_label_printer", 300, 2)
    printers = (tube, cryo)
    assert printer_for_queue(printers, "Zebra_cryo") is cryo and printer_for_queue(printers, "Office") is None
    assert printer_for_address(printers, " 10.0.0.7:9100 ") is tube
    assert printer_for_stock(printers, "cryo-32x13") is cryo and printer_for_stock(printers, "a4-21") is None
    user.write_text('[label_printer]\ndpi = 300\n', encoding="utf-8")       # the user file wins key by key
    assert declared_printers(load_config())[0].dpi == 300
    system.write_text('[label_printer]\ndpi = 300\n', encoding="utf-8")      # no queue nor address: not a printer
    assert declared_printers(load_config()) == ()
