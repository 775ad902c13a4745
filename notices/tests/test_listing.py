import datetime
import re

from django.core.management import call_command
from django.utils import timezone

import pytest

from notices.models import NoticePage

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="notice-item__title"><a href="[^"]+">([^<]+)</a>', html)


def test_pinned_first_then_newest(client, make_notice):
    make_notice("old", days_ago=10, title="旧通知")
    make_notice("newest", days_ago=0, title="最新通知")
    make_notice(
        "pinned",
        days_ago=20,
        title="置顶通知",
        pinned_until=timezone.now() + datetime.timedelta(days=1),
    )
    make_notice(
        "pin-over",
        days_ago=1,
        title="置顶已过",
        pinned_until=timezone.now() - datetime.timedelta(days=1),
    )
    html = client.get("/notices/").content.decode()
    assert titles(html) == ["置顶通知", "最新通知", "置顶已过", "旧通知"]
    assert "置顶" in html


def test_new_marker_only_for_three_days(client, make_notice):
    make_notice("fresh", days_ago=1, title="新的")
    make_notice("stale", days_ago=4, title="旧的")
    html = client.get("/notices/").content.decode()
    fresh = html[html.index("新的") :][:600]
    stale = html[html.index("旧的") :][:600]
    assert "badge--ok" in fresh
    assert "badge--ok" not in stale


def test_filter_by_category(client, make_notice):
    make_notice("cut", category="water-power", title="停水")
    make_notice("party", category="events", title="联欢会")
    assert titles(client.get("/notices/?category=events").content.decode()) == ["联欢会"]
    # The English listing filters by the English category's slug.
    assert len(titles(client.get("/en/notices/?category=events").content.decode())) == 0


def test_unknown_category_is_explained_not_an_error(client, make_notice):
    make_notice("cut", title="停水")
    response = client.get("/notices/?category=no-such-thing")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-such-thing" in html
    assert "显示全部通知" in html
    assert titles(html) == ["停水"]


@pytest.mark.parametrize("query", ["page=999", "page=abc", "year=abc", "year=2026&month=13"])
def test_bad_page_or_month_is_explained(client, make_notice, query):
    make_notice("cut", title="停水")
    response = client.get(f"/notices/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="notice-box notice-box--warn"' in html
    assert titles(html) == ["停水"]


def test_pagination_keeps_the_filter(client, make_notice):
    for number in range(12):
        make_notice(f"n{number}", category="events", days_ago=number)
    html = client.get("/notices/?category=events").content.decode()
    assert len(titles(html)) == 10
    assert "?category=events&amp;page=2" in html
    assert len(titles(client.get("/notices/?category=events&page=2").content.decode())) == 2


def test_month_archive(client, make_notice):
    make_notice("this-month", days_ago=0, title="本月")
    old = make_notice("long-ago", days_ago=70, title="两个月前")
    published = timezone.localtime(old.first_published_at)
    html = client.get(f"/notices/?year={published.year}&month={published.month}").content.decode()
    assert titles(html) == ["两个月前"]
    index = client.get("/notices/").content.decode()
    assert f"year={published.year}&amp;month={published.month}" in index


def test_expired_notice_leaves_the_list_but_stays_in_the_archive(client, make_notice):
    notice = make_notice("expired-one", days_ago=5, title="已结束的活动")
    NoticePage.objects.filter(pk=notice.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("publish_scheduled")
    notice.refresh_from_db()
    assert notice.expired and not notice.live

    assert "已结束的活动" not in titles(client.get("/notices/").content.decode())
    published = timezone.localtime(notice.first_published_at)
    archive = client.get(
        f"/notices/?year={published.year}&month={published.month}"
    ).content.decode()
    assert "已结束的活动" in titles(archive)
    detail = client.get("/notices/expired-one/")
    assert detail.status_code == 200
    assert "这条通知已过期" in detail.content.decode()


def test_unpublished_notice_is_not_reachable(client, make_notice):
    notice = make_notice("withdrawn", title="撤回的通知")
    notice.unpublish()
    assert client.get("/notices/withdrawn/").status_code == 404
    assert "撤回的通知" not in client.get("/notices/").content.decode()


def test_detail_shows_event_public_display_and_badges(client, make_notice):
    today = timezone.localdate()
    make_notice(
        "display",
        title="公益金项目公示",
        urgency="important",
        display_start=today - datetime.timedelta(days=1),
        display_end=today + datetime.timedelta(days=6),
        event_start=timezone.now() + datetime.timedelta(days=2),
        event_place="党群服务中心二楼",
    )
    html = client.get("/notices/display/").content.decode()
    assert "公示期" in html
    assert (today + datetime.timedelta(days=6)).isoformat() in html
    assert "党群服务中心二楼" in html
    assert "badge--warn" in html  # important


def _add_notices(index, category, start: int, stop: int) -> None:
    for number in range(start, stop):
        index.add_child(
            instance=NoticePage(
                title=f"通知 {number}",
                slug=f"n{number}",
                summary="摘要",
                category=category,
                live=True,
                first_published_at=timezone.now() - datetime.timedelta(minutes=number),
            )
        )


def _count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm Wagtail's site caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_listing_and_detail_query_counts_do_not_grow(client, make_notice, categories):
    first = make_notice("n0")
    index = first.get_parent()
    _add_notices(index, categories["water-power"], 1, 10)
    at_10 = [_count_queries(client, path) for path in ("/notices/", "/notices/n0/", "/")]
    _add_notices(index, categories["water-power"], 10, 500)
    at_500 = [_count_queries(client, path) for path in ("/notices/", "/notices/n0/", "/")]
    assert at_10 == at_500
