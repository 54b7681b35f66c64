# go-sidecar: `make demo` and `make test` work on a fresh machine that has Python 3.11 or newer.
.DEFAULT_GOAL := help
.PHONY: help venv demo lint test docs bench vsix vsix-all test-extension

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
	@echo "make lint    ruff (lint and format) over $(LINT_PATHS), mypy (strict) over server/go_sidecar"
	@echo "make test    create $(VENV) with the test extra, run make lint and every test"
	@echo "make docs    regenerate docs/rules.md, README's generated parts, the rule-code enums (schema, package.json)"
	@echo "make bench   run the benchmarks in bench/"
	@echo "make venv    only create $(VENV) and install (again when pyproject.toml changed)"
	@echo "make vsix-all  one .vsix per VS Code target (win32, darwin, linux; x64 and arm64) in $(EXT)/vsix/"
	@echo "make vsix    build the VS Code extension with the server's wheels inside: $(VSIX)"
	@echo "make test-extension  the VS Code extension's tests (npm ci when package-lock.json changed, wheels/ for this"
	@echo "                     machine when missing, npm test)"

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

# The linters are part of the build (issue 12): one configuration, in pyproject.toml ([tool.ruff], [tool.mypy]).
LINT_PATHS := server tests bench scripts
lint: venv
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

# -rs: every skipped test is listed with its reason (each skip that can happen in CI is a decision written next
# to it in the test).
test: venv
	@$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q -rs
	@$(MAKE) --no-print-directory test-extension

# Every file written from the code (scripts/gen_docs.py says which); tests fail when one is stale.
docs: venv
	$(BIN)/python scripts/gen_docs.py

# Every benchmark runs (bench/_*.py are helpers, not benchmarks); make fails when any target was missed.
bench: venv
	@rc=0; for f in bench/*.py; do \
		[ -e "$$f" ] || { echo "no benchmarks in bench/"; break; }; \
		case "$${f##*/}" in _*) continue;; esac; \
		echo "== $$f"; $(BIN)/python "$$f" || rc=1; \
	done; exit $$rc

# --- The VS Code extension (vscode-extension/, docs/vscode.md) ------------------------------------------------
# Needs Node.js 20+ and npm. The .vsix carries the go-sidecar wheel and its dependencies' wheels for CPython
# $(VSIX_PYTHONS) on $(VSIX_TARGET) (pinned to this venv's versions); the extension installs them offline into a
# private environment on first start.
EXT := vscode-extension
EXT_VERSION = $(shell node -p "require('./$(EXT)/package.json').version" 2>/dev/null)
VSIX_TARGET ?= linux-x64
VSIX_PYTHONS ?= 3.11 3.12 3.13 3.14
VSIX = $(EXT)/go-sidecar-$(EXT_VERSION).vsix
NPM_STAMP := $(EXT)/node_modules/.package-lock.json

$(NPM_STAMP): $(EXT)/package-lock.json
	@command -v npm >/dev/null || { echo "error: the VS Code extension needs Node.js 20 or newer and npm" >&2; exit 1; }
	cd $(EXT) && npm ci --no-audit --no-fund
	@touch $@

test-extension: $(NPM_STAMP) $(EXT)/wheels
	cd $(EXT) && npm test

# The real-environment test (test/realenv.test.ts) installs wheels/ offline: built here for this machine and the
# venv's Python (seconds) when missing or older than pyproject.toml, so that the test runs rather than skips.
# `make vsix` rebuilds wheels/ for every Python of the .vsix.
HOST_TARGET := $(shell case "$$(uname -s)-$$(uname -m)" in (Linux-x86_64) echo linux-x64;; \
	(Linux-aarch64|Linux-arm64) echo linux-arm64;; (Darwin-x86_64) echo darwin-x64;; \
	(Darwin-arm64) echo darwin-arm64;; esac)
$(EXT)/wheels: pyproject.toml | $(STAMP)
	@if [ -z "$(HOST_TARGET)" ]; then \
		echo "no wheels for $$(uname -sm) (scripts/wheels.sh has no such target): test/realenv.test.ts skips"; \
	else \
		$(EXT)/scripts/wheels.sh $(abspath $(BIN)/python) $(HOST_TARGET) \
			"$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')"; \
	fi

vsix: venv $(NPM_STAMP)
	$(EXT)/scripts/wheels.sh $(abspath $(BIN)/python) $(VSIX_TARGET) "$(VSIX_PYTHONS)"
	rm -f $(VSIX)
	cd $(EXT) && npx vsce package --no-dependencies --target $(VSIX_TARGET) --out go-sidecar-$(EXT_VERSION).vsix
	@ls -l $(VSIX)

# One .vsix per VS Code target, each with the wheels for CPython $(VSIX_PYTHONS) on that platform; the (target,
# Python) pairs and whether each is complete are in $(EXT)/vsix/MATRIX.md (tests/test_vsix_matrix.py proves them).
vsix-all: venv $(NPM_STAMP)
	$(EXT)/scripts/vsix-all.sh $(abspath $(BIN)/python) $(EXT)/vsix
	@cat $(EXT)/vsix/MATRIX.md
