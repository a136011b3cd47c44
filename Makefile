# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The addresses gunicorn listens on: IPv4 and IPv6 loopback by default (IPv6 support, 《推进互联网协议
# 第六版（IPv6）规模部署行动计划》 2017 and the sites built under 政府网站发展指引). To listen on every
# address: LISTEN='[::]:8000' — on Linux one dual-stack socket also answers IPv4 (sysctl
# net.ipv6.bindv6only=0, the default); '0.0.0.0:8000 [::]:8000' fails there with "Address already in
# use" and is only for hosts with bindv6only=1.
LISTEN ?= $(HOST):$(PORT) [::1]:$(PORT)
BIND = $(foreach address,$(LISTEN),--bind $(address))

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
	$(PY) manage.py load_standard_catalogue

demo: migrate
	$(PY) manage.py seed_demo

run: system-deps migrate
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ on $(LISTEN)  (工作台: http://$(HOST):$(PORT)/workbench/)"
	@# The job runner (ADR 0044) beside the web server; it exits when this recipe's shell does.
	$(PY) manage.py jobs work --exit-with-parent & \
	$(VENV)/bin/gunicorn config.wsgi:application $(BIND) --workers 2 --access-logfile -

serve: setup
	$(VENV)/bin/gunicorn config.wsgi:application $(BIND) --workers 2 --access-logfile -

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
