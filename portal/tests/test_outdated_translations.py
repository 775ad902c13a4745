from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest

from accounts.models import User
from home.models import StandardPage
from portal.demo_tools import publish_translation
from portal.reports import outdated_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(home_page):
    page = StandardPage(title="居委会简介", slug="jianjie", intro="旧的介绍")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    publish_translation(page, {"居委会简介": "About the committee", "旧的介绍": "Old intro"})
    return page


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser(username="boss", email="boss@example.com", password="x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def test_a_translation_is_outdated_once_its_original_is_published_again(translated):
    assert not outdated_sources().filter(object_id=translated.translation_key).exists()
    translated.intro = "新的介绍"
    translated.save_revision().publish()
    outdated = outdated_sources().get(object_id=translated.translation_key)
    assert outdated.locale.language_code == "zh-hans"


def test_the_report_lists_it_with_a_link_to_sync(translated, editor_client):
    translated.intro = "新的介绍"
    translated.save_revision().publish()
    response = editor_client.get("/admin/reports/outdated-translations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "居委会简介" in html
    assert "/admin/localize/update/" in html
    menu = editor_client.get("/admin/").content.decode()
    assert "/admin/reports/outdated-translations/" in menu


def test_syncing_takes_it_off_the_report(translated, editor_client):
    from wagtail_localize.models import TranslationSource

    translated.intro = "新的介绍"
    translated.save_revision().publish()
    source = TranslationSource.objects.get(object_id=translated.translation_key)
    response = editor_client.post(f"/admin/localize/update/{source.pk}/", {})
    assert response.status_code == 302
    assert not outdated_sources().filter(object_id=translated.translation_key).exists()
    english = translated.get_translation(Locale.objects.get(language_code="en"))
    assert english.title == "About the committee"
