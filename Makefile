# Two commands for a fresh clone with only python3 and make:
#   make run    install, migrate, load the demo story, serve http://127.0.0.1:$(PORT)
#   make test   install the test tools and run lint plus the whole suite, in parallel
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
RUN_ENV := DJANGO_DEBUG=1
# The suite runs in parallel: one pytest-xdist worker per CPU unless told otherwise
# (TEST_WORKERS=0 runs it in this one process). Each file goes whole to one worker,
# so a module's fixtures (the benchmark's one run) are made once, and files keep
# pytest-django's order: the transactional (browser) tests, which empty the database
# of the rows migrations made, come after every other test on their worker.
# Extra pytest options: make test PYTEST_ARGS="-k feeds -x"
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder \
	$(PYTEST_ARGS)

.PHONY: run test test-fast lint format install clean bench serve loadrun bench-import bench-csv loadtest \
	loadtest-compare

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The background worker (webhook deliveries) runs beside the server and stops with it.
run: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	@echo "  Webhooks: delivered by the worker started beside the server (manage.py db_worker)"
	@echo ""
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
		$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(PYTEST)

# The edit-test loop: everything but the browser tests, and no lint.
test-fast: $(VENV)/.installed-dev
	$(PYTEST) -m "not browser"

# Time every page and API endpoint against its target on a throwaway database (README,
# "Benchmarks"). By hand only, never in `make test` or CI: times depend on the machine.
# DEBUG off, as in production; a throwaway secret key unless one is set.
# Options: make bench BENCH_ARGS="--scale 2 --repeat 50 --json bench.json"
bench: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		$(BIN)/python manage.py benchmark $(BENCH_ARGS)

# Rows a second for each API CSV table (rankings: ~47,000 rows at scale 2), read to the
# end through the test client on a throwaway database. Options:
# make bench-csv BENCH_CSV_ARGS="--scale 1 --repeat 3"
bench-csv: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		$(BIN)/python manage.py benchmark_csv $(BENCH_CSV_ARGS)

# A bounded load run (docs/deploy.md, "Several app servers"): wrk, 30 s at 64 connections,
# against gunicorn with production settings on 127.0.0.1, over a throwaway seeded database;
# reports the 5xx count (exit status 1 if any). By hand only: figures depend on the machine.
# Options: make loadrun LOADRUN_ARGS="--duration 10 --connections 16 --scale 0.2"
loadrun: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		sh -c '$(BIN)/python manage.py collectstatic --noinput -v0 && \
			$(BIN)/python manage.py loadrun $(LOADRUN_ARGS)'
# Time a 10,000-row ranking import (read, preview, save) and count its queries, on a
# throwaway database as `make bench` does (README, "Benchmarks"). Options:
# make bench-import BENCH_IMPORT_ARGS="--rows 20000"
bench-import: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		$(BIN)/python manage.py benchmark_import $(BENCH_IMPORT_ARGS)
# The site under load: gunicorn with production settings on a seeded throwaway database,
# each endpoint driven by wrk (apt-get install wrk), cached and uncached, against a hello
# view and a static file (BENCHMARKS.md). By hand only, never in `make test` or CI.
# BENCH_QUICK=1 make loadtest: a check in a few minutes. LOADTEST_SCALE=200: 100,000 briefs.
loadtest: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		$(BIN)/python manage.py loadtest

# p50 of each endpoint at 100,000 published briefs as a multiple of its p50 at 1,000, from
# two full runs' results (LOADTEST_SCALE=200 and the default): the issue's 1.3x bound.
# Options: make loadtest-compare SMALL=bench/results/... LARGE=bench/results/...
SMALL ?= bench/results/sqlite-locmem-scale-2.json
LARGE ?= bench/results/sqlite-locmem-scale-200.json
loadtest-compare: $(VENV)/.installed
	env -u DJANGO_DEBUG DJANGO_SECRET_KEY=loadtest-compare \
		$(BIN)/python manage.py loadtest --compare $(SMALL) $(LARGE)

clean:
	rm -rf $(VENV) var/test-media .pytest_cache .ruff_cache

# Production: migrate, collect static files, then gunicorn from gunicorn.conf.py (workers,
# threads, timeouts, access log and control socket from the environment). DEBUG is off;
# without DJANGO_SECRET_KEY it refuses to start. See docs/deploy.md, "Serve".
serve: $(VENV)/.installed
	@test -n "$${DJANGO_SECRET_KEY}" || { echo "make serve: set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS)." >&2; exit 1; }
	env -u DJANGO_DEBUG $(BIN)/python manage.py migrate --noinput
	env -u DJANGO_DEBUG $(BIN)/python manage.py collectstatic --noinput
	env -u DJANGO_DEBUG $(BIN)/gunicorn --config gunicorn.conf.py
