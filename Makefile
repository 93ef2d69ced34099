# The two commands of the README:  `make book`  and  `make test`.
# Needs only Python >= 3.11 and make; creates .venv on first use.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The whole environment, every version and hash (make lock writes it from requirements.txt)
LOCK := requirements-lock.txt
UV := uv==0.13.10
BUILD := _build
STUDENT := $(BUILD)/student
PDF := $(BUILD)/pdf
# The chapters share their samples and verdicts through this disk cache (isacmodel.verify.cache);
# build_stamp clears it with the rest of _build when an input of the book changes. It
# unpickles what it holds: never point it at a folder another user can write to.
export ISACMODEL_CACHE := $(abspath $(BUILD))/.isacmodel-cache
# Processes for the computations the chapters share (isacmodel prepare) and kernels for
# executing the chapters (tools/execute_notebooks.py)
JOBS ?= 2
# What `make pdf` needs from Debian (the pdflatex route: no xelatex, no texlive-fonts-extra)
TEXLIVE := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre

.PHONY: book book-steps env python-version lock book-student pdf texlive test lint bench \
	notebooks clean

# The environment: exactly the lock (hashes required), then the package itself, editable
$(INSTALLED): $(LOCK) pyproject.toml tools/vendor_axe.py | python-version
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "isac-book needs Python >= 3.11 (got " + sys.version.split()[0] + "); run make PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python tools/vendor_axe.py
	touch $@

# `make ... PYTHON=python3.12` with a .venv made by another Python: say so (never mix them)
python-version:
	@if [ "$(origin PYTHON)" = "command line" ] && [ -x $(BIN)/python ]; then \
	  want=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])') || exit 1; \
	  have=$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  if [ "$$want" != "$$have" ]; then \
	    echo "$(VENV) was made with Python $$have, not with $(PYTHON) (Python $$want):" \
	      "remove it (rm -rf $(VENV)) to rebuild it with $(PYTHON), or leave out PYTHON=" >&2; \
	    exit 1; fi; fi

## env: check .venv against the lock and reinstall what differs (a removed or damaged package)
env: $(INSTALLED)
	@$(BIN)/python tools/build_env.py $(LOCK)

## lock: write requirements-lock.txt (every package of the environment, its version and
## hashes, for every platform) from the pins of requirements.txt; UPGRADE=--upgrade moves
## the unpinned dependencies to their newest versions, else they stay where the lock has them
lock:
	test -x $(BUILD)/uv/bin/uv || { $(PYTHON) -m venv $(BUILD)/uv && \
	  $(BUILD)/uv/bin/python -m pip install -q --disable-pip-version-check $(UV); }
	$(BUILD)/uv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  --custom-compile-command "make lock" $(UPGRADE) requirements.txt -o $(LOCK)

## book: compute what the chapters share, execute the chapters (both with JOBS processes) and
## build the HTML book into _build/html (strict). tools/build_stamp.py runs the steps under
## a lock (one build at a time), after clearing _build if any input of a page changed, and
## stamps _build with the inputs as they were when the build started.
BOOK_STEPS := $(MAKE) --no-print-directory book-steps
# The other builds into _build hold the same lock
LOCKED = $(BIN)/python tools/build_stamp.py locked $(BUILD) --
book: env
	$(BIN)/python tools/build_stamp.py build $(BUILD) -- $(BOOK_STEPS)

# The steps of `make book` (run by it; not on their own: no lock, no stamp)
book-steps:
	$(BIN)/python -m isacmodel prepare --jobs $(JOBS)
	$(BIN)/python tools/execute_notebooks.py $(BUILD) --jobs $(JOBS)
	$(BIN)/jupyter-book build . -W -n --keep-going

## book-student: the same book without any solution, into _build/student/_build/html
book-student: book
	ISAC_EDITION=student $(LOCKED) $(BIN)/jupyter-book build . --path-output $(STUDENT) -W -n \
	  --keep-going

## pdf: the whole book as one PDF, _build/isac-book.pdf (installs texlive on Debian if missing)
pdf: book texlive
	$(LOCKED) $(BIN)/jupyter-book build . --builder pdflatex --path-output $(PDF) -W -n \
	  --keep-going
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
