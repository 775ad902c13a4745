"""The anonymous page cache: what it keeps, what it never keeps, and what empties it."""

import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import path

import pytest

from home.models import PortalSettings
from notices.tests.factories import NoticeCategoryFactory, NoticePageFactory
from portal.pagecache import HIT_HEADER


@pytest.fixture(autouse=True)
def page_cache():
    caches["pages"].clear()
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
        yield
    caches["pages"].clear()


def banner(response) -> str:
    found = re.search(r'<section class="site-alerts".*?</section>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def test_second_anonymous_view_is_served_from_the_cache(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert first[HIT_HEADER] == "miss"
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "zh-hans"
    assert "Content-Security-Policy" in second


def test_cached_view_makes_no_sql_query(client, home_page, django_assert_num_queries):
    client.get("/en/")
    with django_assert_num_queries(0):
        assert client.get("/en/")[HIT_HEADER] == "hit"


def test_languages_and_display_modes_are_cached_apart(client, home_page, home_page_en):
    chinese = client.get("/")
    english = client.get("/en/")
    assert english[HIT_HEADER] == "miss"
    assert english.content != chinese.content
    client.cookies[settings.DISPLAY_MODE_COOKIE] = "elderly"
    large = client.get("/")
    assert large[HIT_HEADER] == "miss"
    assert "display-elderly" in large.content.decode()
    assert client.get("/")[HIT_HEADER] == "hit"


def test_publishing_an_urgent_notice_changes_the_cached_home_page(client, home_page):
    category = NoticeCategoryFactory()
    assert client.get("/")[HIT_HEADER] == "miss"
    assert client.get("/")[HIT_HEADER] == "hit"
    assert "3号楼紧急停水" not in banner(client.get("/"))

    notice = NoticePageFactory(category=category, urgency="urgent", title="3号楼紧急停水")
    fresh = client.get("/")
    assert fresh[HIT_HEADER] == "miss"
    assert "3号楼紧急停水" in banner(fresh)
    assert client.get("/")[HIT_HEADER] == "hit"

    notice.unpublish()
    after = client.get("/")
    assert after[HIT_HEADER] == "miss"
    assert "3号楼紧急停水" not in banner(after)


def test_editing_a_published_notice_changes_its_cached_page(client, home_page):
    notice = NoticePageFactory(title="社区活动通知", summary="周六上午九点开始。")
    url = notice.get_url()
    assert "周六上午九点开始" in client.get(url).content.decode()
    assert client.get(url)[HIT_HEADER] == "hit"
    notice.summary = "改到周日上午九点。"
    notice.save_revision().publish()
    edited = client.get(url)
    assert edited[HIT_HEADER] == "miss"
    assert "改到周日上午九点" in edited.content.decode()


def test_changing_the_site_settings_changes_every_cached_page(client, home_page):
    client.get("/")
    assert client.get("/")[HIT_HEADER] == "hit"
    site_settings = PortalSettings.for_site(home_page.get_site())
    site_settings.hotline = "0816-7654321"
    site_settings.save()
    fresh = client.get("/")
    assert fresh[HIT_HEADER] == "miss"
    assert "0816-7654321" in fresh.content.decode()


def test_signed_in_residents_are_never_served_or_stored(client, home_page, django_user_model):
    user = django_user_model.objects.create_user(
        username="li", email="li@example.com", password="x" * 12
    )
    client.get("/")  # an anonymous copy is in the cache now
    client.force_login(user)
    signed_in = client.get("/")
    assert HIT_HEADER not in signed_in
    assert signed_in.wsgi_request.user == user
    client.logout()
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    assert b"li@example.com" not in client.get("/").content


def test_waiting_messages_skip_the_cache(client, home_page):
    client.get("/")
    client.cookies["messages"] = "anything"
    assert HIT_HEADER not in client.get("/")


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/en/accounts/login/", "/complaints/", "/search/?q=低保", "/admin/"],
)
def test_excluded_paths_are_never_cached(client, home_page, path):
    client.get(path)
    assert HIT_HEADER not in client.get(path)


def form_page(request):
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


def plain_page(request):
    return HttpResponse("<p>plain</p>")


def private_page(request):
    response = HttpResponse("<p>yours</p>")
    response["Cache-Control"] = "private"
    return response


urlpatterns = [
    path("form/", form_page),
    path("plain/", plain_page),
    path("private/", private_page),
]


@override_settings(ROOT_URLCONF=__name__)
def test_pages_with_a_csrf_token_or_marked_private_are_not_kept(client, db):
    client.get("/plain/")
    assert client.get("/plain/")[HIT_HEADER] == "hit"
    for form_path in ["/form/", "/private/"]:
        client.get(form_path)
        assert HIT_HEADER not in client.get(form_path), form_path
    # A visitor who already has a CSRF cookie gets a form with a token from it: not kept either.
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    client.get("/form/")
    assert HIT_HEADER not in client.get("/form/")
    assert client.get("/plain/")[HIT_HEADER] == "hit"


def test_etag_and_last_modified_answer_304(client, home_page):
    first = client.get("/")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_switched_off_with_zero_seconds(client, home_page):
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
        client.get("/")
        assert HIT_HEADER not in client.get("/")
