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


def _content_types_first(data: str) -> str:
    """The serialized copy with the content types first (loading a page asks for its type)."""
    import json

    objects = json.loads(data)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


def _flushes_the_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server", "django_db_serialized_rollback"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the database, put back what the migrations and
    the home demo made, so the tests after it find the database every test starts from.

    Django's transactional tests end with a flush. Run one after another in one process, pytest
    orders them last; spread over pytest-xdist workers a file of them can run before others.
    """
    yield
    # After the last test the session's fixtures, the test database included, are gone.
    if nextitem is None or "data" not in _MIGRATED or not _flushes_the_database(item):
        return
    if "site" in getattr(nextitem, "fixturenames", ()):
        # The next browser test empties the database and loads its own copy (tests/browser).
        cache.clear()
        return
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(_content_types_first(_MIGRATED["data"]))
        ContentType.objects.clear_cache()
        # The rows came back with their ids: move PostgreSQL's sequences past them.
        from django.apps import apps
        from django.core.management.color import no_style

        tables = [  # the tables migrations made (a library's unmanaged model has none)
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), tables)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    cache.clear()


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
