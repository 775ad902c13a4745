"""Channel and regulation listings run the same number of queries at 10 and 500 items."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from education.models import ArticlePage, CoursePage, CourseSession, RegulationPage

pytestmark = pytest.mark.django_db


def _add(channel, pages):
    """Add live children quickly (no revisions: only the listing's reads are measured)."""
    for page in pages:
        channel.add_child(instance=page)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _articles(channel, start, count):
    _add(
        channel,
        [
            ArticlePage(title=f"文章{n}", slug=f"a{n}", summary="摘要")
            for n in range(start, start + count)
        ],
    )


def _regulations(channel, start, count):
    _add(
        channel,
        [
            RegulationPage(
                title=f"法规{n}",
                slug=f"r{n}",
                issuing_authority=["教育部", "北京市教委", "区教委"][n % 3],
                issue_date=datetime.date(2000 + n % 25, 1, 1),
                status=["in_force", "amended", "repealed"][n % 3],
            )
            for n in range(start, start + count)
        ],
    )


def _courses(channel, start, count):
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for n in range(start, start + count):
        course = CoursePage(
            title=f"课程{n}",
            slug=f"c{n}",
            teacher="李老师",
            venue="活动室",
            capacity=10,
            enrolment_opens=now,
            enrolment_closes=now + datetime.timedelta(days=30),
        )
        course.sessions = [
            CourseSession(
                date=datetime.date(2026, 2, 1), start=datetime.time(9), end=datetime.time(10)
            )
        ]
        channel.add_child(instance=course)


URLS = [
    "/education/",
    "/education/teachers/",
    "/education/regulations/",
    "/education/regulations/?status=amended&year=2004",
    "/education/school/",
]


def test_listing_queries_do_not_grow(
    client, settings, education_index, teachers_channel, regulations_channel, school
):
    # Only the listings' reads are measured: skip indexing the pages for search while adding.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }
    for maker, channel in (
        (_articles, teachers_channel),
        (_regulations, regulations_channel),
        (_courses, school),
    ):
        maker(channel, 0, 10)
    for url in URLS:
        client.get(url)  # warm caches (site root paths, content types)
    small = [_queries(client, url) for url in URLS]
    for maker, channel in (
        (_articles, teachers_channel),
        (_regulations, regulations_channel),
        (_courses, school),
    ):
        maker(channel, 10, 490)
    large = [_queries(client, url) for url in URLS]
    assert large == small
    assert max(small) <= 40
