# The two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
BIN := .venv/bin
PYTEST_ARGS ?=

.PHONY: install run test test-long test-all lint bench migration clean

install: .venv/.installed

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

# Byte-compiled at install: six services importing a cold tree at once take minutes.
.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

run: install  ## the whole suite on embedded defaults (bundled nats-server, SQLite under var/)
	$(BIN)/office up

# Two workers: most tests wait on a server or a stream, so two share the two cores well.
test: install  ## every test but the long ones (CI runs those too: make test-long)
	$(BIN)/pytest -n 2 -m "not e2e and not fault and not fuzz" $(PYTEST_ARGS)

test-long: install  ## the real launcher end to end, the tests that kill things, the API fuzz
	$(BIN)/pytest -m "e2e or fault or fuzz" $(PYTEST_ARGS)

test-all: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy office shared services bench tests
	$(BIN)/lint-imports

bench: install  ## throughput and latency figures, printed
	$(BIN)/python -m bench

migration: install  ## make migration SERVICE=docs REV=0002 MSG="add outgoing"
	$(BIN)/python scripts/new_migration.py $(SERVICE) $(REV) "$(MSG)"

clean:
	rm -rf .venv .tools var
