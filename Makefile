# Recurrent Neural Networks, executable: setup, build and test.
# `make book` and `make test` each start from nothing but Python 3.11 and make.

# The Pythons are found by scripts/find_python.sh (POSIX sh; the candidates and what
# counts as supported are listed there), only when make expands a recipe that uses one
# (install with an out-of-date venv, serve, portability, test-colab, pythons), and at
# most once per make: `make help` or `make -n test` with an installed venv start none.
# Any supported CPython: `make test PYTHON=python3.12`. VENV follows it if you pass one.
ifeq ($(origin PYTHON),undefined)
PYTHON = $(eval PYTHON := $$(shell PYENV_ROOT="$(PYENV_ROOT)" sh scripts/find_python.sh main))$(PYTHON)
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHAPTERS := $(sort $(wildcard chapters/*.ipynb))
# `make portability` also runs the notebooks under a second Python, in its own venv:
# another supported version than PYTHON's, preferring 3.12, then 3.13, then another
# 3.11 patch (Debian's 3.11.2), on PATH or installed by pyenv.
ifeq ($(origin PYTHON_ALT),undefined)
PYTHON_ALT = $(eval PYTHON_ALT := $$(shell PYENV_ROOT="$(PYENV_ROOT)" sh scripts/find_python.sh alt "$$(PYTHON)"))$(PYTHON_ALT)
endif
VENV_ALT   := .venv-alt
# `make test-colab` runs the notebooks on the oldest runtime the book supports, Colab's
# (colab/requirements.txt: TensorFlow 2.19.0, Keras 3.10.0, Python 3.12), in its own venv.
# Found only when that target runs: python3.12 on PATH or under pyenv.
ifeq ($(origin PYTHON_COLAB),undefined)
PYTHON_COLAB = $(eval PYTHON_COLAB := $$(shell PYENV_ROOT="$(PYENV_ROOT)" sh scripts/find_python.sh colab))$(PYTHON_COLAB)
endif
VENV_COLAB   := .venv-colab
# What `install` installs; test-colab passes colab/'s files instead.
REQUIREMENTS ?= requirements.txt
CONSTRAINTS  ?= constraints.txt
# Back-matter notebooks (the notation page) are executed and checked like chapters.
BACKMATTER := $(sort $(wildcard backmatter/*.ipynb))

# TensorFlow's C++ start-up log and oneDNN's reordering, off for every command below.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0

# nbval checks NBVAL_JOBS notebooks at a time, each in its own worker and kernel
# (pytest-xdist, whole notebooks per worker); the outputs do not depend on it.
# NBVAL_JOBS=0 checks them one after another in one process.
NBVAL_JOBS ?= 2
NBVAL = -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg -p no:cacheprovider \
        -n $(NBVAL_JOBS) --dist loadfile

.PHONY: help pythons install po book test unit notebooks build-strict browser portability portability-threads test-colab actionlint lab serve execute benchmark lint format lock lock-colab clean

# `make help` prints the `## ` comment of every target line, in this file's order;
# `make lint` fails if a target has none.
help: ## list the targets, one line each (this text)
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "make %-20s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))
	@echo "Overrides: PYTHON=, PYTHON_ALT=, PYTHON_COLAB= (a Python), VENV=, NBVAL_JOBS= (README)"

pythons: ## print the Pythons install, portability and test-colab would use
	@echo "PYTHON := $(PYTHON)"
	@echo "PYTHON_ALT := $(PYTHON_ALT)"
	@echo "PYTHON_COLAB := $(PYTHON_COLAB)"

install: $(STAMP)  ## create .venv and install the locked requirements into it (PYTHON=, VENV=)

$(STAMP): $(REQUIREMENTS) $(CONSTRAINTS) pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no supported Python found (CPython 3.11.2 up to 3.13 with its venv module); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"
	$(BIN)/python -m pip install --quiet -r $(REQUIREMENTS) -c $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Two editions from one source: English in _build/html/, Chinese (the catalogues
# in locale/zh_CN, same code cells and outputs) in _build/html/zh/.
book: $(STAMP)  ## build the HTML book into _build/html, the Chinese edition into _build/html/zh
	$(BIN)/jupyter-book build . --path-output .
	$(BIN)/python _ext/book_i18n.py zh
	@echo "Book written to _build/html/index.html (Chinese edition: _build/html/zh/index.html)"

test: $(STAMP) lint unit notebooks build-strict browser  ## lint, unit tests, nbval on every notebook, strict build, browser test

unit: $(STAMP)  ## the unit tests (tests/, but for the book build's tests/book)
	$(BIN)/python -m pytest tests --ignore=tests/book

notebooks: $(STAMP)  ## strict nbval on every chapter and back-matter notebook
	$(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

# The stored outputs must hold on any reader's machine: strict nbval with one
# intra-op thread, with four, and under a second supported Python (its own venv,
# installed from the same lock). CI runs this after `make test`.
portability-threads: $(STAMP)  ## nbval on every notebook with 1 and with 4 intra-op threads
	RNN_BOOK_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)
	RNN_BOOK_THREADS=4 OMP_NUM_THREADS=4 $(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

portability: portability-threads  ## portability-threads, then nbval under a second Python (PYTHON_ALT=)
	@test -n "$(PYTHON_ALT)" || { echo "make portability: no second supported Python found (3.12 or 3.13 on PATH or under pyenv, or another 3.11 patch with its venv module); set PYTHON_ALT=..."; exit 1; }
	$(MAKE) --no-print-directory PYTHON="$(PYTHON_ALT)" VENV=$(VENV_ALT) install
	$(VENV_ALT)/bin/python -c "import sys; print('second Python:', sys.version.split()[0])"
	$(VENV_ALT)/bin/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

# The same notebooks and stored outputs on Colab's runtime, the oldest end of the tested
# range (rnn_utils.runtime.TESTED; README, "Where the book runs"). CI runs it after portability.
# The unit tests run there too, but for those of the book build (tests/book, tests/test_i18n.py),
# which need the pinned Jupyter Book and Sphinx that the Colab profile does not install.
test-colab:  ## unit tests and nbval on Colab's runtime (TF 2.19, Keras 3.10, Python 3.12)
	@python_colab="$(PYTHON_COLAB)"; test -n "$$python_colab" || { echo "make test-colab: no Python 3.12 found (on PATH or under pyenv); set PYTHON_COLAB=..."; exit 1; }; \
	$(MAKE) --no-print-directory PYTHON="$$python_colab" VENV=$(VENV_COLAB) \
	  REQUIREMENTS=colab/requirements.txt CONSTRAINTS=colab/constraints.txt install
	$(VENV_COLAB)/bin/python -c "import sys, tensorflow, keras; print('Colab profile: Python', sys.version.split()[0], '| TensorFlow', tensorflow.__version__, '| Keras', keras.__version__)"
	$(VENV_COLAB)/bin/python -m pytest -p no:cacheprovider tests --ignore=tests/book --ignore=tests/test_i18n.py
	$(VENV_COLAB)/bin/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

build-strict: $(STAMP)  ## both editions of the book, warnings are errors
	rm -rf _build/html
	$(BIN)/jupyter-book build . --path-output . --warningiserror --keep-going
	$(BIN)/python _ext/book_i18n.py zh --strict

# tests/book: every figure has a caption and alt text, the workflow passes
# actionlint, and the built book works in headless Chromium with the network
# blocked (math typeset, no console errors, search, solutions, phone width).
# Needs the system Chromium (apt-get install chromium; .ci/run installs it in CI).
# Without it the browser tests are skipped with a reason, and fail when CI=true.
browser: $(STAMP) build-strict  ## strict build, then the book checks and the built book in headless Chromium
	$(BIN)/python -m pytest -p no:cacheprovider tests/book

actionlint: $(STAMP)  ## actionlint on .github/workflows/book.yml
	$(BIN)/actionlint -no-color .github/workflows/book.yml

lab: $(STAMP)  ## open the chapters in JupyterLab
	$(BIN)/jupyter lab chapters/

serve:  ## serve _build/html on http://localhost:8000 (builds it if missing)
	@test -f _build/html/index.html || $(MAKE) book
	$(PYTHON) -m http.server --directory _build/html --bind 127.0.0.1 8000

execute: $(STAMP)  ## re-execute every notebook in place (authors, after editing)
	$(BIN)/python benchmarks/execution.py --write $(CHAPTERS) $(BACKMATTER)

benchmark: $(STAMP)  ## time each chapter and the book build; writes benchmarks/results.md
	$(BIN)/python benchmarks/execution.py --report benchmarks/results.md --book $(CHAPTERS) $(BACKMATTER)

# ruff's rules and its formatting (88 columns, pyproject.toml), actionlint, a help line for
# every target, and the messages of the commits since the formatting one (CONTRIBUTING.md).
lint: $(STAMP)  ## ruff check and ruff format --check, actionlint, target help, commit messages
	$(BIN)/ruff check rnn_utils tests benchmarks scripts chapters backmatter _ext conftest.py
	$(BIN)/ruff format --check rnn_utils tests benchmarks scripts chapters backmatter _ext conftest.py
	# chapter code fits the text column: 88 characters a line (the package's
	# comments and docstrings may run to 120)
	$(BIN)/ruff check chapters backmatter --select E501 \
	  --config "lint.pycodestyle.max-line-length = 88" --config "lint.per-file-ignores = {}"
	$(BIN)/actionlint -no-color .github/workflows/book.yml
	@awk '/^\.PHONY:/ { for (i = 2; i <= NF; i++) phony[$$i] = 1 } /^[a-z][a-z-]*:([^=]|$$)/ { t = $$0; sub(/:.*/, "", t); if (!/## /) { print "Makefile: target " t " has no ## help comment"; bad = 1 } if (!(t in phony)) { print "Makefile: target " t " is not in .PHONY"; bad = 1 } } END { exit bad }' $(firstword $(MAKEFILE_LIST))
	$(BIN)/python scripts/check_commits.py

format: $(STAMP)  ## ruff format the code (88 columns), as make lint expects it
	$(BIN)/ruff format rnn_utils tests benchmarks scripts chapters backmatter _ext conftest.py

# The Chinese edition's catalogues (locale/zh_CN/LC_MESSAGES/<page>.po): extract
# the English prose afresh, then merge it into the catalogues. Changed English
# becomes "fuzzy", new English an empty entry: translate those (CONTRIBUTING.md).
po: $(STAMP)  ## refresh the Chinese edition's catalogues (locale/zh_CN) from the English
	rm -rf _build/gettext
	$(BIN)/python _ext/book_i18n.py gettext
	$(BIN)/sphinx-intl update -p _build/gettext -d locale -l zh_CN

# One universal lock for every supported Python. uv keeps the pins it finds in
# its output file where they still fit, so only what must change changes.
lock: $(STAMP)  ## re-resolve constraints.txt, one lock for every supported Python
	cp constraints.txt constraints.txt.new
	$(BIN)/uv pip compile requirements.txt --universal --python-version 3.11 --quiet --no-header -o constraints.txt.new
	( echo "# Full transitive pin set for requirements.txt, one lock for CPython 3.11 (3.11.2 and up), 3.12 and 3.13:"; \
	  echo "# environment markers pick a version where one release does not fit every Python."; \
	  echo "# Made by uv's universal resolver (uv pip compile --universal); regenerate with \`make lock\`."; \
	  cat constraints.txt.new ) > constraints.txt
	rm -f constraints.txt.new

# The Colab profile's lock (colab/constraints.txt), for Python 3.12 only.
lock-colab: $(STAMP)  ## re-resolve colab/constraints.txt (Python 3.12)
	$(BIN)/uv pip compile colab/requirements.txt --python-version 3.12 --python-platform x86_64-manylinux_2_28 \
	  --quiet --no-header -o colab/constraints.txt

clean:  ## remove _build, the test caches and the second and Colab venvs
	rm -rf _build .pytest_cache .hypothesis $(VENV_ALT) $(VENV_COLAB)
