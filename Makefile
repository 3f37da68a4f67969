# Two commands on a fresh machine with python3 and make: `make run`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Strict editable mode sees a new module only after a re-install; a folder's time changes
# when a file is added to it.
PKG_DIRS := api api/routes api/templates data graph graph/store graph/sparql graph/ingest graph/validation graph/analytics graph/analytics/templates graph/linkeddata ontology ontology/qc ontology/rules shapes

.PHONY: run test check lint typecheck install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Strict editable mode so that mypy sees kembar.* (see style-anchors §3).
$(STAMP): pyproject.toml $(PKG_DIRS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --group dev --config-settings editable_mode=strict
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kembar serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy -p kembar.graph -p kembar.api -p kembar.ontology -p kembar.shapes -p kembar.data

# Everything: lint, types, and the whole suite (live servers and slow tests included).
test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q

# The everyday subset: lint and the tests that are neither slow nor start servers (< 90 s).
check: $(STAMP) lint
	$(BIN)/python -m pytest -q -m "not slow and not live"

clean:
	rm -rf $(VENV) build kembar.egg-info .mypy_cache .ruff_cache .pytest_cache
