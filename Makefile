# Two commands on a fresh machine (Python 3.11+ and git):
#   make demo   set up, create a governed repo from the bundled example, validate it
#   make test   set up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint schemas docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(STAMP)
	rm -rf demo && mkdir demo && git -C demo init --quiet
	git -C demo config user.name >/dev/null || git -C demo config user.name "ccgov demo"
	git -C demo config user.email >/dev/null || git -C demo config user.email "demo@example.invalid"
	$(BIN)/ccgov init demo --example
	$(BIN)/ccgov -C demo validate
	@echo "demo repository: $(CURDIR)/demo"

test: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy
	$(BIN)/python -m pytest

schemas: $(STAMP)
	$(BIN)/ccgov schema export schemas

docs: $(STAMP)
	$(BIN)/python tools/gendocs.py

clean:
	rm -rf $(VENV) demo build dist src/*.egg-info
