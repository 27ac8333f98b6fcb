# The two commands: `make run` (the app with worker and beat) and `make test` (the whole suite).
# Both set everything up first; with DATABASE_URL / REDIS_URL unset they use the embedded
# PostgreSQL and Redis under ./var.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := static/vendor
export DEBUG ?= true

.PHONY: setup run test lint format

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

setup: $(VENV)/.installed node_modules/.installed $(VENDOR)/.copied $(MO_FILES)

$(VENV)/.installed: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 diperlukan" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_offices
	$(PY) manage.py seed_demo
	$(VENV)/bin/honcho start

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
