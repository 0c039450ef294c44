# Two commands on a fresh machine (Python 3.11+ and git):
#   make demo   set up, create a governed repo from the bundled example, validate it, build its reports
#   make test   set up and run the whole test suite (what CI runs)
#   make bench  the performance benchmark (10,000 records; see docs/performance.md)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test browser bench mutation schemas docs clean

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
	$(BIN)/ccgov -C demo report site --period 2026-Q1 --output demo/reports/site
	@echo "demo repository: $(CURDIR)/demo"
	@echo "reports:         $(CURDIR)/demo/reports/site/index.html"

# The HTML reports are tested in Debian's chromium; install it where we can.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install it for the browser tests (apt-get install chromium)"; fi; }

test: $(STAMP) browser
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Mutation testing of the SLA maths and the change-control guards (the
# lifecycle table, the pure lifecycle steps, the approval/catalog/timing/
# evidence policy): slow (tens of minutes), so never part of `make test`.
# What is mutated and which unit tests judge it: [tool.mutmut] in
# pyproject.toml; the figures and what survives: docs/architecture.md,
# "Mutation testing". Property tests run fewer examples per mutant.
# MUTANTS narrows the run, e.g. make mutation MUTANTS='ccgov.policy*'.
mutation: $(STAMP)
	rm -rf mutants
	CCGOV_PROPERTY_EXAMPLES=25 $(BIN)/mutmut run --max-children 2 $(if $(MUTANTS),'$(MUTANTS)')
	$(BIN)/mutmut results

schemas: $(STAMP)
	$(BIN)/ccgov schema export schemas

docs: $(STAMP)
	$(BIN)/python tools/gendocs.py

clean:
	rm -rf $(VENV) demo build dist mutants src/*.egg-info
