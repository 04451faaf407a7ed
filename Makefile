# The README's two commands: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_SETTINGS := cms.settings.dev
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test check-production lint format schema install install-dev migrate seed bench bench-search bench-relevance bench-site clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# axe-core for the browser tests' accessibility checks (package-lock.json pins it); npm ci again when the lock changes.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json

# The demo Site gets the served address: absolute URLs (pages, feeds, API) and the API's find redirects keep the port.
run: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py seed_demo --hostname 127.0.0.1 --port $(PORT)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser suite runs in a session of its own: its live-server tests are transactional and restore the
# migrations' data between tests, which must not interleave with the other transactional tests.
# It drives Debian's Chromium (/usr/bin/chromium): without it, its tests are skipped, and said so before and after.
CHROMIUM := /usr/bin/chromium
NO_CHROMIUM := \n!!! $(CHROMIUM) is missing: the browser tests (tests/browser/) will be SKIPPED.\n!!! Install it (as root): apt-get install -y chromium\n\n
test: install-dev
	@test -x $(CHROMIUM) || printf '$(NO_CHROMIUM)' >&2
	$(BIN)/python -m pytest --ignore=tests/browser $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

# The production check (tests/production_check/, run by CI after the tests): the Dockerfile's gunicorn command with
# cms.settings.production against a private PostgreSQL cluster (port 9185) and Redis (database 14), on ports
# 9180-9188 of 127.0.0.1: smoke, 60 s of reads and contributions past the rate limit, slow clients through nginx
# (port 9183, deploy/nginx/), PostgreSQL, Redis and the search engine down, media on S3, a cache flood. About 4
# minutes; it stops everything it started. CHECK_ARGS="--help" lists its options.
check-production: install-dev
	$(BIN)/python -m tests.production_check $(CHECK_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The API's OpenAPI schema, generated from the code (docs/openapi.json; a test fails while it is stale).
schema: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py api_schema

# Benchmarks (docs/benchmarks.md). Search: one PostgreSQL database per size, built once; BENCH_ARGS=--rebuild
# builds them again, BENCH_ARGS="--sizes 1000 10000" measures fewer sizes.
# Then the graded relevance suite on PostgreSQL (database bench_relevance), SQLite (.bench-relevance.sqlite3) and the
# OpenSearch-API engine (osmem-server, from the dev requirements): recall@10, nDCG@10, MRR beside the speed table.
bench-search: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python -m tests.bench search $(BENCH_ARGS)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python -m tests.bench relevance $(BENCH_RELEVANCE_ARGS)

bench-relevance: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python -m tests.bench relevance $(BENCH_RELEVANCE_ARGS)

# Site: database bench_site built once (BENCH_SITE_ARGS=--rebuild builds it again), served by the production
# gunicorn on 127.0.0.1:9160, loaded with wrk (apt: wrk) without then with the page cache; BENCH_SITE_ARGS="--duration 5".
bench-site: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python -m tests.bench site $(BENCH_SITE_ARGS)

bench: bench-search bench-site

clean:
	rm -rf $(VENV) .pytest_cache .test-media node_modules
