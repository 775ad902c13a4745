"""Fixtures shared by every app's tests."""

import io

from django.core.cache import cache, caches

import pytest

# Real redis-server and gunicorn for tests that act from the outside (tests/live.py).
pytest_plugins = ["tests.live"]


def load_demo(*app_labels: str) -> None:
    from importlib import import_module

    for label in app_labels:
        import_module(f"{label}.demo").load(io.StringIO())


_MIGRATED: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo home page, its pages and their translations."""
    from django.db import connection

    with django_db_blocker.unblock():
        load_demo("home")
        # Kept before any transactional test empties the database: the rows data migrations made
        # (groups and their permissions, default categories ...) for tests that need them back.
        _MIGRATED["data"] = connection.creation.serialize_db_to_string()


@pytest.fixture(scope="session")
def migrated_state(django_db_setup) -> str:
    """The test database as the migrations and the home demo left it, serialized."""
    return _MIGRATED["data"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths and allauth its rate limits in the cache.
    # Limits and lockouts live in a cache of their own (portal/limits.py).
    cache.clear()
    caches["limits"].clear()
    yield
    cache.clear()
    caches["limits"].clear()


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="zh-hans")


@pytest.fixture
def home_page_en(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="en")
