"""search.backend: Wagtail's database backend, with SQLite's ranking done in one pass."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from notices.models import NoticePage

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backend's ranking; PostgreSQL uses Wagtail's"
)


def test_sqlite_gets_the_one_pass_backend_and_other_databases_wagtails():
    chosen = get_search_backend()
    if connection.vendor == "sqlite":
        from search.sqlite_backend import SQLiteSearchBackend

        assert isinstance(chosen, SQLiteSearchBackend)
    else:
        assert type(chosen).__module__.startswith("modelsearch.backends.database.postgres")


@on_sqlite
def test_same_results_in_the_same_order_as_wagtails_backend(portal_pages, zh):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as Upstream

    pages = Page.objects.live().filter(locale=zh)
    ours = get_search_backend()
    upstream = Upstream({})
    for query in ["低保 复核", "停水", "申请 家庭", "居住证"]:
        mine = ours.search(query, pages, operator="or").annotate_score("_score")
        theirs = upstream.search(query, pages, operator="or").annotate_score("_score")
        assert [(page.pk, page._score) for page in mine] == [
            (page.pk, page._score) for page in theirs
        ], query
        assert mine.count() == theirs.count()


@on_sqlite
def test_the_match_runs_once_however_many_pages_match(portal_pages, zh, home_page):
    water_cut = portal_pages["water-cut"]
    index = water_cut.get_parent()
    for number in range(30):
        notice = NoticePage(
            title=f"第{number}期停水通知",
            slug=f"water-{number}",
            summary="停水",
            category=water_cut.category,
        )
        index.add_child(instance=notice)
        notice.save_revision().publish()
    pages = Page.objects.live().filter(locale=zh)
    with CaptureQueriesContext(connection) as queries:
        found = list(get_search_backend().search("停水", pages)[:10])
    assert len(found) == 10
    matches = [query["sql"].count("MATCH") for query in queries.captured_queries]
    assert sum(matches) == 1, queries.captured_queries
    assert len(queries.captured_queries) == 2  # the ranked entries, then the ten pages


@on_sqlite
def test_filters_of_the_searched_queryset_still_apply(portal_pages, zh):
    notices = NoticePage.objects.live().filter(locale=zh).exclude(pk=portal_pages["water-cut"].pk)
    found = list(get_search_backend().search("停水", notices))
    assert portal_pages["water-cut"].pk not in [page.pk for page in found]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_postgresql_searches_title_and_body_through_their_index(portal_pages, zh):
    with CaptureQueriesContext(connection) as queries:
        list(get_search_backend().search("停水", Page.objects.live().filter(locale=zh)))
    searched = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert any(searched in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('停水')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan
