# Mijnbuurtje: `make run` and `make test` are all a fresh machine needs (Python 3.11+ and make).
# Without DATABASE_URL / REDIS_URL, project-local PostgreSQL and Valkey servers are started
# from pip-installed binaries, with their data in .devdata/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format typecheck services services-down migrate demo bench browser messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(BIN)/.installed

services: venv
	$(BIN)/python infra/devservices.py up

services-down:
	-$(BIN)/python infra/devservices.py down

migrate: services
	$(BIN)/python manage.py migrate_schemas --shared --executor=standard -v 0
	$(BIN)/python manage.py migrate_buurtsites

demo: migrate
	$(BIN)/python manage.py load_demo --port $(PORT)

# Servers, migrations, demo, then web, worker and beat under one supervisor. Ctrl-C stops
# all of it, including the project-local servers this run started (infra/run.py).
run: venv
	$(BIN)/python infra/run.py --port $(PORT)

# Debian's chromium for the browser tests; Playwright's own browser download does not work here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy tenants provisioning billing themes platform/members platform/messaging platform/moderation platform/exchange platform/participation platform/digest platform/clubs platform/news platform/agenda platform/marketplace platform/referrals platform/figures platform/socialmap platform/socialmap_platform platform/organisations platform/textsearch platform/ui

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: services browser lint typecheck
	DJANGO_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

# Every module in tests/benchmarks/ prints its own figures.
bench: services
	@for module in $(basename $(notdir $(wildcard tests/benchmarks/[a-z]*.py))); do \
		echo "== $$module"; DJANGO_ENV=test $(BIN)/python -m tests.benchmarks.$$module || exit 1; \
	done

# Needs GNU gettext; the compiled catalogues are committed, so running the site does not.
# Run from the root: the apps live both in platform/ and at the top level.
messages: venv
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete \
		--ignore ".venv/*" --ignore "tests/*" --ignore ".devdata/*"
	$(BIN)/python manage.py compilemessages --ignore .venv

clean: services-down
	rm -rf $(VENV) .devdata media staticfiles
