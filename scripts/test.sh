#!/usr/bin/env bash
# Every check and test, as `make test` and CI run them:
#   bash scripts/test.sh            lint, checks, the suite on SQLite, then on PostgreSQL 15
#   bash scripts/test.sh postgres   only the suite on PostgreSQL 15
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"
mode=${1:-all}
# The test settings, whatever the calling shell (the Makefile exports the dev settings for `make run`).
export DJANGO_SETTINGS_MODULE=portal.settings.test

step() { printf '\n==> %s\n' "$*"; }

# The suite runs in parallel, one pytest-xdist worker per core (PYTEST_WORKERS=0 runs it in one
# process); a test file stays on one worker, so its module fixtures are built once. The slowest
# tests are listed at the end of each run.
PYTEST_ARGS=(-n "${PYTEST_WORKERS:-auto}" --dist loadfile --durations=25)

start_postgres() {
    # Debian's PostgreSQL 15: start the cluster, make a superuser role for us, and a database.
    if ! pg_lsclusters --no-header 2>/dev/null | grep -q "^15 *main .*online"; then
        step "Starting PostgreSQL 15"
        pg_ctlcluster 15 main start
    fi
    local me
    me=$(id -un)
    if [ "$(id -u)" = "0" ]; then
        su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1 \
            || su postgres -c "createuser --superuser $me"
    fi
    psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='portal'" | grep -q 1 \
        || createdb portal
}

if [ "$mode" = all ]; then
    step "ruff check"
    ruff check .
    step "ruff format --check"
    ruff format --check .
    step "import contracts (lint-imports)"
    lint-imports
    step "manage.py check"
    DJANGO_SETTINGS_MODULE=portal.settings.test python manage.py check --fail-level WARNING
    DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
        ALLOWED_HOSTS=portal.example python manage.py check --deploy --fail-level WARNING
    step "makemigrations --check"
    DJANGO_SETTINGS_MODULE=portal.settings.test python manage.py makemigrations --check --dry-run
    step "compiled translations match the catalogs"
    DJANGO_SETTINGS_MODULE=portal.settings.test python manage.py check_translations
    step "Test suite on SQLite (with browser tests)"
    pytest "${PYTEST_ARGS[@]}"
fi

step "Test suite on PostgreSQL 15"
start_postgres
# The browser tests exercise templates and scripts, not the database: they ran on SQLite above.
DATABASE_URL="postgres:///portal" pytest "${PYTEST_ARGS[@]}" -m "not browser"
