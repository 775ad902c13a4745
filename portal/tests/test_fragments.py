"""The parts every page shares, kept between requests: what they save and what rebuilds them."""

import re

from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import PortalSettings, StandardPage
from notices.tests.factories import NoticeCategoryFactory, NoticePageFactory
from portal import fragments, pagecache


@pytest.fixture(autouse=True)
def shared_parts():
    caches["pages"].clear()
    fragments.clear()
    with override_settings(PORTAL_FRAGMENT_CACHE_SECONDS=60):
        yield
    fragments.clear()
    caches["pages"].clear()


def menu(response) -> list[str]:
    found = re.search(r'<nav class="main-menu".*?</nav>', response.content.decode(), re.S)
    assert found, "no main menu"
    return re.findall(r"<a [^>]*>\s*([^<]+?)\s*</a>", found.group(0))


def banner(response) -> str:
    found = re.search(r'<section class="site-alerts".*?</section>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def test_built_once_then_kept_until_the_generation_changes():
    request = RequestFactory().get("/")
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert fragments.shared(request, "thing", build) == 1
    assert fragments.shared(RequestFactory().get("/"), "thing", build) == 1
    pagecache.invalidate()
    assert fragments.shared(RequestFactory().get("/"), "thing", build) == 2


def test_kept_apart_by_host_and_language():
    from django.utils import translation

    counter = iter(range(100))
    # The language is set here: a language left active by an earlier test must not decide it.
    with translation.override("zh-hans"):
        first = fragments.shared(RequestFactory().get("/"), "thing", lambda: next(counter))
        other_host = fragments.shared(
            RequestFactory(HTTP_HOST="localhost").get("/"), "thing", lambda: next(counter)
        )
    with translation.override("en"):
        english = fragments.shared(RequestFactory().get("/"), "thing", lambda: next(counter))
    assert len({first, other_host, english}) == 3


def test_rebuilt_after_the_time_limit(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: now[0])
    calls = []
    fragments.shared(RequestFactory().get("/"), "thing", lambda: calls.append(1))
    now[0] += 59
    fragments.shared(RequestFactory().get("/"), "thing", lambda: calls.append(1))
    assert len(calls) == 1
    now[0] += 2
    fragments.shared(RequestFactory().get("/"), "thing", lambda: calls.append(1))
    assert len(calls) == 2


def test_untimed_parts_are_kept_past_the_time_limit_until_a_publish(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: now[0])
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    assert fragments.shared(RequestFactory().get("/"), "count", count, timed=False) == 1
    now[0] += 24 * 3600
    assert fragments.shared(RequestFactory().get("/"), "count", count, timed=False) == 1
    pagecache.invalidate()
    assert fragments.shared(RequestFactory().get("/"), "count", count, timed=False) == 2


def test_the_store_is_bounded(monkeypatch):
    monkeypatch.setattr(fragments, "MAX_ENTRIES", 3)
    for number in range(10):
        fragments.shared(RequestFactory().get("/"), f"page:{number}", lambda n=number: n)
    assert len(fragments._store) <= 3


@override_settings(PORTAL_FRAGMENT_CACHE_SECONDS=0)
def test_switched_off_with_zero_seconds():
    calls = []
    for _ in range(2):
        fragments.shared(RequestFactory().get("/"), "thing", lambda: calls.append(1))
    assert len(calls) == 2


def test_a_page_built_again_makes_fewer_queries(client, home_page):
    def queries_of_second_view() -> int:
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries.captured_queries)

    with override_settings(PORTAL_FRAGMENT_CACHE_SECONDS=0):
        built_each_time = queries_of_second_view()
    kept = queries_of_second_view()
    # Menu, footer, settings, banner, site, locales and the home page's sections and notices.
    assert kept <= built_each_time - 10


def test_publishing_a_section_puts_it_in_every_menu_at_once(client, home_page):
    before = menu(client.get("/"))
    assert "社区食堂" not in before
    page = StandardPage(title="社区食堂", slug="canteen", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert "社区食堂" in menu(client.get("/"))
    page.unpublish()
    assert menu(client.get("/")) == before


def test_an_urgent_notice_reaches_the_banner_at_once(client, home_page):
    assert "燃气抢修" not in banner(client.get("/about/"))
    notice = NoticePageFactory(category=NoticeCategoryFactory(), urgency="urgent", title="燃气抢修")
    assert "燃气抢修" in banner(client.get("/about/"))
    notice.unpublish()
    assert "燃气抢修" not in banner(client.get("/about/"))


def test_settings_saved_show_at_once(client, home_page):
    client.get("/")
    settings_ = PortalSettings.for_request(RequestFactory().get("/"))
    settings_.hotline = "010-8888 6666"
    settings_.save()
    assert "010-8888 6666" in client.get("/").content.decode()


def current_items(response) -> list[str]:
    nav = re.search(r'<nav class="main-menu".*?</nav>', response.content.decode(), re.S)[0]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_signed_in_people_share_links_but_not_the_current_page_or_account(
    client, home_page, django_user_model
):
    about = client.get("/about/")
    assert current_items(about) == ["关于居委会"]
    assert current_items(client.get("/")) == ["首页"]
    user = django_user_model.objects.create_user("wang", password="x-secret-9")
    client.force_login(user)
    signed_in = client.get("/about/")
    assert current_items(signed_in) == ["关于居委会"]
    assert menu(signed_in)[:-1] == menu(about)[:-1]
    assert menu(signed_in)[-1] == "我的门户"
    client.logout()
    assert menu(client.get("/about/"))[-1] == "登录"


def breadcrumbs(response) -> list[str]:
    found = re.search(r'<nav class="breadcrumbs".*?</nav>', response.content.decode(), re.S)
    assert found, "no breadcrumbs"
    return re.findall(r"<a [^>]*>\s*([^<]+?)\s*</a>", found.group(0))


def test_the_home_notices_box_is_rendered_once_until_a_publish(client, home_page):
    NoticePageFactory(category=NoticeCategoryFactory(), title="停水通知")
    first = client.get("/")
    assert "停水通知" in first.content.decode()
    again = client.get("/")
    assert "notices/includes/notice_item.html" not in [t.name for t in again.templates]
    assert again.content.decode().count("停水通知") == first.content.decode().count("停水通知")
    NoticePageFactory(category=NoticeCategoryFactory(), title="电梯检修")
    assert "电梯检修" in client.get("/").content.decode()


def test_a_notice_built_again_reads_only_its_own_row(client, home_page):
    notice = NoticePageFactory(category=NoticeCategoryFactory(name="水电"), title="停水通知")
    url = notice.get_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200
    # The breadcrumbs, the link back, the category, the translations and the view restrictions
    # are kept with the shared parts; the route gives the page by its key.
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert again.content == first.content
    assert "水电" in again.content.decode()


def test_breadcrumbs_follow_a_renamed_section_at_once(client, home_page):
    notice = NoticePageFactory(category=NoticeCategoryFactory(), title="停水通知")
    url = notice.get_url()
    index = notice.get_parent().specific
    assert index.title in breadcrumbs(client.get(url))
    index.title = "社区公告栏"
    index.save_revision().publish()
    assert "社区公告栏" in breadcrumbs(client.get(url))
