# Two commands on a fresh machine with python3, make, node and npm: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
GENERATED := $(VENV)/.generated
CFF    := $(VENV)/cff/bin/cffconvert
VENDOR := api/static/vendor/.installed
# Strict editable mode sees a new module only after a re-install; a folder's time changes
# when a file is added to it.
PKG_DIRS := api api/routes api/templates api/web api/web/cookbook api/static api/static/css api/static/js api/locale/id/LC_MESSAGES data graph graph/store graph/sparql graph/ingest graph/validation graph/analytics graph/analytics/templates graph/linkeddata graph/release graph/runtime ontology ontology/qc ontology/rules shapes

.PHONY: run test check lint typecheck install clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The pages' front-end files: npm installs what package-lock.json pins, then they are copied
# into the package (before it is installed, so that strict editable mode and wheels see them).
$(VENDOR): package.json package-lock.json api/web/vendor.py
	@command -v npm >/dev/null || { echo "make: npm is missing; install Node.js 18+ and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) api/web/vendor.py node_modules api/static/vendor
	touch $(VENDOR)

# Strict editable mode so that mypy sees kembar.* (see style-anchors §3). It links a file of
# the package only if the file exists when the package is installed: the Turtle made below
# is created empty first, and written after.
$(STAMP): pyproject.toml $(PKG_DIRS) $(VENDOR) | $(BIN)/python
	for f in $(MADE); do [ -e $$f ] || : > $$f; done
	$(BIN)/python -m pip install --quiet -e . --group dev --config-settings editable_mode=strict
	touch $(STAMP)

# The Turtle made from the hand-kept tables (the fact table, the lists of provisions) and the
# shared inputs beside the checkout: made here, never committed (about 5 s).
MADE   := data/regions.ttl data/countries.ttl data/agreements.ttl data/provisions.ttl
SHARED ?= ../shared/data
$(GENERATED): $(STAMP) data/ties.yaml data/law.ttl data/rules.ttl $(wildcard data/*.csv) \
		$(wildcard data/provisions/*.yaml) $(wildcard graph/ingest/*.py)
	@[ -e $(SHARED)/twin_cities_wikipedia.csv ] || { echo "make: $(SHARED) is missing: the shared inputs (../shared) must sit beside the checkout, or set SHARED=" >&2; exit 1; }
	$(BIN)/python -m kembar.graph.ingest.curated $(SHARED)
	$(BIN)/python -m kembar.graph.ingest.law
	touch $(GENERATED)

# cffconvert (which checks CITATION.cff in the tests; made by `make test` and `make check`,
# not `make run`) pins jsonschema below 4, frictionless
# (which checks the release's data package) needs 4.20 or later: cffconvert gets a venv of
# its own.
$(CFF):
	$(PYTHON) -m venv $(VENV)/cff
	$(VENV)/cff/bin/python -m pip install --quiet "cffconvert==2.0.0"

install: $(GENERATED)

run: $(GENERATED)
	$(BIN)/kembar serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy -p kembar.graph -p kembar.api -p kembar.ontology -p kembar.shapes -p kembar.data

# Everything: lint, types, and the whole suite (live servers and slow tests included), a
# file's tests together, the files shared out between two processes (about 10 minutes).
test: $(GENERATED) $(CFF) lint typecheck
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The everyday subset: lint and the tests that are neither slow nor start servers (75-100 s),
# a file's tests together, the files shared out between two processes (pytest-xdist).
check: $(GENERATED) $(CFF) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not slow and not live"

clean:
	rm -rf $(VENV) build kembar.egg-info node_modules api/static/vendor .mypy_cache .ruff_cache .pytest_cache

# After a page's text changes: extract the marked texts and merge them into the catalogue
# (then translate the new entries of api/locale/id/LC_MESSAGES/messages.po).
messages: $(STAMP)
	$(BIN)/pybabel extract -F api/locale/babel.cfg -k N_ -k translate --no-location --omit-header -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d api/locale -l id --no-fuzzy-matching --no-wrap
