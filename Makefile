# One entry point for people and CI. Works on a fresh machine that has only Python 3.11 and pip:
# Poetry itself is installed into .tools/, the connector and its dev dependencies into .venv/.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
POETRY_VERSION := 2.5.1
VENV := .venv
TOOLS := .tools
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.installed-demo
POETRY_INSTALL = VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(TOOLS)/bin/poetry install --no-interaction

.PHONY: install test lint spec demo soak oas-check clean

install: $(STAMP)

$(TOOLS)/bin/poetry:
	$(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet "poetry==$(POETRY_VERSION)"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml poetry.lock | $(TOOLS)/bin/poetry $(VENV)/bin/python
	$(POETRY_INSTALL) --with dev
	@touch $(STAMP)

# The demo adds PyAirbyte (and DuckDB) to the same environment; the connector image never gets them.
$(DEMO_STAMP): $(STAMP)
	$(POETRY_INSTALL) --with dev,demo
	@touch $(DEMO_STAMP)

# Every test: unit, sandbox-backed end-to-end (the demo's too, so PyAirbyte is installed), packaging. Image
# tests need a Docker engine and skip without one.
test: $(DEMO_STAMP)
	$(VENV)/bin/python -m pytest -q -ra

# A sandbox sync into .demo/*.duckdb, or CONFIG=path/to/config.json for a real shop.
demo: $(DEMO_STAMP)
	$(VENV)/bin/python scripts/demo.py

# Per-table throughput, requests, wall vs ideal and peak RSS against local sandboxes (0 and 100 ms latency),
# next to a bare-CDK ceiling; prints figures, asserts nothing. BENCH_ARGS adds flags (scripts/bench.py --help).
bench: install
	$(VENV)/bin/python scripts/bench.py $(BENCH_ARGS)

# A long fault-injection read of a large sandbox through the real entrypoint (10% 429s, 5% 5xx, 2% dropped
# connections, 5 s access tokens); prints records, requests, retries, 429s seen and records lost, and fails
# if any record is lost. SOAK_ARGS adds or overrides flags, e.g. SOAK_ARGS="--kills 5" (scripts/soak.py --help).
soak: install
	$(VENV)/bin/python scripts/soak.py --orders 20000 --fault-429 0.1 --fault-5xx 0.05 --fault-drop 0.02 --token-ttl 5 $(SOAK_ARGS)

# Every table's schema and every request the connector sends (to a sandbox) against TikTok's official
# OpenAPI spec, fetched once with npm into .oas/ (OAS_DIR=path/to/oas uses a copy). Not part of `make test`.
oas-check: install
	$(VENV)/bin/python scripts/oas_check.py

# Rewrite source_tiktok_shop/spec.json from the config models in config.py, its one source (never edit the file by hand).
.PHONY: spec
spec: install
	$(VENV)/bin/python scripts/write_spec.py

# Style and types: ruff (lint and format, settings in pyproject.toml), mypy on the connector, and the
# published spec up to date with the config model. CI runs it before the tests.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/python scripts/write_spec.py --check

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache
