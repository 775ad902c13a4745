"""Every education page type is found by the search app, in section "education"."""

import datetime

import pytest

from education.builders import make_article, make_course, make_regulation

pytestmark = pytest.mark.django_db


def test_api_finds_articles_regulations_and_courses_in_the_education_section(
    client, teachers_channel, regulations_channel, school
):
    make_article(teachers_channel, "书法教学经验交流", slug="calligraphy-teaching")
    make_regulation(
        regulations_channel,
        "书法进校园实施办法",
        slug="calligraphy-rules",
        issue_date=datetime.date(2023, 5, 1),
    )
    make_course(school, "书法入门", slug="calligraphy", summary="毛笔书法课程")
    data = client.get("/api/search/", {"q": "书法", "section": "education"}).json()
    titles = {item["title"] for item in data["results"]}
    assert {"书法教学经验交流", "书法进校园实施办法", "书法入门"} <= titles
    assert {item["section"] for item in data["results"]} == {"education"}
    everything = client.get("/api/search/", {"q": "书法"}).json()
    assert "书法入门" in {item["title"] for item in everything["results"]}


def test_search_page_offers_the_education_section_and_type_facet(client, school):
    make_course(school, "太极拳晨练", slug="tai-chi")
    html = client.get("/search/", {"q": "太极拳", "section": "education"}).content.decode()
    assert "/education/school/tai-chi/" in html
    assert "教育" in html
    assert "课程" in html  # the "Type" facet value: the page type's name
