"""The JSON API's sections come from the search registry: registered and reserved ones, and all."""

import pytest

from search.registry import api_sections, sections

pytestmark = pytest.mark.django_db


def test_the_api_accepts_every_registered_section_and_all():
    names = api_sections()
    assert names[-1] == "all"
    for section in sections():
        assert section.name in names
    assert {"services", "notices", "education", "disclosures"} <= set(names)


def test_a_reserved_section_answers_an_empty_result(client):
    response = client.get("/api/search/", {"q": "低保", "section": "disclosures"})
    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_an_unknown_section_lists_the_registered_ones(client):
    response = client.get("/api/search/", {"q": "低保", "section": "weather"})
    assert response.status_code == 400
    message = response.json()["errors"]["section"]
    for name in api_sections():
        assert name in message
