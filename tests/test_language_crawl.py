"""Every page, form and admin view of the demo, read in one language, holds no text of the other.

The whole demo (``load_demo_content``) is loaded once into the test database for this module,
then every English page and form (the page tree, the routes pages offer, search, complaints,
sign-in and sign-up, "my portal" as the demo resident) and the admin views an English user
opens (every menu item, the first edit view of each listing, a page of each type) are fetched
with Django's test client. ``tests/language_crawl.py`` says what counts as text and which words
are allowed; the same crawl in Chinese looks for stray English.
"""

from io import StringIO

from django.core.management import call_command
from django.db import transaction
from django.test import Client

import pytest

from tests.language_crawl import admin_urls, check, public_urls, resident_urls


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    var_dir = settings.VAR_DIR
    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    settings.VAR_DIR = var_dir


def _staff_client(language: str):
    from wagtail.users.models import UserProfile

    from accounts.models import User

    admin = User.objects.get(email="admin@demo.community")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(admin)
    return client, admin


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_and_forms_speak_one_language(demo, db, language):
    from accounts.models import User

    report = check(Client(), public_urls(language), language)
    resident = Client()
    resident.force_login(User.objects.get(email="resident@demo.community"))
    check(resident, resident_urls(language), language, report=report)
    assert len(report.visited) > 80
    assert not report.errors, report.summary()
    assert not report.problems, report.summary()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_speaks_the_users_language(demo, db, language):
    client, admin = _staff_client(language)
    report = check(client, admin_urls(client, admin, language), language, admin=True)
    assert len(report.visited) > 40
    assert not report.errors, report.summary()
    assert not report.problems, report.summary()
