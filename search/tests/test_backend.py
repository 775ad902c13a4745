"""search.backend: Wagtail's database backend, ranked in one pass in the index (SQLite and
PostgreSQL), with a bounded number of entries ranked on PostgreSQL."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from notices.models import NoticePage

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's ranking")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's ranking"
)


def _upstream():
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend({})
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return PostgresSearchBackend({})


def test_each_database_gets_the_portals_backend():
    chosen = get_search_backend()
    if connection.vendor == "sqlite":
        from search.sqlite_backend import SQLiteSearchBackend

        assert isinstance(chosen, SQLiteSearchBackend)
    else:
        from search.postgres_backend import PostgresSearchBackend

        assert isinstance(chosen, PostgresSearchBackend)


def test_same_results_in_the_same_order_as_wagtails_backend(portal_pages, zh):
    pages = Page.objects.live().filter(locale=zh)
    ours = get_search_backend()
    upstream = _upstream()
    for query in ["低保 复核", "停水", "申请 家庭", "居住证"]:
        mine = ours.search(query, pages, operator="or").annotate_score("_score")
        theirs = upstream.search(query, pages, operator="or").annotate_score("_score")
        assert [page.pk for page in mine] == [page.pk for page in theirs], query
        assert [page._score for page in mine] == pytest.approx([page._score for page in theirs])
        assert mine.count() == theirs.count()
        # The keys, content types and scores alone, in the same order, for the portal's ranking.
        ranked = ours.search(query, pages, operator="or").ranked(10)
        assert [(pk, content_type) for pk, content_type, _score in ranked] == [
            (page.pk, page.content_type_id) for page in theirs[:10]
        ]


def test_ranked_matches_load_no_page(portal_pages, zh):
    pages = Page.objects.live().filter(locale=zh)
    with CaptureQueriesContext(connection) as queries:
        ranked = get_search_backend().search("停水", pages, operator="or").ranked(10)
    assert portal_pages["water-cut"].pk in [pk for pk, _type, _score in ranked]
    # Keys, types and scores from the index; the pages are only checked (by key), not loaded.
    assert not [
        query
        for query in queries.captured_queries
        if '"title"' in query["sql"]
        and "wagtailcore_page" in query["sql"]
        and "indexentry" not in query["sql"]
    ]


def _water_cuts(portal_pages, titles_and_summaries):
    water_cut = portal_pages["water-cut"]
    index = water_cut.get_parent()
    made = []
    for number, (title, summary) in enumerate(titles_and_summaries):
        notice = NoticePage(
            title=title, slug=f"cut-{number}", summary=summary, category=water_cut.category
        )
        index.add_child(instance=notice)
        notice.save_revision().publish()
        made.append(notice)
    return made


@on_postgresql
def test_postgresql_reads_the_matches_through_the_index_for_this_query_only(portal_pages, zh):
    """The planner scanned the whole index table (0.8 s at 10,000 guides) when it expected many
    matches, and started parallel workers that took the cores other requests waited for; the
    search turns both off for its own query and restores the settings."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        ranked = (
            get_search_backend().search("停水", Page.objects.live().filter(locale=zh)).ranked(10)
        )
    assert ranked
    sql = [query["sql"] for query in queries.captured_queries]
    off = next(i for i, text in enumerate(sql) if "set_config('enable_seqscan', 'off'" in text)
    assert "set_config('max_parallel_workers_per_gather', '0'" in sql[off]
    searched = next(i for i, text in enumerate(sql) if "@@" in text)
    assert off < searched
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == workers


@on_postgresql
def test_postgresql_ranks_the_pages_whose_titles_match_when_many_match(
    portal_pages, zh, monkeypatch
):
    """Beyond RANKED_ENTRIES matches, only the entries whose titles hold the most query words (then
    the newest) are ranked by ts_rank: their bodies are the only ones read."""
    from search import postgres_backend

    titled, *mentions = _water_cuts(
        portal_pages,
        [
            ("东区停水通知", "周三检修。"),
            ("小区通知", "停水 停水 停水 停水 停水 停水 停水 停水，请储水。"),
            ("小区通知二", "停水 停水 停水 停水 停水 停水 停水，请储水。"),
        ],
    )
    pages = NoticePage.objects.live().filter(
        locale=zh, pk__in=[titled.pk, *[p.pk for p in mentions]]
    )
    backend = get_search_backend()
    # All three ranked: the body that says it seven or eight times comes first.
    everything = [pk for pk, _type, _score in backend.search("停水", pages).ranked(3)]
    assert everything[0] == mentions[0].pk
    assert set(everything) == {titled.pk, *[page.pk for page in mentions]}
    assert [page.pk for page in _upstream().search("停水", pages)][:1] == everything[:1]

    monkeypatch.setattr(postgres_backend, "RANKED_ENTRIES", 1)
    assert [pk for pk, _type, _score in backend.search("停水", pages).ranked(1)] == [titled.pk]
    # A slice that ends further still ranks everything it needs.
    assert len(backend.search("停水", pages).ranked(3)) == 3


@on_sqlite
def test_sqlite_passes_over_best_matches_that_are_not_searched_pages(portal_pages, zh, monkeypatch):
    """Only the best entries are checked against the searched pages at first; when too few of
    them are searched pages, every match is checked, so the answer is the same."""
    from search import sqlite_backend

    _water_cuts(portal_pages, [(f"第{n}期停水通知", "停水，" * (n + 1)) for n in range(5)])
    pages = NoticePage.objects.live().filter(locale=zh)
    best = [page.pk for page in _upstream().search("停水", pages)]
    monkeypatch.setattr(sqlite_backend, "CHECKED_ENTRIES", 1)
    # One result asked for: the three best entries are checked first, and none is searched.
    searched = pages.exclude(pk__in=best[:3])
    expected = [page.pk for page in _upstream().search("停水", searched)][:2]
    assert len(expected) == 2
    backend = get_search_backend()
    assert [hit[0] for hit in backend.search("停水", searched).ranked(1)] == expected[:1]
    assert [page.pk for page in backend.search("停水", searched)[:1]] == expected[:1]
    assert [hit[0] for hit in backend.search("停水", searched).ranked(2)] == expected
