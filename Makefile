# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: report test lint format lab bench model accuracy venv bytecode clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The workbook's own modules compiled to bytecode, as pip does for a package it installs:
# an editable install leaves that to the first import, which writes nothing where
# PYTHONDONTWRITEBYTECODE is set (as on the CI machine), so every process of a report (the
# command, each kernel, each worker) compiled the package again: 0.4 s of CPU each.
# Only changed modules are compiled again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q analysis

report: bytecode
	$(BIN)/analysis report --corpus seeds --out reports/seed

# the tests in one worker process per core (pytest-xdist): 6 minutes here instead of 9-10
test: bytecode
	$(BIN)/python -m ruff check analysis tests benchmarks
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/python -m ruff check analysis tests benchmarks
	$(BIN)/python -m ruff format --check analysis tests benchmarks

format: $(STAMP)
	$(BIN)/python -m ruff format analysis tests benchmarks
	$(BIN)/python -m ruff check --fix analysis tests benchmarks

lab: bytecode
	$(BIN)/jupyter lab --notebook-dir=.

bench: bytecode
	$(BIN)/python benchmarks/run.py

# the name model, trained on ../shared/data/conll2003 (eng.train; scores on eng.testa), and the
# target-sentiment model, on ../shared/data/newsmtsc (train.jsonl; a fifth of its articles held out)
model: $(STAMP)
	$(BIN)/python -m analysis.actors.train_names
	$(BIN)/python -m analysis.train_targeted_sentiment

accuracy: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
