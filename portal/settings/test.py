"""The test suite: SQLite in memory by default, PostgreSQL when DATABASE_URL says so."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-used-by-the-test-suite-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The benchmarks' app (volume data, targets) is installed only here and by bench.settings.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per pytest-xdist worker: tests that write and remove files never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = VAR_DIR / "test-media" / _WORKER  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
SEARCH_VOCABULARY_REFRESH = 0
SEARCH_VOCABULARY_DIR = VAR_DIR / "test-vocabulary" / _WORKER  # noqa: F405
ELASTICSEARCH_INDEX_PREFIX = "portal-test"
ELASTICSEARCH_RETRY_AFTER = 0
COMPLAINTS_PRIVATE_ROOT = VAR_DIR / "test-private" / _WORKER / "complaints"  # noqa: F405
# The page cache is off in tests (pages change through updates that send no signal); its own
# tests turn it on.
PORTAL_PAGE_CACHE_SECONDS = 0
# Tests change pages inside transactions that roll back without a signal: nothing may outlive one.
PORTAL_FRAGMENT_CACHE_SECONDS = 0
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
# Tasks run at once, inside the test that starts them; the worker's own tests
# (jobs/tests/test_worker.py) queue them in the database or in Redis and run the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
