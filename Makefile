# The two commands: `make run` (the app with worker and beat) and `make test` (the whole suite).
# Both set everything up first; with DATABASE_URL / REDIS_URL unset they use the embedded
# PostgreSQL and Redis under ./var.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := static/vendor
export DEBUG ?= true

.PHONY: setup run test lint format prod-check backup restore manage shell

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

setup: $(VENV)/.installed node_modules/.installed $(VENDOR)/.copied $(MO_FILES)

# The runtime set and the test tools: one environment serves `make run` and `make test`. A
# deployment installs requirements.txt only (requirements-dev.txt includes it with `-r`).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 diperlukan" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The source maps too: the files name them, and collectstatic's manifest refuses a file that
# points at a missing one.
$(VENDOR)/.copied: node_modules/.installed Makefile
	mkdir -p $(VENDOR)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/chart.js/dist/chart.umd.min.js* $(VENDOR)/
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_offices
	$(PY) manage.py seed_demo
	$(VENV)/bin/honcho start

# ARGS narrows the run: make test ARGS="-m matrix", make test ARGS=tests/faults/
test: setup
	$(PY) -m pytest $(ARGS)

# Any manage.py command in the environment `make run` uses (DEBUG on, the embedded PostgreSQL
# and Redis unless DATABASE_URL / REDIS_URL are set): make manage ARGS="send_reminders --dry-run".
# Outside make, `.venv/bin/python manage.py …` needs DEBUG=true (or a SECRET_KEY) set, e.g. in .env.
manage: setup
	@test -n "$(ARGS)" || { echo 'make manage ARGS="<perintah> [opsi]"' >&2; exit 2; }
	$(PY) manage.py $(ARGS)

shell: setup
	$(PY) manage.py shell

# Production mode on this machine (tests/deploy/test_prod_check.py runs it in `make test`): DEBUG
# off with the production defaults and only what a deployment must supply set here; static
# files collected, the deploy checks clean, then gunicorn answering real requests
# (tests/deploy/prod_check.py lists what it asserts).
PROD_CHECK_ENV := DEBUG=false \
	SECRET_KEY=prod-check-only-not-a-secret-7c1e9a4b2f6d8e0a3b5c7d9e1f2a4b6c8d \
	ALLOWED_HOSTS=localhost SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https \
	TRUSTED_PROXY_COUNT=1 STATIC_ROOT=var/prod-check/static \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

prod-check: setup
	env $(PROD_CHECK_ENV) $(PY) manage.py collectstatic --noinput --clear --verbosity 0
	env $(PROD_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	env $(PROD_CHECK_ENV) $(PY) tests/deploy/prod_check.py

# Backup and restore (README, "Backup and restore"): the database (pg_dump, custom format),
# MEDIA_ROOT and a manifest of checksums into $(BACKUP_DIR)/<timestamp>/; restore checks the
# checksums, refuses a database that is not empty unless FORCE=1, and compares row counts.
BACKUP_DIR ?= var/backups

backup: setup
	$(PY) manage.py backup --output-dir "$(BACKUP_DIR)"

restore: setup
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/<waktu> [FORCE=1]" >&2; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(filter 1 true yes,$(FORCE)),--force)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
