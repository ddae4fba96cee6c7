# The JJJ Project Registry (京津冀承接项目库) — developer entry points.
#
#   make run     SQLite, tasks in-process: migrate, collectstatic, bootstrap, runserver :8000
#                (PORT=8123 for another port)
#   make test    lint + migration check + `make run` on a fresh clone + pytest on SQLite, then
#                again on a throwaway PostgreSQL (with Redis + Celery and headless Chromium)
#   make test-fast  pytest on SQLite without the browser and real-stack tests (the inner loop)
#   make lock    refresh requirements.lock from pyproject.toml (UPGRADE=1: newest in range)
#   make stack   PostgreSQL + Redis + Celery worker + beat + gunicorn :8000 (data in var/stack)
#   make stop    stop a running `make stack`
#   make bench   the benchmarks (PostgreSQL in var/bench-pg, 10k and 1M projects, ~1 h the
#                first time): bench/results.json and the tables in docs/benchmarks.md
#   make backup  back up the database and media to var/backups/<time>/ (BACKUP_DIR)
#   make restore BACKUP=var/backups/<time>   put that backup back (stop the server first)
#   make lint / make fmt / make clean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
PYTEST := $(VENV)/bin/pytest
# Parallel pytest processes; 0 runs in-process.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
TEST_ENV := STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
	REGISTRY_REQUIRE_SERVICES=1
# Exact versions with their hashes, refreshed from pyproject.toml's ranges by `make lock`.
LOCK := requirements.lock
STAMP := $(VENV)/.installed-$(shell sha256sum $(LOCK) 2>/dev/null | cut -c1-16)
START := $(shell date +%s)

.PHONY: help venv install lock run test test-fast lint fmt stack stop bench clean backup restore

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

venv install: $(STAMP)

# Installs the locked dependencies, hashes checked (the project itself is run from the
# checkout); the stamp skips this until the lock file changes.
$(STAMP): $(LOCK)
	@test -x $(PY) || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r $(LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $@

# Re-resolves the lock after pyproject.toml changed, keeping the other pins;
# `make lock UPGRADE=1` moves every pin to the newest version its range allows.
lock: install
	$(PY) -m uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		$(if $(UPGRADE),--upgrade) -q -o $(LOCK)

PORT ?= 8000

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py bootstrap
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

backup: install
	$(PY) manage.py backup

BACKUP ?=
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<time>"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

lint: install
	$(RUFF) format --check .
	$(RUFF) check .

fmt: install
	$(RUFF) format .
	$(RUFF) check --fix .

test: install
	@step() { echo; echo "==> $$1"; }; \
	fail() { echo; echo "make test: FAILED at '$$1' after $$(( $$(date +%s) - $(START) )) s"; exit 1; }; \
	step "Debian packages"; \
	$(PY) -m tests.services ensure-packages || fail "Debian packages"; \
	step "ruff format --check"; $(RUFF) format --check . || fail "ruff format --check"; \
	step "ruff check"; $(RUFF) check . || fail "ruff check"; \
	step "makemigrations --check"; \
	$(PY) manage.py makemigrations --check --dry-run || fail "makemigrations --check"; \
	step "make run from a fresh clone of HEAD"; \
	$(PY) -m tests.first_contact || fail "make run from a fresh clone"; \
	step "pytest on SQLite"; \
	$(TEST_ENV) $(PYTEST) -p xdist -n $(PYTEST_WORKERS) -ra $(PYTEST_ARGS) \
		|| fail "pytest on SQLite"; \
	step "pytest on PostgreSQL"; \
	$(TEST_ENV) $(PY) -m tests.services with-postgres -- \
		$(PYTEST) -p xdist -n $(PYTEST_WORKERS) -ra $(PYTEST_ARGS) \
		|| fail "pytest on PostgreSQL"; \
	echo; echo "make test: OK — lint, migrations, pytest on SQLite and PostgreSQL passed in $$(( $$(date +%s) - $(START) )) s"

# The inner loop: SQLite only, without the browser and the real-stack tests.
test-fast: install
	$(TEST_ENV) REGISTRY_REQUIRE_SERVICES=0 $(PYTEST) -p xdist -n $(PYTEST_WORKERS) \
		-m "not browser and not stack and not postgres" $(PYTEST_ARGS)

stack: install
	$(PY) -m tests.services stack

stop:
	$(if $(wildcard $(PY)),$(PY),python3) -m tests.services stop

# One run of every benchmark, side by side (bench/run.py --help for BENCH_ARGS); the
# generated databases stay in var/bench-pg and are reused while the generator is unchanged.
BENCH_ARGS ?=
bench: install
	$(PY) -m tests.services ensure-packages postgresql
	$(PY) bench/run.py $(BENCH_ARGS)

# Removes caches and generated files; keeps .venv, the SQLite database and var/stack data.
clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .hypothesis test-results var/staticfiles var/screenshots
