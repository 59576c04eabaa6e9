# Supportdesk: `make run` serves the demo, `make test` runs every test, `make check` lints too.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: deps system-deps run serve demo test test-fast check lint typecheck importlint migrations-check messages bench bench-web clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: requirements.lock | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $@

deps: $(VENV)/.deps

# Debian packages: Chromium for the browser test, gettext for the catalogues, DejaVu for PDFs.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v msgfmt >/dev/null \
	    || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "installing chromium, gettext and fonts-dejavu-core (apt)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq \
	    && $$SUDO apt-get install -y -qq chromium gettext fonts-dejavu-core >/dev/null; \
	fi

CATALOGUE := locale/ru/LC_MESSAGES/django

# A file target, so two suites started side by side never compile the catalogue at once.
$(CATALOGUE).mo: $(CATALOGUE).po | $(VENV)/.deps
	$(PY) manage.py compilemessages --locale ru --ignore '.venv' >/dev/null

messages: deps system-deps $(CATALOGUE).mo

demo: deps messages
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ with a task worker (Ctrl-C stops both)"
	@export DJANGO_SETTINGS_MODULE=config.settings.dev SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: deps system-deps messages
	$(PY) -m pytest -p no:cacheprovider --create-db $(PYTEST_ARGS)

test-fast: deps
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: deps
	$(VENV)/bin/mypy .

importlint: deps
	$(VENV)/bin/lint-imports

migrations-check: deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

check: lint typecheck importlint migrations-check test

# The peers the SLA bench compares against (businesstimedelta, pandas) are not runtime deps.
bench: deps
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements-bench.lock
	$(PY) -m bench

# The web benchmark (issue 11): seeds N requests once (bench_<N> on PostgreSQL or
# /tmp/bench-<N>.sqlite3), serves them with gunicorn and drives them with wrk. Not part of `make test`.
N ?= 10000
DB ?= pg
bench-web: deps
	$(PY) -m bench.web --requests $(N) --db $(DB)

clean:
	rm -rf $(VENV) .test-db.sqlite3* var/test-media
