# `make build`: set up, validate and render every brief.  `make test`: set up and run the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup build validate test schema docs bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,sources,docx,stix,misp]'
	touch $(STAMP)

validate: setup
	$(BIN)/briefgen validate briefs

build: setup
	$(BIN)/briefgen build briefs

test: setup
	$(BIN)/python -m pytest

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
