"""RSS 2.0 and Atom feeds of notices, all and per category, in both languages."""

import datetime

from django.utils import timezone

import feedparser
import pytest

from notices.tests.factories import (
    NoticeCategoryFactory,
    NoticeIndexPageFactory,
    NoticePageFactory,
    translate_category,
    translate_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices():
    """Three notices a day apart in two categories; the newest two translated into English."""
    index = NoticeIndexPageFactory()
    translate_page(index, title="Notices", intro="News from the committee.")
    water = NoticeCategoryFactory(slug="water-power", name="停水停电")
    events = NoticeCategoryFactory(slug="events", name="社区活动")
    translate_category(water, name="Water and power cuts")
    translate_category(events, name="Community events")
    now = timezone.now().replace(microsecond=0)
    oldest = NoticePageFactory(
        parent=index,
        category=water,
        slug="water-monday",
        title="周一停水",
        published_at=now - datetime.timedelta(days=3),
    )
    middle = NoticePageFactory(
        parent=index,
        category=events,
        slug="council",
        title="居民议事会",
        published_at=now - datetime.timedelta(days=2),
    )
    newest = NoticePageFactory(
        parent=index,
        category=water,
        slug="power-friday",
        title="周五停电",
        published_at=now - datetime.timedelta(days=1),
    )
    # A draft never appears in a feed.
    NoticePageFactory(parent=index, category=water, slug="draft", title="草稿", publish=False)
    for notice, title in [(middle, "Residents' council"), (newest, "Power off on Friday")]:
        translated = translate_page(notice, title=title)
        type(translated).objects.filter(pk=translated.pk).update(
            first_published_at=notice.first_published_at
        )
    return {"index": index, "oldest": oldest, "middle": middle, "newest": newest}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def published(entry) -> datetime.datetime:
    return datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_chinese_feed_lists_every_notice_newest_first(client, notices, kind):
    response, feed = parse(client, f"/notices/feed/{kind}/")
    expected = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    assert response["Content-Type"].startswith(expected)
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert feed.feed.title == "通知公告"
    assert feed.feed.link == "http://testserver/notices/"

    order = [notices["newest"], notices["middle"], notices["oldest"]]
    assert [entry.title for entry in feed.entries] == [notice.title for notice in order]
    for entry, notice in zip(feed.entries, order, strict=True):
        assert published(entry) == notice.first_published_at
        assert entry.link == f"http://testserver/notices/{notice.slug}/"
        assert entry.summary == notice.summary


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_english_feed_lists_the_english_translations(client, notices, kind):
    _response, feed = parse(client, f"/en/notices/feed/{kind}/")
    assert feed.feed.title == "Notices"
    assert feed.feed.link == "http://testserver/en/notices/"
    assert [entry.title for entry in feed.entries] == ["Power off on Friday", "Residents' council"]
    assert [entry.link for entry in feed.entries] == [
        "http://testserver/en/notices/power-friday/",
        "http://testserver/en/notices/council/",
    ]
    assert [published(entry) for entry in feed.entries] == [
        notices["newest"].first_published_at,
        notices["middle"].first_published_at,
    ]


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/notices/category/water-power/feed/rss/", ["周五停电", "周一停水"]),
        ("/notices/category/events/feed/atom/", ["居民议事会"]),
        ("/en/notices/category/water-power/feed/atom/", ["Power off on Friday"]),
        ("/en/notices/category/events/feed/rss/", ["Residents' council"]),
    ],
)
def test_category_feed_holds_only_that_category(client, notices, url, titles):
    _response, feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == titles
    assert all(entry.link.startswith("http://testserver/") for entry in feed.entries)


@pytest.mark.parametrize(
    "url",
    [
        "/notices/category/no-such-category/feed/rss/",
        "/en/notices/category/no-such-category/feed/atom/",
        "/notices/feed/xml/",
        "/en/notices/category/events/feed/xml/",
    ],
)
def test_unknown_category_or_kind_is_not_found(client, notices, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "feed_url"),
    [("/notices/", "/notices/feed/rss/"), ("/en/notices/", "/en/notices/feed/rss/")],
)
def test_listing_links_to_its_feeds(client, notices, url, feed_url):
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{feed_url}"' in html
    assert 'type="application/atom+xml"' in html


def test_category_listing_links_to_the_category_feed(client, notices):
    html = client.get("/notices/?category=events").content.decode()
    assert 'href="/notices/category/events/feed/rss/"' in html
