"""Routes kept between requests (portal/routes.py), exercised on notices and their index.

The notice index is a routable page (feeds, categories) with a route of its own for expired
notices, so it is where a kept route could go wrong.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

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
