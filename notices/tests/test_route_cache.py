"""Routes kept between requests (portal/routes.py), exercised on notices and their index.

The notice index is a routable page (feeds, categories) with a route of its own for expired
notices, so it is where a kept route could go wrong.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, PageViewRestriction

import pytest

from portal import fragments, routes


@pytest.fixture
def kept_routes(settings):
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 60
    fragments.clear()
    routes.clear()
    yield routes
    routes.clear()
    fragments.clear()


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def _tables_read(client, path) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_a_kept_route_serves_the_same_page_with_fewer_queries(client, make_notice, kept_routes):
    make_notice("water-cut", title="停水通知")
    first, first_queries = _get(client, "/notices/water-cut/")
    again, again_queries = _get(client, "/notices/water-cut/")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again_queries < first_queries
    # Sub-routes of a routable page are kept with their view and arguments.
    feed = client.get("/notices/feed/rss/")
    assert client.get("/notices/feed/rss/").content == feed.content
    assert "停水通知" in feed.content.decode()


def test_unpublishing_forgets_the_route(client, make_notice, kept_routes):
    notice = make_notice("water-cut")
    assert client.get("/notices/water-cut/").status_code == 200
    notice.unpublish()
    assert client.get("/notices/water-cut/").status_code == 404


def test_paths_without_a_page_are_not_kept_and_the_store_is_bounded(
    client, make_notice, kept_routes, monkeypatch
):
    for number in range(3):
        make_notice(f"n{number}")
    for number in range(20):
        assert client.get(f"/notices/missing-{number}/").status_code == 404
    assert len(kept_routes._routes) == 0
    monkeypatch.setattr(kept_routes, "MAX_ROUTES", 2)
    for number in range(3):
        assert client.get(f"/notices/n{number}/").status_code == 200
    assert len(kept_routes._routes) <= 2


def test_a_private_page_stays_private_when_its_route_is_kept(client, make_notice, kept_routes):
    notice = make_notice("private")
    assert client.get("/notices/private/").status_code == 200
    PageViewRestriction.objects.create(page=notice, restriction_type="login")
    response = client.get("/notices/private/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_page_under_no_restriction_is_served_without_asking(client, make_notice, kept_routes):
    make_notice("water-cut")
    client.get("/notices/water-cut/")
    assert "wagtailcore_pageviewrestriction" not in _tables_read(client, "/notices/water-cut/")


def test_a_restriction_on_an_ancestor_applies_at_once(
    client, make_notice, notice_index, kept_routes
):
    make_notice("water-cut")
    assert client.get("/notices/water-cut/").status_code == 200
    restriction = PageViewRestriction.objects.create(page=notice_index, restriction_type="login")
    response = client.get("/notices/water-cut/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    restriction.delete()
    assert client.get("/notices/water-cut/").status_code == 200


def test_translations_are_looked_up_once_until_the_next_publish(client, make_notice, kept_routes):
    notice = make_notice("water-cut")
    client.get("/notices/water-cut/")
    assert 'rel="alternate" hreflang="en"' not in client.get("/notices/water-cut/").content.decode()
    assert '"wagtailcore_page"."translation_key" =' not in _tables_read(
        client, "/notices/water-cut/"
    )
    english = notice.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    assert 'rel="alternate" hreflang="en"' in client.get("/notices/water-cut/").content.decode()
