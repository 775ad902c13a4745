"""The search page, the JSON API, promoted results, the query log and the editors' reports."""

import json

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from accounts.models import User
from search.models import DictionaryWord, QueryDay, log_query

pytestmark = pytest.mark.django_db


def test_search_page_shows_marked_results_facets_and_the_code_of_nothing(client, portal_pages):
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert '<a class="search-result__title" href="/notices/dibao-review/">' in html
    assert "<mark>低保</mark>" in html
    assert "?q=%E4%BD%8E%E4%BF%9D&amp;section=notices" in html  # the section facet link


def test_section_page_has_category_facets_that_filter(client, portal_pages):
    html = client.get("/search/", {"q": "申请 停水 老人", "section": "notices"}).content.decode()
    assert '政策通知 <span class="count">(2)</span>' in html
    filtered = client.get(
        "/search/", {"q": "申请 停水 老人", "section": "notices", "category": "停水停电"}
    ).content.decode()
    assert filtered.count('class="search-result__title"') == 1
    assert '<span aria-current="true">停水停电' in filtered


def test_did_you_mean_links_to_the_corrected_query(client, portal_pages):
    html = client.get("/search/", {"q": "公租防"}).content.decode()
    assert 'href="?q=%E5%85%AC%E7%A7%9F%E6%88%BF"' in html  # ?q=公租房
    assert "公租房</mark>申请受理开始" in html


def test_zero_results_offer_ideas_popular_searches_and_the_hotline(client, portal_pages):
    for number in range(5):  # suggested once 5 different visitors searched it
        log_query("停水", "zh-hans", 3, visitor=f"192.0.2.{number}")
    html = client.get("/search/", {"q": "宇宙飞船"}).content.decode()
    assert 'id="empty-heading"' in html
    assert '<a href="?q=%E5%81%9C%E6%B0%B4">停水</a>' in html
    hotline = html.split('class="search-empty__hotline"')[1].split("</p>")[0]
    assert "010-6512 3456" in hotline


def test_pagination_keeps_the_query_and_filters(client, portal_pages, settings):
    from search import views

    views.RESULTS_PER_PAGE, saved = 2, views.RESULTS_PER_PAGE
    try:
        html = client.get("/search/", {"q": "申请 停水 老人 低保", "section": "notices"}).content
        assert b"page=2" in html and b"section=notices" in html
        second = client.get(
            "/search/", {"q": "申请 停水 老人 低保", "section": "notices", "page": "2"}
        )
        assert second.status_code == 200
        assert b'start="3"' in second.content
        assert client.get("/search/", {"q": "低保", "page": "999"}).status_code == 200
        assert client.get("/search/", {"q": "低保", "page": "x"}).status_code == 200
    finally:
        views.RESULTS_PER_PAGE = saved


def test_promoted_results_come_first_in_their_language(client, portal_pages):
    query = Query.get("水")
    SearchPromotion.objects.create(
        query=query, page=portal_pages["water-cut"], sort_order=0, description="停水安排"
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://zwfw.example.gov.cn/water",
        external_link_text="水务服务",
        sort_order=1,
    )
    html = client.get("/search/", {"q": "水"}).content.decode()
    promoted = html.split('id="promotions-heading"')[1].split("</section>")[0]
    assert "翠竹园小区计划停水通知" in promoted and "水务服务" in promoted
    english = client.get("/en/search/", {"q": "水"}).content.decode()
    assert "翠竹园小区计划停水通知" not in english


def test_api_answers_as_documented(client, portal_pages):
    response = client.get("/api/search/", {"q": "dibao", "lang": "zh-hans"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"query", "total", "page", "results"}
    assert data["query"] == "dibao" and data["page"] == 1 and data["total"] >= 1
    first = data["results"][0]
    assert set(first) == {"title", "url", "section", "lang", "snippet"}
    assert first["title"] == "最低生活保障年度复核"
    assert first["url"].startswith("http") and first["url"].endswith("/notices/dibao-review/")
    assert first["section"] == "notices" and first["lang"] == "zh-hans"
    assert "低保" in first["snippet"] and "<mark>" not in first["snippet"]


def test_api_filters_by_language_and_section(client, portal_pages):
    english = client.get("/api/search/", {"q": "allowance", "lang": "en"}).json()
    assert [item["lang"] for item in english["results"]] == ["en"]
    assert english["results"][0]["url"].split("/")[3] == "en"
    empty = client.get("/api/search/", {"q": "低保", "section": "education"}).json()
    assert empty["total"] == 0 and empty["results"] == []
    pages = client.get("/api/search/", {"q": "低保", "page": "5"}).json()
    assert pages["page"] == 5 and pages["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"section": "weather"}, "section"), ({"lang": "fr"}, "lang"), ({"page": "0"}, "page")],
)
def test_api_rejects_bad_parameters_with_a_message(client, portal_pages, params, field):
    response = client.get("/api/search/", {"q": "低保", **params})
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_api_survives_huge_and_odd_queries(client, portal_pages):
    for query in ["低保" * 5000, "a" * 10_000, "\"'()*:^-OR AND NOT", "%00"]:
        response = client.get("/api/search/", {"q": query})
        assert response.status_code == 200
        json.loads(response.content)


def test_searches_are_counted_per_day_with_zero_results(client, portal_pages):
    client.get("/search/", {"q": "低保"})
    client.get("/search/", {"q": " 低保 "})
    client.get("/search/", {"q": "宇宙飞船"})
    client.get("/api/search/", {"q": "宇宙飞船", "lang": "zh-hans"})
    rows = {row.query: row for row in QueryDay.objects.filter(date=timezone.localdate())}
    assert (rows["低保"].searches, rows["低保"].zero_results) == (2, 0)
    assert (rows["宇宙飞船"].searches, rows["宇宙飞船"].zero_results) == (2, 2)


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    user = User.objects.create_user(
        username="editor", email="editor@example.org", password="pw-123456789"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editors_read_the_query_reports_and_export_them(client, editor):
    log_query("低保", "zh-hans", 4)
    log_query("低保", "zh-hans", 4)
    log_query("宇宙飞船", "zh-hans", 0)
    client.force_login(editor)
    frequent = client.get("/admin/reports/search-frequent-queries/").content.decode()
    assert frequent.index("低保") < frequent.index("宇宙飞船")
    zero = client.get("/admin/reports/search-zero-result-queries/").content.decode()
    assert "宇宙飞船" in zero and "低保" not in zero.split("<table")[-1]
    csv = client.get("/admin/reports/search-zero-result-queries/?export=csv")
    assert "宇宙飞船" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_residents_cannot_read_the_reports(client):
    user = User.objects.create_user(
        username="resident", email="resident@example.org", password="pw-123456789"
    )
    client.force_login(user)
    response = client.get("/admin/reports/search-frequent-queries/")
    assert response.status_code in (302, 403)


def test_editors_manage_synonyms_and_dictionary_words(client, editor, portal_pages):
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/portal_search/synonym/add/",
        {"term": "救助金", "synonyms": "低保、最低生活保障", "two_way": "on"},
    )
    assert response.status_code == 302
    assert client.get("/api/search/", {"q": "救助金"}).json()["results"][0]["title"] == (
        "最低生活保障年度复核"
    )
    bad = client.post(
        "/admin/snippets/portal_search/synonym/add/", {"term": "低保", "synonyms": "低保"}
    )
    assert bad.status_code == 200 and "低保" in bad.content.decode()
    response = client.post(
        "/admin/snippets/portal_search/dictionaryword/add/", {"word": "翠竹园", "note": "小区名"}
    )
    assert response.status_code == 302
    assert DictionaryWord.objects.filter(word="翠竹园").exists()


def test_a_dictionary_word_changes_how_pages_are_indexed(
    portal_pages, zh, django_capture_on_commit_callbacks
):
    from notices.models import NoticePage
    from search.segmentation import index_words

    def indexed_whole():  # the backend alone, without the engine's query processing
        return list(NoticePage.objects.live().search("翠竹园"))

    assert "翠竹园" not in index_words("翠竹园小区")
    assert indexed_whole() == []
    with django_capture_on_commit_callbacks(execute=True):
        DictionaryWord.objects.create(word="翠竹园")
    assert "翠竹园" in index_words("翠竹园小区")
    assert [page.title for page in indexed_whole()] == ["翠竹园小区计划停水通知"]


def test_editors_open_promoted_results_and_search_menus(client, editor):
    client.force_login(editor)
    for url in [
        "/admin/searchpicks/",
        "/admin/searchpicks/add/",
        "/admin/snippets/portal_search/synonym/",
        "/admin/snippets/portal_search/dictionaryword/",
    ]:
        assert client.get(url).status_code == 200, url
