"""Real servers for tests that act from the outside: redis-server and gunicorn with several workers.

Use them as fixtures (registered in the root ``conftest.py``):

``redis_url``
    A private ``redis-server`` (Debian's package) on a free loopback port, started once per test
    session and stopped at its end; the URL of database 0. Tests that share state between
    processes (limits, lockouts, queues) point ``REDIS_URL`` at it.

``live_portal`` (factory, see :func:`start_portal`)
    gunicorn serving the portal with production settings and several sync workers on a file
    database of its own (SQLite in a temporary folder, migrated once per session and copied for
    each server) or, when the suite runs on PostgreSQL, a database of its own on the same cluster.
    ``portal.manage("shell", "-c", code)`` runs a management command against that database, so a
    test prepares accounts and content exactly as an operator would.

Nothing here mocks the portal: requests go over TCP to real worker processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before it listened")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")


# --- Redis ------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    port: int
    proc: subprocess.Popen
    folder: Path

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def flush(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "FLUSHALL"], check=True, capture_output=True
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_redis() -> RedisServer:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is needed (apt-get install redis-server; make test does)")
    folder = Path(tempfile.mkdtemp(prefix="portal-redis-"))
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, proc=proc)
    return RedisServer(port=port, proc=proc, folder=folder)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """Database 0 of the session's redis-server, emptied before each test."""
    redis_server.flush()
    return redis_server.url()


# --- gunicorn ---------------------------------------------------------------------------------

_TEMPLATE: dict[str, Path] = {}
# Collected once per session (production serves hashed, compressed names through WhiteNoise).
_STATIC_ROOT = Path(tempfile.gettempdir()) / f"portal-live-static-{os.getpid()}"


def _collect_static() -> None:
    if (_STATIC_ROOT / "staticfiles.json").exists():
        return
    env = _base_env(Path(tempfile.gettempdir()), "sqlite://:memory:", {})
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@dataclass
class LivePortal:
    url: str
    port: int
    env: dict[str, str]
    folder: Path
    proc: subprocess.Popen | None = None
    log: Path = field(default_factory=Path)

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``manage.py`` with this server's settings and database."""
        return subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )

    def shell(self, code: str) -> str:
        """Run Python code in ``manage.py shell`` against this server's database; its output."""
        return self.manage("shell", "--no-imports", "-c", code).stdout

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def server_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _base_env(folder: Path, database_url: str, extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "live-test-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "PORTAL_VAR_DIR": str(folder),
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder / "mail"),
            "STATIC_ROOT": str(_STATIC_ROOT),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra)
    return env


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _migrated_sqlite_template(tmp_root: Path) -> Path:
    """One SQLite file per session, migrated with the home demo loaded; copied per server."""
    if "sqlite" not in _TEMPLATE:
        folder = tmp_root / "template"
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "portal.sqlite3"
        env = _base_env(folder, f"sqlite:///{db}", {})
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "shell", "-c", _LOAD_HOME],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        _TEMPLATE["sqlite"] = db
    return _TEMPLATE["sqlite"]


_LOAD_HOME = "import io; from home import demo; demo.load(io.StringIO())"


def _postgres_database(base_url: str, name: str) -> str:
    """A fresh, migrated PostgreSQL database named ``name`` beside the suite's own."""
    import psycopg

    head, _, _ = base_url.rpartition("/")
    admin_url = f"{head}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = _TEMPLATE.get("postgres")
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"{head}/{name}"
    if not _TEMPLATE.get("postgres"):
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env = _base_env(Path(tempfile.gettempdir()), url, {})
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "shell", "-c", _LOAD_HOME],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        template = f"{name}_template"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        _TEMPLATE["postgres"] = template
    return url


def start_portal(
    tmp_root: Path,
    *,
    workers: int = 3,
    env: dict[str, str] | None = None,
    name: str = "live",
) -> LivePortal:
    """gunicorn with production settings and ``workers`` sync workers on a database of its own."""
    _collect_static()
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=tmp_root))
    (folder / "mail").mkdir()
    pg = _postgres_url()
    if pg:
        database_url = _postgres_database(pg, f"portal_{name}_{os.getpid()}")
    else:
        db = folder / "portal.sqlite3"
        shutil.copyfile(_migrated_sqlite_template(tmp_root), db)
        database_url = f"sqlite:///{db}"
    port = free_port()
    portal = LivePortal(
        url=f"http://127.0.0.1:{port}",
        port=port,
        env=_base_env(folder, database_url, env or {}),
        folder=folder,
        log=folder / "gunicorn.log",
    )
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    with portal.log.open("w") as log:
        portal.proc = subprocess.Popen(
            [
                gunicorn,
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=portal.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, timeout=60, proc=portal.proc)
        _wait_until_answering(portal.url + "/healthz")
    except (RuntimeError, TimeoutError, OSError):
        portal.stop()
        raise RuntimeError(f"gunicorn did not start:\n{portal.server_log()}") from None
    return portal


def _wait_until_answering(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback test server)
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture(scope="session")
def live_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("live")


@pytest.fixture
def live_portal(live_root: Path) -> Iterator:
    """A factory: ``live_portal(workers=3, env={...})`` starts gunicorn; stopped after the test."""
    started: list[LivePortal] = []

    def factory(**kwargs) -> LivePortal:
        portal = start_portal(live_root, **kwargs)
        started.append(portal)
        return portal

    yield factory
    for portal in started:
        portal.stop()
