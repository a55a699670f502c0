# `make build`: set up, validate and render every brief.  `make test`: set up and run the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup axe build validate test lint schema docs bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,sources,docx,stix,misp,serve]'
	touch $(STAMP)

# axe-core, which tests/test_accessibility_html.py injects into each page, from npm at the version
# tests/axe/package-lock.json pins (node_modules is not committed).
AXE := tests/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/axe --no-audit --no-fund --silent; \
	else echo "warning: npm not found: the HTML accessibility checks are skipped (apt-get install npm)" >&2; fi

validate: setup
	$(BIN)/briefgen validate briefs

build: setup
	$(BIN)/briefgen build briefs

test: setup axe
	$(BIN)/python -m pytest

# ruff (lint and format) and mypy (strict), as configured in pyproject.toml; CI fails on any finding.
lint: setup
	$(BIN)/ruff check briefgen tests bench
	$(BIN)/ruff format --check briefgen tests bench
	$(BIN)/mypy

schema: setup
	$(BIN)/briefgen schema

# Regenerate what is generated from the code: the JSON Schema and the reference docs.
docs: schema
	$(BIN)/briefgen reference

# Measure briefgen against its floors (see README, "Performance"); BENCH="--only quotes" etc.
bench: setup
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf build .pytest_cache .hypothesis
