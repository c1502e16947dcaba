# Bench: two commands on a fresh machine, `make run` and `make test`.
# Python 3.12 or newer where the machine has one (PySide6 6.12 loses references to None on 3.11:
# ui/qt_workarounds.py), else python3 (3.11 at least, as pyproject.toml asks).
PYTHON_CANDIDATES := python3 python3.13 python3.12 $(sort $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3))
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $(p))) python3)
endif
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DIR := .demo
DEMO_DB := $(DEMO_DIR)/bench-demo.db
export BENCH_DB ?= $(CURDIR)/$(DEMO_DB)

DIST := dist
PKG_STAMP := $(VENV)/.package-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test venv lint clean demo package package-test bench bench-bundle bench-instructions fuzz load catalogues messages \
	guide guide-screenshots

# Translations (README, "Languages"): one gettext catalogue per language, compiled from its .po file.
# `make messages` extracts bench.pot from the sources and merges it into each language's .po;
# `make catalogues` (needed by run, test and package) compiles each .po into the .mo the app reads.
LOCALE := resources/locale
LANGUAGES := tr ar es
MO_FILES := $(foreach l,$(LANGUAGES),$(LOCALE)/$(l)/LC_MESSAGES/bench.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -c Translators:

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	@if [ "$$($(PY) -c 'import sys; print(sys.version_info >= (3, 12))')" = False ] && \
	    [ "$$($(PYTHON) -c 'import sys; print(sys.version_info >= (3, 12))')" = True ]; then \
		echo "Making $(VENV) again with $(PYTHON) (Python 3.12 or newer)"; rm -rf $(VENV); $(MAKE) --no-print-directory $(PY); fi
	$(PY) -m pip install --quiet -e '.[test,guide]'
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

$(LOCALE)/%/LC_MESSAGES/bench.mo: $(LOCALE)/%/LC_MESSAGES/bench.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -D bench -l $* -i $< -o $@

catalogues: $(MO_FILES)

messages: $(STAMP)
	$(VENV)/bin/pybabel extract --no-location --sort-output --width 100 -F babel.cfg $(BABEL_KEYWORDS) \
		--project Bench --copyright-holder "Bench contributors" --msgid-bugs-address "" -o $(LOCALE)/bench.pot .
	for l in $(LANGUAGES); do $(VENV)/bin/pybabel update --ignore-obsolete --width 100 -D bench -l $$l \
		-i $(LOCALE)/bench.pot -o $(LOCALE)/$$l/LC_MESSAGES/bench.po; done

# The user guide (docs/guide/README.md): Markdown pages per language built into self-contained HTML in
# resources/guide/<lang>/, where Bench's F1 finds them and the installer takes them with resources/.
# The screenshots beside them (resources/guide/<lang>/images/, committed) are taken from the real app by
# `make guide-screenshots`, which runs every area and dialog on a fresh demo database, offscreen.
GUIDE_SOURCES := $(wildcard docs/guide/*/*.md) docs/guide/build.py $(wildcard resources/guide/*/images/*.png)
GUIDE_STAMP := build/guide.built
GUIDE_LANGUAGES ?= en tr es

$(GUIDE_STAMP): $(GUIDE_SOURCES) | $(STAMP)
	$(PY) docs/guide/build.py
	mkdir -p build && touch $@

guide: $(GUIDE_STAMP)

guide-screenshots: $(STAMP) catalogues
	QT_QPA_PLATFORM=offscreen $(PY) docs/guide/screenshots.py $(GUIDE_LANGUAGES)
	$(PY) docs/guide/build.py
	mkdir -p build && touch $(GUIDE_STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p $(DEMO_DIR)
	printf 'admin-demo-1\n' | $(VENV)/bin/bench-app --db $(DEMO_DB) init --admin admin --password-stdin
	$(VENV)/bin/bench-app --db $(DEMO_DB) demo --seed 7

demo: $(DEMO_DB)

run: $(STAMP) catalogues guide $(DEMO_DB)
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$QT_QPA_PLATFORM" != "offscreen" ]; then \
		echo "No display found: run it under a virtual screen with 'xvfb-run make run'."; exit 1; fi
	$(VENV)/bin/bench-app --db $(DEMO_DB) gui

lint: $(STAMP)
	$(VENV)/bin/lint-imports

test: $(STAMP) catalogues guide
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Issue 15: every public service method fed generated bad values for FUZZ_SECONDS (Hypothesis's longer
# profile); prints the calls tried and the errors found. `make test` runs the short profile.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	BENCH_FUZZ_PROFILE=fuzz BENCH_FUZZ_SECONDS=$(FUZZ_SECONDS) QT_QPA_PLATFORM=offscreen $(PY) -m pytest -p no:cacheprovider \
		-q --timeout=0 tests/services/test_fuzz_services.py -k test_fuzz_for_a_while

# The installer (packaging/README.md): a PyInstaller folder, then a .deb built with dpkg-deb.
$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	rm -f $(VENV)/.package-*
	touch $@

# Reproducible (issue 22): file times from the last commit, a fixed hash seed for PyInstaller.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
package: $(PKG_STAMP) catalogues guide
	rm -rf $(DIST)/bench-app $(DIST)/bench-app_*.deb
	PYTHONHASHSEED=0 $(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath $(DIST) --workpath build/pyinstaller \
		packaging/bench-app.spec
	$(PY) packaging/build_deb.py --bundle $(DIST)/bench-app --out $(DIST)

# Unpacks the .deb into a temporary root and runs the installed program there, with no project Python.
package-test: package
	BENCH_DEB="$$(ls $(DIST)/bench-app_*.deb)" $(PY) -m pytest -p no:cacheprovider -q tests/packaging

# Issue 8's figures: builds both databases once from the same demo seed (the large one takes about
# 4.5 minutes), then measures (README, "Speed on twenty years of records").
BENCH_DIR := .bench
$(BENCH_DIR)/large.db: | $(STAMP)
	mkdir -p $(BENCH_DIR)
	rm -f $@.partial $@.partial-wal $@.partial-shm
	$(VENV)/bin/bench-app --db $@.partial demo --scale large --seed 7
	# A -wal file left by an earlier database of this name would be replayed into the new one.
	rm -f $@-wal $@-shm
	mv $@.partial $@

$(BENCH_DIR)/small.db: | $(STAMP)
	mkdir -p $(BENCH_DIR)
	rm -f $@-wal $@-shm
	$(VENV)/bin/bench-app --db $@ demo --seed 7

bench: $(STAMP) $(BENCH_DIR)/large.db $(BENCH_DIR)/small.db
	$(PY) bench/bench_app.py --large $(BENCH_DIR)/large.db --small $(BENCH_DIR)/small.db
	# Issue 18: the same figures on a private PostgreSQL with both databases copied in (skipped without one).
	$(PY) bench/bench_pg.py --large $(BENCH_DIR)/large.db --small $(BENCH_DIR)/small.db --sqlite-results bench-results.json

# Issue 22 on the installed program: the same password-to-window figure, the bundle (make package, not built
# here: it is heavy) started on a private Xvfb screen and signed in with xdotool (bench/bundle_start.py).
BUNDLE_PROGRAM ?= $(DIST)/bench-app/bench-app
bench-bundle: $(STAMP) $(BENCH_DIR)/large.db
	$(PY) bench/bundle_start.py --program $(BUNDLE_PROGRAM) --db $(BENCH_DIR)/large.db

# The same path counted in instructions (callgrind), which a loaded machine does not change
# (bench/sign_in_instructions.py; about 5 minutes under valgrind).
bench-instructions: $(STAMP) $(BENCH_DIR)/large.db
	$(PY) bench/sign_in_instructions.py --db $(BENCH_DIR)/large.db

# Issue 18's load test: 8 workstations (processes) x 500 mixed writes on SQLite and on a private PostgreSQL;
# nothing lost, nothing double-booked, the chain verifies; latency per write and fairness (bench/load.py).
LOAD_WORKSTATIONS ?= 8
LOAD_WRITES ?= 500
# 0: back to back (a stress of this machine's processors); 750: a busy bench's pace, the pace make bench judges
# eight workstations at (a random pause of 750 ms on average before each write; bench/bench_pg.py says why).
LOAD_PAUSE_MS ?= 0
load: $(STAMP)
	$(PY) bench/load.py --workstations $(LOAD_WORKSTATIONS) --writes $(LOAD_WRITES) --pause-ms $(LOAD_PAUSE_MS)

clean:
	rm -rf $(VENV) $(DEMO_DIR) $(BENCH_DIR) build $(DIST) *.egg-info resources/guide/*/*.html
