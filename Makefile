# sitmap — set-up, run, test and benchmark entry points (see README.md).
#
#   make run      install everything into .venv/ and serve the dashboard on the sample corpus
#   make test     install everything (incl. test tools) and run the whole test suite
#   make bench    print the benchmark figures (bench/)
#   make geodata  rebuild geodata/gazetteer.sqlite from the pinned inputs (geodata/sources.json)

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run serve test setup setup-test bench geodata clean

run: setup
	$(VENV)/bin/sitmap serve seeds/ --port $(PORT)

serve: run

test: setup-test
	$(PY) -m pytest $(PYTEST_ARGS)

# The virtualenv is (re)built when pyproject.toml changes; a stamp file records success.
$(VENV)/.stamp-base: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "sitmap: $(PYTHON) not found: install Python 3.11 (apt-get install python3.11 python3.11-venv)" >&2; exit 2; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "sitmap: cannot create a virtualenv: apt-get install python3.11-venv" >&2; exit 2; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-base
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(VENV)/.stamp-base

setup-test: $(VENV)/.stamp-test

bench: setup-test
	$(PY) bench/run.py

geodata: setup
	$(PY) geodata/build.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
