"""When the cluster cannot answer, residents get the database backend's answer, not an error.

The cluster here is a local port nobody listens on: the client really connects and is refused.
"""

import logging

from django.core.management import CommandError, call_command

import pytest

from search import elastic

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_cluster(settings, closed_port):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    elastic.reset()
    yield
    elastic.reset()


def fallback_records(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "search.engine"
        and record.levelno == logging.WARNING
        and "answering from the database backend" in record.getMessage()
    ]


def test_search_page_and_api_fall_back_with_a_log_record(
    client, portal_pages, unreachable_cluster, caplog
):
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        response = client.get("/search/", {"q": "低保", "section": "notices"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="search-result__title" href="/notices/dibao-review/">' in html
    assert "<mark>低保</mark>" in html
    assert '政策通知 <span class="count">(1)</span>' in html  # facets from the database
    for word in ("Elasticsearch", "ConnectionError", "error", "错误"):
        assert word not in html
    records = fallback_records(caplog)
    assert len(records) == 1
    assert "ConnectionError" in records[0].getMessage()


def test_api_answers_the_same_json_as_the_database_backend(
    client, portal_pages, settings, closed_port, caplog
):
    params = {"q": "dibao", "section": "all", "lang": "zh-hans"}
    from_database = client.get("/api/search/", params).json()
    assert from_database["total"] >= 1

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    elastic.reset()
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        response = client.get("/api/search/", params)
    elastic.reset()
    assert response.status_code == 200
    assert response.json() == from_database
    assert set(response.json()) == {"query", "total", "page", "results", "related"}
    assert len(fallback_records(caplog)) == 1


def test_without_a_url_the_database_answers_too(client, portal_pages, settings, caplog):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    elastic.reset()
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        response = client.get("/api/search/", {"q": "停水"})
    assert response.json()["results"][0]["url"].endswith("/notices/water-cut/")
    assert "ELASTICSEARCH_URL is not set" in fallback_records(caplog)[0].getMessage()


def test_a_malformed_url_falls_back_too(client, portal_pages, settings, caplog):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "es.internal"  # no scheme, no port
    elastic.reset()
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        response = client.get("/api/search/", {"q": "停水"})
    elastic.reset()
    assert response.status_code == 200
    assert response.json()["total"] == 1
    assert "ELASTICSEARCH_URL is not usable" in fallback_records(caplog)[0].getMessage()


def test_after_a_failure_searches_skip_the_cluster_for_a_while(
    client, portal_pages, unreachable_cluster, settings, caplog
):
    settings.ELASTICSEARCH_RETRY_AFTER = 300
    with caplog.at_level(logging.WARNING, logger="search.engine"):
        client.get("/api/search/", {"q": "停水"})
        second = client.get("/api/search/", {"q": "停水"})
    assert second.json()["total"] == 1
    messages = [record.getMessage() for record in fallback_records(caplog)]
    assert "ConnectionError" in messages[0]
    assert "failed recently" in messages[1]


def test_healthz_says_the_cluster_is_unreachable_but_stays_healthy(client, unreachable_cluster):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "elasticsearch unreachable, answering from the database",
        "worker": "immediate",
    }


def test_relevance_on_elasticsearch_never_measures_the_fallback(portal_pages, unreachable_cluster):
    with pytest.raises(CommandError, match="elasticsearch backend could not answer"):
        call_command("search_relevance", "--backend", "elasticsearch")


def test_search_index_reports_an_unreachable_cluster(portal_pages, unreachable_cluster):
    with pytest.raises(CommandError, match="Elasticsearch could not be updated"):
        call_command("search_index", "--rebuild")


def test_search_index_rejects_an_unknown_language(unreachable_cluster):
    with pytest.raises(CommandError, match="Unknown language: fr"):
        call_command("search_index", "--update", "--language", "fr")


def test_checks_catch_a_misspelt_backend_and_a_missing_url(settings):
    from search.checks import search_backend_settings

    settings.SEARCH_BACKEND = "elastic"
    assert [problem.id for problem in search_backend_settings(None)] == ["search.E001"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ""
    assert [problem.id for problem in search_backend_settings(None)] == ["search.W001"]
    settings.SEARCH_BACKEND = "database"
    assert search_backend_settings(None) == []
