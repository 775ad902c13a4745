"""An editor translates a page in Wagtail's admin with wagtail-localize, and it is published."""

from django.contrib.auth.models import Group

from wagtail.models import Locale

import pytest
from wagtail_localize.models import StringSegment, Translation

from accounts.models import User
from home.models import StandardPage

pytestmark = pytest.mark.django_db

ENGLISH = {
    "居民议事规则": "Residents' council rules",
    "每月第一个周六上午开会。": "The council meets on the first Saturday morning of each month.",
    "council-rules": "council-rules",
}


@pytest.fixture
def source_page(home_page):
    page = StandardPage(
        title="居民议事规则", slug="council-rules", intro="每月第一个周六上午开会。"
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def member(group: str) -> User:
    user = User.objects.create_user(group.lower(), f"{group.lower()}@example.com", "pw-123456789")
    user.groups.add(Group.objects.get(name=group))
    return user


def translate_in_admin(client, page) -> StandardPage:
    english = Locale.objects.get(language_code="en")
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    assert segments.count() >= 2
    for segment in segments:
        response = client.put(
            f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
            data=f"value={ENGLISH.get(segment.string.data, segment.string.data)}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content
    return StandardPage.objects.get(translation_key=page.translation_key, locale=english)


def test_moderator_translates_and_publishes(
    client, source_page, django_capture_on_commit_callbacks
):
    client.force_login(member("Moderators"))
    target = translate_in_admin(client, source_page)
    assert not target.live
    # wagtail-localize publishes once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302

    html = client.get("/en/council-rules/").content.decode()
    assert "<h1>Residents&#x27; council rules</h1>" in html
    assert "first Saturday morning" in html
    # The Chinese page now offers its English translation.
    assert 'href="/en/council-rules/"' in client.get("/council-rules/").content.decode()


def test_editor_translates_but_cannot_publish(
    client, source_page, django_capture_on_commit_callbacks
):
    client.force_login(member("Editors"))
    target = translate_in_admin(client, source_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{target.pk}/edit/", {"action": "publish"})
    assert not StandardPage.objects.get(pk=target.pk).live
    assert client.get("/en/council-rules/").status_code == 404
