# Quick start: `make demo` marks the samples, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint imports typecheck unit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/grader mark samples --rubric history-essay-great-terror --out reports/demo
	@echo "Open reports/demo/index.html in a browser."

serve: $(VENV)/.installed
	$(BIN)/grader serve --rubric history-essay-great-terror --rubric general-essay

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The layers and the no-circle rule, in pyproject.toml's [tool.importlinter].
imports: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest

test: lint imports typecheck unit

clean:
	rm -rf $(VENV) reports/demo .mypy_cache .ruff_cache .pytest_cache
