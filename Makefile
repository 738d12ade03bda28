# One entry point for people and CI. Works on a fresh machine that has only Python 3.11 and pip:
# Poetry itself is installed into .tools/, the connector and its dev dependencies into .venv/.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
POETRY_VERSION := 2.5.1
VENV := .venv
TOOLS := .tools
STAMP := $(VENV)/.installed

.PHONY: install test unit demo clean

install: $(STAMP)

$(STAMP): pyproject.toml poetry.lock
	@test -x $(TOOLS)/bin/poetry || ($(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet "poetry==$(POETRY_VERSION)")
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH=$(CURDIR)/$(VENV)/bin:$$PATH $(TOOLS)/bin/poetry install --with dev --no-interaction
	@touch $(STAMP)

# Every test: unit, sandbox-backed end-to-end, packaging. Image tests need a Docker engine and skip without one.
test: install
	$(VENV)/bin/python -m pytest -q -ra

demo: install
	$(VENV)/bin/python scripts/demo.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache
