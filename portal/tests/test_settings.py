"""Production settings refuse to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-0123456789"


def start_production(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "portal.example"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "portal.example", "SECRET_KEY": "short"}, "SECRET_KEY"),
        (
            {
                "ALLOWED_HOSTS": "portal.example",
                "SECRET_KEY": "dev-only-insecure-key-not-for-prod!!",
            },
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start(env, message):
    result = start_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_key_and_hosts():
    result = start_production(
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example,www.portal.example"
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_settings_read_database_url(monkeypatch):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['ENGINE'], db['NAME'], db['HOST'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": "postgres://u:p@db.internal:5432/portal_prod",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "portal_prod", "db.internal"]


def test_production_keeps_its_sqlite_connection_between_requests(tmp_path):
    """Opening an SQLite connection reads the whole schema: a worker keeps its connection from
    one request to the next (as on PostgreSQL) instead of opening one per request."""
    script = (
        "import django; django.setup()\n"
        "from django.core import signals\n"
        "from django.db import connection\n"
        "opened = []\n"
        "for _request in range(2):\n"
        "    signals.request_started.send(sender=None)\n"
        "    connection.cursor().execute('SELECT 1')\n"
        "    opened.append(id(connection.connection))\n"
        "    signals.request_finished.send(sender=None)\n"
        "print(connection.vendor, opened[0] == opened[1], connection.connection is not None)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "portal.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["sqlite", "True", "True"]
