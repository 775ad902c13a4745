"""A search reads what its results show, not every candidate it ranks: the guides beyond the
page of results shown are never built as pages (nor their departments and categories)."""

from django.db.models.signals import post_init

from wagtail.models import Page

import pytest

from search.views import RESULTS_PER_PAGE
from services.models import ServiceCategory, ServiceDepartment

pytestmark = pytest.mark.django_db

MATCHING = 3 * RESULTS_PER_PAGE


@pytest.fixture
def many_guides(make_guide) -> set[int]:
    return {
        make_guide(
            f"DB-{number:03d}",
            title=f"最低生活保障申请（{number}号窗口）",
            summary="家庭人均收入低于低保标准的居民，可以申请低保。",
        ).pk
        for number in range(MATCHING)
    }


def built_during(client, path: str, query: dict, kinds: tuple[type, ...]) -> tuple[list, str]:
    """The instances of ``kinds`` built while answering, and the answer."""
    built = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, kinds):
            built.append(instance)

    post_init.connect(count, weak=False)
    try:
        response = client.get(path, query)
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200
    return built, response.content.decode()


def test_the_search_page_builds_only_the_pages_it_shows(client, many_guides):
    built, html = built_during(client, "/search/", {"q": "低保"}, (Page,))
    assert html.count('class="search-result__title"') == RESULTS_PER_PAGE
    assert f"({MATCHING})" in html or f">{MATCHING}<" in html  # every match is counted
    # The ten guides shown (for their addresses), not the thirty ranked; each built once.
    guides = [page.pk for page in built if page.pk in many_guides]
    assert len(guides) == len(set(guides)) == RESULTS_PER_PAGE


def test_ranking_builds_no_department_or_category(client, many_guides):
    built, html = built_during(
        client, "/search/", {"q": "低保"}, (ServiceDepartment, ServiceCategory)
    )
    assert "社区服务站" in html  # the department facet is still shown
    assert built == []


def test_the_api_builds_only_the_pages_it_answers(client, many_guides):
    built, body = built_during(client, "/api/search/", {"q": "低保"}, (Page,))
    assert body.count('"url"') == RESULTS_PER_PAGE
    assert f'"total": {MATCHING}' in body
    guides = [page.pk for page in built if page.pk in many_guides]
    assert len(guides) == len(set(guides)) == RESULTS_PER_PAGE
