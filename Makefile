# sitmap — set-up, run, test and benchmark entry points (see README.md).
#
#   make run      install everything into .venv/ and serve the dashboard on the sample corpus
#   make test     install everything (incl. test tools) and run the whole test suite
#   make bench    print the benchmark figures (bench/)
#   make geodata  rebuild geodata/gazetteer.sqlite from the pinned inputs (geodata/sources.json)
#   make ranker   refit the geoparser's candidate ranker on ../shared/eval (prints its scores)

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
PYTEST_ARGS ?=

EVAL   ?= ../shared/eval

.PHONY: run serve test setup setup-test bench geodata ranker clean

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
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "sitmap: chromium not installed and no root: PNG/PDF exports will fail and browser tests will be skipped (apt-get install chromium, or set SITMAP_CHROMIUM)" >&2; fi; }
	@touch $@

# PNG and PDF exports and the browser tests drive Debian's chromium (Playwright's own
# browser download does not work offline): the base set-up above installs it when
# missing and we may (root, or passwordless sudo).
# The store contract tests run against a real PostgreSQL + PostGIS server too (a test
# fixture runs initdb into a temporary folder): the server programs come from Debian.
PG_PACKAGES := postgresql postgresql-15-postgis-3

$(VENV)/.stamp-test: $(VENV)/.stamp-base
	$(PY) -m pip install --quiet -e '.[test]'
	@ls /usr/lib/postgresql/*/bin/initdb /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PG_PACKAGES) >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PG_PACKAGES) >/dev/null; \
	  else echo "sitmap: PostgreSQL/PostGIS not installed and no root: the store tests on PostgreSQL will fail (apt-get install $(PG_PACKAGES))" >&2; fi; }
	@touch $@

setup: $(VENV)/.stamp-base

setup-test: $(VENV)/.stamp-test

bench: setup-test
	$(PY) bench/run.py

geodata: setup
	$(PY) geodata/build.py

ranker: setup
	$(VENV)/bin/sitmap train-ranker $(EVAL)/lgl.xml $(EVAL)/TR-News.xml --model linear --C 0.1 -o dashboard/geoparse/ranker.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
