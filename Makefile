# Recurrent Neural Networks, executable: setup, build and test.
# `make book` and `make test` each start from nothing but Python 3.11 and make.

# The first candidate that runs a supported CPython (3.11.2 up to 3.13) able to
# make a venv (Debian ships ensurepip apart, in python3.X-venv). A name on PATH is
# not enough: pyenv puts a shim there for every version it holds, and a shim fails
# unless its version is the selected one.
# A version given after the code (the primary Python's) is refused too.
supported_python = import sys, ensurepip; sys.exit(not (3, 11, 2) <= sys.version_info[:3] < (3, 14) or sys.version.split()[0] in sys.argv[1:])
first_python = $(shell for p in $(1); do \
  "$$p" -c '$(supported_python)' $(2) >/dev/null 2>&1 && { command -v "$$p"; break; }; \
  done)
PYENV_VERSIONS := $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions
# Any supported CPython: `make test PYTHON=python3.12`. VENV follows it if you pass one.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(call first_python,python3.11 python3.12 python3.13 python3)
endif
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CHAPTERS := $(sort $(wildcard chapters/*.ipynb))
# `make portability` also runs the notebooks under a second Python, in its own venv:
# another supported version than PYTHON's, preferring 3.12, then 3.13, then another
# 3.11 patch (Debian's 3.11.2), on PATH or installed by pyenv.
ifeq ($(origin PYTHON_ALT),undefined)
PYTHON_VERSION := $(shell "$(PYTHON)" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)
PYTHON_ALT := $(call first_python,python3.12 python3.13 \
  $(sort $(wildcard $(PYENV_VERSIONS)/3.12.*/bin/python3.12)) $(sort $(wildcard $(PYENV_VERSIONS)/3.13.*/bin/python3.13)) \
  python3.11 /usr/bin/python3.11 $(sort $(wildcard $(PYENV_VERSIONS)/3.11.*/bin/python3.11)),$(PYTHON_VERSION))
endif
VENV_ALT   := .venv-alt
# `make test-colab` runs the notebooks on the oldest runtime the book supports, Colab's
# (colab/requirements.txt: TensorFlow 2.19.0, Keras 3.10.0, Python 3.12), in its own venv.
# Found only when that target runs (`?=` is evaluated lazily): python3.12 on PATH or under pyenv.
PYTHON_COLAB ?= $(call first_python,python3.12 $(sort $(wildcard $(PYENV_VERSIONS)/3.12.*/bin/python3.12)))
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

.PHONY: help install po book test unit notebooks build-strict browser portability portability-threads test-colab actionlint lab serve execute benchmark lint lock lock-colab clean

help:
	@echo "make book       build the HTML book into _build/html, the Chinese edition into _build/html/zh"
	@echo "make po         refresh the Chinese edition's catalogues (locale/zh_CN) from the English"
	@echo "make test       unit tests + nbval on every chapter + strict book build + browser test"
	@echo "make browser    strict build, then the book checks and the built book in headless Chromium"
	@echo "make portability  nbval on every notebook with 1 and 4 threads, and under a second Python (PYTHON_ALT)"
	@echo "make test-colab nbval on every notebook on Colab's runtime (TensorFlow 2.19, Keras 3.10, Python 3.12)"
	@echo "make lab        open the chapters in JupyterLab"
	@echo "make serve      serve _build/html on http://localhost:8000"
	@echo "make execute    re-execute every chapter in place (authors, after editing)"
	@echo "make benchmark  time each chapter and the book build; writes benchmarks/results.md"
	@echo "make lint       ruff on rnn_utils, tests and chapters; actionlint on the workflow"

install: $(STAMP)

$(STAMP): $(REQUIREMENTS) $(CONSTRAINTS) pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no supported Python found (CPython 3.11.2 up to 3.13 with its venv module); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"
	$(BIN)/python -m pip install --quiet -r $(REQUIREMENTS) -c $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Two editions from one source: English in _build/html/, Chinese (the catalogues
# in locale/zh_CN, same code cells and outputs) in _build/html/zh/.
book: $(STAMP)
	$(BIN)/jupyter-book build . --path-output .
	$(BIN)/python _ext/book_i18n.py zh
	@echo "Book written to _build/html/index.html (Chinese edition: _build/html/zh/index.html)"

test: $(STAMP) unit notebooks build-strict browser

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/book

notebooks: $(STAMP)
	$(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

# The stored outputs must hold on any reader's machine: strict nbval with one
# intra-op thread, with four, and under a second supported Python (its own venv,
# installed from the same lock). CI runs this after `make test`.
portability-threads: $(STAMP)
	RNN_BOOK_THREADS=1 OMP_NUM_THREADS=1 $(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)
	RNN_BOOK_THREADS=4 OMP_NUM_THREADS=4 $(BIN)/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

portability: portability-threads
	@test -n "$(PYTHON_ALT)" || { echo "make portability: no second supported Python found (3.12 or 3.13 on PATH or under pyenv, or another 3.11 patch with its venv module); set PYTHON_ALT=..."; exit 1; }
	$(MAKE) --no-print-directory PYTHON="$(PYTHON_ALT)" VENV=$(VENV_ALT) install
	$(VENV_ALT)/bin/python -c "import sys; print('second Python:', sys.version.split()[0])"
	$(VENV_ALT)/bin/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

# The same notebooks and stored outputs on Colab's runtime, the oldest end of the tested
# range (rnn_utils.runtime.TESTED; README, "Where the book runs"). CI runs it after portability.
# The unit tests run there too, but for those of the book build (tests/book, tests/test_i18n.py),
# which need the pinned Jupyter Book and Sphinx that the Colab profile does not install.
test-colab:
	@python_colab="$(PYTHON_COLAB)"; test -n "$$python_colab" || { echo "make test-colab: no Python 3.12 found (on PATH or under pyenv); set PYTHON_COLAB=..."; exit 1; }; \
	$(MAKE) --no-print-directory PYTHON="$$python_colab" VENV=$(VENV_COLAB) \
	  REQUIREMENTS=colab/requirements.txt CONSTRAINTS=colab/constraints.txt install
	$(VENV_COLAB)/bin/python -c "import sys, tensorflow, keras; print('Colab profile: Python', sys.version.split()[0], '| TensorFlow', tensorflow.__version__, '| Keras', keras.__version__)"
	$(VENV_COLAB)/bin/python -m pytest -p no:cacheprovider tests --ignore=tests/book --ignore=tests/test_i18n.py
	$(VENV_COLAB)/bin/python $(NBVAL) $(CHAPTERS) $(BACKMATTER)

build-strict: $(STAMP)
	rm -rf _build/html
	$(BIN)/jupyter-book build . --path-output . --warningiserror --keep-going
	$(BIN)/python _ext/book_i18n.py zh --strict

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
	$(BIN)/ruff check rnn_utils tests benchmarks chapters backmatter _ext
	$(BIN)/actionlint -no-color .github/workflows/book.yml

# The Chinese edition's catalogues (locale/zh_CN/LC_MESSAGES/<page>.po): extract
# the English prose afresh, then merge it into the catalogues. Changed English
# becomes "fuzzy", new English an empty entry: translate those (CONTRIBUTING.md).
po: $(STAMP)
	rm -rf _build/gettext
	$(BIN)/python _ext/book_i18n.py gettext
	$(BIN)/sphinx-intl update -p _build/gettext -d locale -l zh_CN

# One universal lock for every supported Python. uv keeps the pins it finds in
# its output file where they still fit, so only what must change changes.
lock: $(STAMP)
	cp constraints.txt constraints.txt.new
	$(BIN)/uv pip compile requirements.txt --universal --python-version 3.11 --quiet --no-header -o constraints.txt.new
	( echo "# Full transitive pin set for requirements.txt, one lock for CPython 3.11 (3.11.2 and up), 3.12 and 3.13:"; \
	  echo "# environment markers pick a version where one release does not fit every Python."; \
	  echo "# Made by uv's universal resolver (uv pip compile --universal); regenerate with \`make lock\`."; \
	  cat constraints.txt.new ) > constraints.txt
	rm -f constraints.txt.new

# The Colab profile's lock (colab/constraints.txt), for Python 3.12 only.
lock-colab: $(STAMP)
	$(BIN)/uv pip compile colab/requirements.txt --python-version 3.12 --python-platform x86_64-manylinux_2_28 \
	  --quiet --no-header -o colab/constraints.txt

clean:
	rm -rf _build .pytest_cache .hypothesis $(VENV_ALT) $(VENV_COLAB)
