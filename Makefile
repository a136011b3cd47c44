# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-pg setup setup-dev system-deps migrate demo serve lint fmt check clean bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

# axe-core for the browser tests' accessibility check, pinned by package-lock.json; loaded into pages
# from node_modules, never from the internet.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

setup: $(VENV)/.installed node_modules/.package-lock.json

system-deps:
	bash scripts/install-system-deps.sh

migrate: setup
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py seed_demo

run: system-deps migrate
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/  (工作台: http://$(HOST):$(PORT)/workbench/)"
	$(VENV)/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

serve: setup
	$(VENV)/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --access-logfile -

test: system-deps setup
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest --ds=config.settings.test -q -n 2 --dist loadfile

# The same suite on PostgreSQL (DATABASE_URL must point at a server where we may create test_*).
test-pg: system-deps setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest --ds=config.settings.test -q -n 2 --dist loadfile

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (see docs/benchmarks.md); they use a scratch database under BENCH_VAR.
BENCH_VAR ?= /tmp/gongkai-bench
BENCH_N ?= 100000
bench: setup
	bash scripts/install-system-deps.sh wrk
	GONGKAI_VAR_DIR=$(BENCH_VAR) $(PY) bench/search.py --n $(BENCH_N)

clean:
	rm -rf $(VENV) var/gongkai.sqlite3* var/media var/static
