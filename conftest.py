"""Fixtures shared by every app's tests."""

import io

from django.core.cache import cache

import pytest


def load_demo(*app_labels: str) -> None:
    from importlib import import_module

    for label in app_labels:
        import_module(f"{label}.demo").load(io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo home page, its pages and their translations."""
    with django_db_blocker.unblock():
        load_demo("home")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths and allauth its rate limits in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="zh-hans")


@pytest.fixture
def home_page_en(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="en")
