"""The notice list, feeds and archive cost the same however many notices the archive holds.

The list shows pinned notices first, then the newest. Sorting on "pinned, then date" in one query
made the database sort every live notice before returning ten (1.2 s at 100,000 notices on
PostgreSQL); ``PinnedFirst`` reads the pinned ones and then the date index, newest first.
"""

import datetime
import json

from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from notices.models import NOTICES_PER_PAGE, NoticePage, PinnedFirst


def _notices(index, category, count: int, *, start: int = 0, pinned_every: int = 0):
    from bench.pages import bulk_add_children

    now = timezone.now()
    pages = []
    for number in range(start, start + count):
        pinned = pinned_every and number % pinned_every == 0
        pages.append(
            NoticePage(
                title=f"通知 {number}",
                slug=f"bulk-{number}",
                summary="摘要",
                category=category,
                first_published_at=now - datetime.timedelta(hours=number),
                pinned_until=(
                    now + datetime.timedelta(days=1 + number % 3)
                    if pinned
                    else (now - datetime.timedelta(days=1) if number % 5 == 0 else None)
                ),
            )
        )
    bulk_add_children(index, pages)


def _expected_order(index) -> list[int]:
    now = timezone.now()
    notices = list(index.notices().filter(live=True))
    notices.sort(
        key=lambda n: (
            bool(n.pinned_until and n.pinned_until > now),
            n.first_published_at,
            n.pk,
        ),
        reverse=True,
    )
    return [n.pk for n in notices]


def test_pages_of_pinned_first_list_every_live_notice_once_in_order(notice_index, categories):
    _notices(notice_index, categories["water-power"], 47, pinned_every=4)
    expected = _expected_order(notice_index)
    listing = PinnedFirst(notice_index.notices().filter(live=True))
    assert listing.count() == len(expected) == 47
    # Every window a paginator or a caller can ask for, across the pinned/unpinned boundary.
    for start in range(0, 50):
        for stop in range(start, start + 2 * NOTICES_PER_PAGE):
            assert [n.pk for n in listing[start:stop]] == expected[start:stop], (start, stop)


def test_the_index_pages_follow_the_same_order(client, notice_index, categories):
    _notices(notice_index, categories["water-power"], 25, pinned_every=6)
    expected_titles = [NoticePage.objects.get(pk=pk).title for pk in _expected_order(notice_index)]
    shown = []
    for number in (1, 2, 3):
        html = client.get(f"/notices/?page={number}").content.decode()
        shown += [t for t in expected_titles if f">{t}<" in html]
    assert shown == expected_titles


def _rows_read(queryset) -> int:
    """Rows the database reads to answer ``queryset``: every scan's output and what it filtered."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node) -> int:
        read = 0
        if "Scan" in node["Node Type"] and node.get("Relation Name", "").startswith(
            ("wagtailcore_page", "notices_noticepage")
        ):
            read += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node[
                "Actual Loops"
            ]
        return read + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def _list_queries(index):
    live = index.notices().filter(live=True)
    listing = PinnedFirst(live)
    return {
        "pinned": listing._pinned[:NOTICES_PER_PAGE],
        "newest": listing._rest[:NOTICES_PER_PAGE],
        "feed": live.order_by("-first_published_at", "-pk")[:30],
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans of PostgreSQL (make test runs both)"
)
def test_list_and_feed_read_the_same_rows_at_200_and_5000_notices(notice_index, categories):
    category = categories["water-power"]
    _notices(notice_index, category, 200, pinned_every=50)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    small = {name: _rows_read(qs) for name, qs in _list_queries(notice_index).items()}
    _notices(notice_index, category, 4800, start=200, pinned_every=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    large = {name: _rows_read(qs) for name, qs in _list_queries(notice_index).items()}
    # The measure sees growth: one query sorting on "pinned, then date" reads the whole archive.
    now = timezone.now()
    one_query = (
        notice_index.notices()
        .filter(live=True)
        .annotate(
            pinned=Case(
                When(pinned_until__gt=now, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-pinned", "-first_published_at", "-pk")[:NOTICES_PER_PAGE]
    )
    assert _rows_read(one_query) >= 5000
    for name in small:
        # A page reads a page's worth of rows (plus the few pinned ones), never the archive.
        assert large[name] <= small[name] + 20, (name, small, large)
        assert large[name] < 200, (name, large)


def test_archive_months_and_count_are_kept_until_the_next_publish(
    settings, notice_index, categories, django_assert_num_queries, monkeypatch
):
    from portal import fragments, pagecache

    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 60
    fragments.clear()
    now = [1000.0]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: now[0])
    _notices(notice_index, categories["water-power"], 30)
    request = RequestFactory().get("/notices/", HTTP_HOST="localhost")
    first = notice_index.archive_months(request)
    assert sum(item["count"] for item in first) == 30
    with django_assert_num_queries(0):
        assert notice_index.archive_months(request) == first
    # Not counted again when the minute of the other shared parts has passed: only a publish
    # changes the counts, and counting the archive every minute grows with the archive.
    notice_index.get_notices(request)
    now[0] += 3600
    with django_assert_num_queries(0):
        assert notice_index.archive_months(request) == first
    with CaptureQueriesContext(connection) as queries:
        listed = notice_index.get_notices(request)
    assert listed["notices"].paginator.count == 30
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()], queries
    pagecache.invalidate()  # what a publish does
    _notices(notice_index, categories["water-power"], 5, start=30)
    request = RequestFactory().get("/notices/", HTTP_HOST="localhost")
    assert sum(item["count"] for item in notice_index.archive_months(request)) == 35
