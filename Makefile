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
STUDENT := $(BUILD)/student
PDF := $(BUILD)/pdf
# The chapters share their samples and verdicts through this disk cache (isacmodel.verify.cache);
# build_stamp removes it with the rest of _build when the package changes.
export ISACMODEL_CACHE := $(abspath $(BUILD))/.isacmodel-cache
# Processes for the computations the chapters share (isacmodel prepare) and kernels for
# executing the chapters (tools/execute_notebooks.py)
JOBS ?= 2
# What `make pdf` needs from Debian (the pdflatex route: no xelatex, no texlive-fonts-extra)
TEXLIVE := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre

.PHONY: book book-student pdf texlive test lint bench notebooks clean

$(INSTALLED): requirements.txt pyproject.toml tools/vendor_axe.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "isac-book needs Python >= 3.11 (got " + sys.version.split()[0] + "); run make PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	$(BIN)/python tools/vendor_axe.py
	touch $@

## book: compute what the chapters share, execute the chapters (both with JOBS processes) and
## build the HTML book into _build/html (strict)
book: $(INSTALLED)
	$(BIN)/python tools/build_stamp.py check $(BUILD)
	$(BIN)/python -m isacmodel prepare --jobs $(JOBS)
	$(BIN)/python tools/execute_notebooks.py $(BUILD) --jobs $(JOBS)
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/python tools/build_stamp.py write $(BUILD)

## book-student: the same book without any solution, into _build/student/_build/html
book-student: book
	ISAC_EDITION=student $(BIN)/jupyter-book build . --path-output $(STUDENT) -W -n --keep-going

## pdf: the whole book as one PDF, _build/isac-book.pdf (installs texlive on Debian if missing)
pdf: book texlive
	$(BIN)/jupyter-book build . --builder pdflatex --path-output $(PDF) -W -n --keep-going
	cp $(PDF)/_build/latex/book.pdf $(BUILD)/isac-book.pdf

texlive:
	@command -v latexmk >/dev/null && command -v pdflatex >/dev/null || { \
	  command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] || { \
	    echo "make pdf needs texlive; on Debian as root it installs: $(TEXLIVE)"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $(TEXLIVE) >/dev/null; }

## test: lint, then the package, notebook and browser tests (builds both editions and their
## notebooks first, and the PDF where texlive is installed)
test: book book-student notebooks lint
	if command -v latexmk >/dev/null; then $(MAKE) pdf; else echo "no texlive: PDF not built"; fi
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check isacmodel tests tools benchmarks

## bench: print speed figures (not a test)
bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

## notebooks: every chapter as an executed .ipynb, for a course platform: notebooks/ (with
## the solutions) and notebooks/student/ (without), the files the two editions offer
notebooks: book-student
	rm -rf notebooks && mkdir -p notebooks/student
	cp $(BUILD)/html/_sources/chapters/*.ipynb notebooks/
	cp $(STUDENT)/_build/html/_sources/chapters/*.ipynb notebooks/student/

clean:
	rm -rf $(BUILD) notebooks
