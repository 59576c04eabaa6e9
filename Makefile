# Supportdesk: `make run` serves the demo, `make test` runs every test, `make check` lints too.
SHELL := /bin/bash
# Any Python 3.11; Debian's own (/usr/bin/python3.11, built with PGO and LTO) when the machine
# has it: a page costs about a quarter less CPU than on a plain source build such as pyenv's
# default (bench/README.md, "The interpreter"). An existing .venv keeps the Python it was made
# with (`make clean` first to change it).
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
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
# Without msgfmt (no `make system-deps`) polib compiles it: `make run` never needs apt-get.
$(CATALOGUE).mo: $(CATALOGUE).po | $(VENV)/.deps
	@if command -v msgfmt >/dev/null; then \
	  $(PY) manage.py compilemessages --locale ru --ignore '.venv' >/dev/null; \
	else \
	  $(PY) -c "import polib; polib.pofile('$(CATALOGUE).po').save_as_mofile('$(CATALOGUE).mo')"; \
	fi

messages: deps system-deps $(CATALOGUE).mo

# Demo mail links point at the address `make run` serves; mail is written to var/mail/ (one
# file per message) instead of flooding the terminal.
DEV_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

demo: deps $(CATALOGUE).mo
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ with a task worker (Ctrl-C stops both)"
	@echo "Outgoing mail is written to var/mail/ (EMAIL_BACKEND=...console.EmailBackend prints it)"
	@export $(DEV_ENV); \
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
