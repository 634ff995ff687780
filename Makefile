# Recurrent Neural Networks, executable: setup, build and test.
# `make book` and `make test` each start from nothing but Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHAPTERS := $(sort $(wildcard chapters/*.ipynb))
# Back-matter notebooks (the notation page) are executed and checked like chapters.
BACKMATTER := $(sort $(wildcard backmatter/*.ipynb))

# TensorFlow's C++ start-up log and oneDNN's reordering, off for every command below.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0

.PHONY: help install book test unit notebooks build-strict browser actionlint lab serve execute benchmark lint lock clean

help:
	@echo "make book       build the HTML book into _build/html (installs first)"
	@echo "make test       unit tests + nbval on every chapter + strict book build + browser test"
	@echo "make browser    strict build, then the book checks and the built book in headless Chromium"
	@echo "make lab        open the chapters in JupyterLab"
	@echo "make serve      serve _build/html on http://localhost:8000"
	@echo "make execute    re-execute every chapter in place (authors, after editing)"
	@echo "make benchmark  time each chapter and the book build; writes benchmarks/results.md"
	@echo "make lint       ruff on rnn_utils, tests and chapters; actionlint on the workflow"

install: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . --path-output .
	@echo "Book written to _build/html/index.html"

test: $(STAMP) unit notebooks build-strict browser

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/book

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg \
		-p no:cacheprovider $(CHAPTERS) $(BACKMATTER)

build-strict: $(STAMP)
	rm -rf _build/html
	$(BIN)/jupyter-book build . --path-output . --warningiserror --keep-going

# tests/book: every figure has a caption and alt text, the workflow passes
# actionlint, and the built book works in headless Chromium with the network
# blocked (math typeset, no console errors, search, solutions, phone width).
# Needs the system Chromium (apt-get install chromium; .ci/run installs it in CI).
# Without it the browser tests are skipped with a reason, and fail when CI=true.
browser: $(STAMP) build-strict
	$(BIN)/python -m pytest -p no:cacheprovider tests/book

actionlint: $(STAMP)
	$(BIN)/actionlint -no-color .github/workflows/book.yml

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

serve:
	@test -f _build/html/index.html || $(MAKE) book
	$(PYTHON) -m http.server --directory _build/html --bind 127.0.0.1 8000

execute: $(STAMP)
	$(BIN)/python benchmarks/execution.py --write $(CHAPTERS) $(BACKMATTER)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/execution.py --report benchmarks/results.md --book $(CHAPTERS) $(BACKMATTER)

lint: $(STAMP)
	$(BIN)/ruff check rnn_utils tests benchmarks chapters backmatter
	$(BIN)/actionlint -no-color .github/workflows/book.yml

lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -r requirements.txt
	( echo "# Full transitive pin set for requirements.txt (pip freeze on Linux x86_64, CPython 3.11)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements.txt."; \
	  .lockenv/bin/pip freeze ) > constraints.txt
	rm -rf .lockenv

clean:
	rm -rf _build .pytest_cache .hypothesis
