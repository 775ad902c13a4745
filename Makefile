# The two commands a newcomer needs:
#   make run   - set up and serve the portal with demo content at http://127.0.0.1:8000
#   make test  - install what the tests need and run every check and test (SQLite, then PostgreSQL)
# Everything else here is a step of those two.

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run serve install install-test system-deps js-deps test lint checks test-sqlite \
        test-postgres messages compile-messages screenshot lock clean bench backup restore

run: install
	@mkdir -p var/media var/staticfiles
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	@echo "Serving the portal at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# One worker in the background (emails, scheduled jobs), stopped when the server stops.
	@$(PY) manage.py worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# --- installation -----------------------------------------------------------------------------

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency declarations change, so a second `make run` is fast.
$(VENV)/.installed-run: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet --upgrade "pip>=24" "setuptools>=77"
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[test]"
	@touch $@

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# Debian packages the tests need: Chromium, a CJK font (else Chinese renders as boxes), gettext
# redis-server (tests of state shared between workers start a private one) and Java (the W3C
# Nu HTML checker of the journey tests). Installed only when missing, and only when we are root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing="$$missing fonts-wqy-microhei"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing (run as root or install them)"; exit 1; \
	  fi; \
	fi

# axe-core for the accessibility checks, from the npm registry, pinned by package-lock.json.
js-deps: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

# --- checks and tests -------------------------------------------------------------------------

test: install-test system-deps js-deps
	bash scripts/test.sh

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

checks: install-test
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check_translations

test-sqlite: install-test
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest

test-postgres: install-test
	bash scripts/test.sh postgres

# --- benchmarks -------------------------------------------------------------------------------

# Serve the portal with gunicorn on SQLite and PostgreSQL and load it with wrk; the Markdown table
# goes to bench/results/ (docs/performance.md). `make bench BENCH_ARGS=--quick` checks the harness.
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "wrk is needed: apt-get install wrk"; exit 1; }
	@if [ -z "$$BENCH_POSTGRES_URL" ] && command -v pg_ctlcluster >/dev/null 2>&1; then \
	  pg_lsclusters --no-header 2>/dev/null | grep -q "^15 *main .*online" || pg_ctlcluster 15 main start; \
	  if [ "$$(id -u)" = "0" ]; then \
	    su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$$(id -un)'\"" | grep -q 1 \
	      || su postgres -c "createuser --superuser $$(id -un)"; \
	  fi; \
	  psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='portal_bench'" | grep -q 1 \
	    || createdb portal_bench; \
	fi
	$(PY) -m bench.run $(BENCH_ARGS)

# --- translations -----------------------------------------------------------------------------

# Extract strings into every app's catalogs (zh_Hans and en), then compile them.
messages: install
	$(PY) manage.py update_catalogs
	$(MAKE) compile-messages

compile-messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

# --- maintenance ------------------------------------------------------------------------------

# The database and every stored file (public media and private files) with a SHA-256 manifest,
# into a new folder readable only by its owner (docs/operations.md): `make backup [BACKUP=DIR]`.
backup: install
	$(PY) manage.py backup $(BACKUP)

# `make restore BACKUP=DIR [FORCE=1]`: into an empty database and empty folders unless FORCE=1.
restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=DIR [FORCE=1]"; exit 1; }
	$(PY) manage.py restore $(BACKUP) $(if $(FORCE),--force)

# Refresh the constraints file from the current virtual environment.
lock: install-test
	$(PIP) freeze --exclude-editable | grep -v "^-e " > $(CONSTRAINTS)

screenshot: install-test system-deps
	$(PY) scripts/screenshot.py

clean:
	rm -rf $(VENV) node_modules var/staticfiles
