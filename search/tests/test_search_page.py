"""Chinese queries find Chinese pages through Wagtail's database backend (SQLite and PostgreSQL)."""

import re

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    made = {}
    for slug, title, intro in [
        ("dibao", "最低生活保障申请", "家庭人均收入低于当地低保标准的居民，可以申请低保。"),
        ("permit", "居住证办理", "在本市居住半年以上的外地居民，可以办理居住证。"),
        ("bus", "老年人免费乘坐公交", "年满65周岁的老年人凭老年人优待证免费乘坐公交车。"),
    ]:
        page = StandardPage(title=title, slug=slug, intro=intro)
        home_page.add_child(instance=page)
        page.save_revision().publish()
        made[slug] = page
    return made


def result_titles(client, query: str, prefix: str = "") -> list[str]:
    html = client.get(f"{prefix}/search/", {"q": query}).content.decode()
    links = re.findall(r'<a class="search-result__title" href="[^"]+">(.*?)</a>', html, re.S)
    return [re.sub(r"<[^>]+>", "", link) for link in links]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("低保", "最低生活保障申请"),
        ("低保怎么申请", "最低生活保障申请"),
        ("dibao", "最低生活保障申请"),
        ("居住证在哪里办", "居住证办理"),
        ("老人免费坐公交", "老年人免费乘坐公交"),
        ("公交", "老年人免费乘坐公交"),
    ],
)
def test_everyday_chinese_queries_find_the_right_page_first(client, pages, query, expected):
    assert result_titles(client, query)[:1] == [expected]


def test_results_are_in_the_active_language_only(client, pages):
    assert result_titles(client, "低保", prefix="/en") == []


@pytest.mark.parametrize("query", ["？？？", "\"'()*:^-OR AND NOT", "低保" * 5000, "a" * 10_000])
def test_odd_or_huge_queries_answer_normally(client, pages, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
