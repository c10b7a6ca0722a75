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

.PHONY: run test test-fast lint format install clean bench loadtest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Site:  http://127.0.0.1:$(PORT)/"
	@echo "  Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
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

# The site under load: gunicorn with production settings on a seeded throwaway database,
# each endpoint driven by wrk (apt-get install wrk), cached and uncached, against a hello
# view and a static file (BENCHMARKS.md). By hand only, never in `make test` or CI.
# BENCH_QUICK=1 make loadtest: a check in a few minutes. LOADTEST_SCALE=200: 100,000 briefs.
loadtest: $(VENV)/.installed
	env -u DJANGO_DEBUG \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		$(BIN)/python manage.py loadtest

clean:
	rm -rf $(VENV) var/test-media .pytest_cache .ruff_cache
