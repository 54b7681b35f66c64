# go-sidecar: `make demo` and `make test` work on a fresh machine that has Python 3.11 or newer.
.DEFAULT_GOAL := help
.PHONY: help venv demo test docs bench

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := examples/demo

# The first interpreter that is Python 3.11+; override with `make PYTHON=/path/to/python3.12 ...`.
ifndef PYTHON
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
endif

help:
	@echo "make demo    create $(VENV), install go-sidecar, run 'sidecar check' on $(DEMO)"
	@echo "make test    create $(VENV) with the test extra, run every test"
	@echo "make docs    regenerate docs/rules.md from the rules' metadata"
	@echo "make bench   run the benchmarks in bench/"
	@echo "make venv    only create $(VENV) and install (again when pyproject.toml changed)"

venv: $(STAMP)

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: go-sidecar needs Python 3.11 or newer, and no python3, python3.13, python3.12 or python3.11" >&2; \
		echo "       on PATH is that new. Install one, or run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; \
		exit 1; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "error: go-sidecar needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	@touch $@

# `sidecar check` exits 1 when it finds warnings or errors, which the demo is there to show; only an
# internal or usage error (exit 2) fails make.
demo: venv
	@rc=0; $(BIN)/sidecar check $(DEMO) || rc=$$?; \
	echo ""; echo "sidecar check exited with $$rc (0: nothing at warning or error, 1: findings, 2: error)"; \
	[ $$rc -le 1 ]

test: venv
	$(BIN)/python -m pytest -q

docs: venv
	$(BIN)/sidecar rules --format markdown > docs/rules.md.tmp
	@mv docs/rules.md.tmp docs/rules.md
	@echo "wrote docs/rules.md"

# Every benchmark runs (bench/_*.py are helpers, not benchmarks); make fails when any target was missed.
bench: venv
	@rc=0; for f in bench/*.py; do \
		[ -e "$$f" ] || { echo "no benchmarks in bench/"; break; }; \
		case "$${f##*/}" in _*) continue;; esac; \
		echo "== $$f"; $(BIN)/python "$$f" || rc=1; \
	done; exit $$rc
