# The two commands the README opens with: `make demo` and `make test`.
# Each creates .venv from the lock file on first use; nothing but Python 3.11 is needed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench lock clean matrix

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/switchboard demo

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not e2e"

# The performance benchmark (bench/README.md); not a test, it prints a table.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Regenerate the README's capability matrix from the adapters' declarations.
matrix: $(STAMP)
	$(BIN)/python -m gateway.matrix --write README.md

# Re-resolve dependencies (needs uv: `pip install uv`): runtime lock for the image, dev lock for .venv.
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
