# The two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
BIN := .venv/bin
PYTEST_ARGS ?=

.PHONY: install run test test-fault test-all lint bench migration clean

install: .venv/.installed

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

run: install  ## the whole suite on embedded defaults (bundled nats-server, SQLite under var/)
	$(BIN)/office up

test: install  ## every test but the slow fault tests
	$(BIN)/pytest -m "not fault" $(PYTEST_ARGS)

test-fault: install  ## the tests that kill processes and servers
	$(BIN)/pytest -m fault $(PYTEST_ARGS)

test-all: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy shared services
	$(BIN)/lint-imports

bench: install  ## throughput and latency figures, printed
	$(BIN)/python -m bench

migration: install  ## make migration SERVICE=docs REV=0002 MSG="add outgoing"
	$(BIN)/python scripts/new_migration.py $(SERVICE) $(REV) "$(MSG)"

clean:
	rm -rf .venv .tools var
