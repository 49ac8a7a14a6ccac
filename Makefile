# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: report test lint format lab bench model accuracy venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/analysis report --corpus seeds --out reports/seed

test: $(STAMP)
	$(BIN)/python -m ruff check analysis tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check analysis tests benchmarks
	$(BIN)/python -m ruff format --check analysis tests benchmarks

format: $(STAMP)
	$(BIN)/python -m ruff format analysis tests benchmarks
	$(BIN)/python -m ruff check --fix analysis tests benchmarks

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# the name model, trained on ../shared/data/conll2003 (eng.train; scores on eng.testa)
model: $(STAMP)
	$(BIN)/python -m analysis.actors.train_names

accuracy: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
