# Wardcase: build, run and test.
#
#   make run     install, build assets, migrate, seed the demo council, then run
#                the web server (http://127.0.0.1:8000) and the task worker
#   make test    lint, then pytest on SQLite and on a throwaway PostgreSQL
#
# Needs Debian 12 with Python 3.11 and Node.js/npm; PostgreSQL and Chromium
# are installed from Debian's packages by the test scripts when missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
ASSETS_STAMP := wardcase/static/dist/.built
SCSS := $(wildcard frontend/scss/*.scss)

# pytest arguments: one worker per CPU by default; e.g. make test-sqlite PYTEST_ARGS="-x -k timeline"
PYTEST_ARGS ?= -n auto

.PHONY: help install assets lock run serve test test-sqlite test-postgres lint format clean scale-proof bench

help:
	@echo "make run            migrate, seed demo data, run web server + task worker"
	@echo "make serve          production set-up here: gunicorn, task workers, sweeps (see .env)"
	@echo "make test           lint + pytest on SQLite and PostgreSQL"
	@echo "make test-sqlite    pytest on SQLite only"
	@echo "make test-postgres  pytest on a throwaway PostgreSQL only"
	@echo "make lint | format  ruff check/format; lint also checks the apps' layers and types"
	@echo "make install        .venv from the runtime, .msg and dev/test locks"
	@echo "make assets         npm ci + build CSS/JS into wardcase/static/dist/"
	@echo "make lock           regenerate the locks from requirements/*.in"
	@echo "make scale-proof    2 web + 2 workers + PostgreSQL primary/replica, kill a web mid-load"
	@echo "make bench CASES=N  every scenario over HTTP against N generated cases (bench/README.md)"
	@echo "make clean          remove test clusters, node_modules, built static files, caches"

# --- Python ------------------------------------------------------------------

# Four locks, all with hashes: requirements.lock is what runs in production;
# requirements-msg.lock the optional Outlook .msg support (extract-msg, GPL-3.0);
# requirements-scale.lock the optional Redis task queue and S3 storage (docs/scaling.md);
# requirements-dev.lock the test and development tools. Development gets all four.
LOCKS := requirements.lock requirements-msg.lock requirements-scale.lock requirements-dev.lock
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --python $(PY) --generate-hashes

install: $(PIP_STAMP)

$(PIP_STAMP): $(LOCKS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		$(addprefix -r ,$(LOCKS))
	@touch $@

# Each lock keeps the versions it has unless its .in file asks otherwise; the msg,
# scale and dev locks are constrained (-c in their .in files) to the runtime lock's versions.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV_COMPILE) requirements/runtime.in -o requirements.lock
	$(UV_COMPILE) requirements/msg.in -o requirements-msg.lock
	$(UV_COMPILE) requirements/scale.in -o requirements-scale.lock
	$(UV_COMPILE) requirements/dev.in -o requirements-dev.lock

# --- Front end ---------------------------------------------------------------

assets: $(ASSETS_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS_STAMP): $(NPM_STAMP) $(SCSS) scripts/build-assets.sh
	bash scripts/build-assets.sh
	@touch $@

# --- Run ---------------------------------------------------------------------

run: install assets
	@mkdir -p var/mail
	bash scripts/run.sh

serve: install assets
	bash scripts/serve.sh

# --- Checks ------------------------------------------------------------------

# lint-imports: the apps' layers, pyproject.toml [tool.importlinter] (docs/architecture.md)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install assets lint
	bash scripts/test.sh all $(PYTEST_ARGS)

test-sqlite: install assets
	bash scripts/test.sh sqlite $(PYTEST_ARGS)

test-postgres: install assets
	bash scripts/test.sh postgres $(PYTEST_ARGS)

# Not part of make test: about three minutes (docs/scaling.md).
scale-proof: install
	$(PY) bench/scale_out.py

# --- Bench (not part of make test) ------------------------------------------------

# bench/run.py: gunicorn with production settings against a generated PostgreSQL data
# set (DATABASE_URL's server, or scripts/pg-test.sh's); e.g. make bench CASES=100000
# BENCH_ARGS="--fresh --readme".
CASES ?= 10000
BENCH_ARGS ?=

bench: install
	$(PY) bench/run.py --cases $(CASES) $(BENCH_ARGS)

# --- Clean -------------------------------------------------------------------

clean:
	-bash scripts/pg-test.sh stop
	-bash scripts/mail-test.sh stop
	-bash scripts/clamav-test.sh stop
	rm -rf var/pgtest var/staticfiles var/test-*.lock node_modules wardcase/static/dist \
		wardcase/static/.dist-build.* .pytest_cache .ruff_cache .mypy_cache .hypothesis
