# The two commands of the README:  `make book`  and  `make test`.
# Needs only Python >= 3.11 and make; creates .venv on first use.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BUILD := _build

.PHONY: book test lint bench notebooks clean

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "isac-book needs Python >= 3.11 (got " + sys.version.split()[0] + "); run make PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

## book: execute every notebook and build the HTML book into _build/html (strict)
book: $(INSTALLED)
	$(BIN)/python tools/build_stamp.py check $(BUILD)
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/python tools/build_stamp.py write $(BUILD)

## test: lint, then the package, notebook and browser tests (builds the book first if needed)
test: book lint
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check isacmodel tests tools benchmarks

## bench: print speed figures (not a test)
bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

## notebooks: write every chapter as .ipynb into notebooks/ (for a course platform)
notebooks: $(INSTALLED)
	mkdir -p notebooks
	for f in chapters/*.md; do $(BIN)/jupytext --quiet --to ipynb -o notebooks/$$(basename $${f%.md}).ipynb $$f; done

clean:
	rm -rf $(BUILD) notebooks
