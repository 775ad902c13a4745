"""Against a real cluster: build the indexes, search them, follow a publish and an unpublish.

Runs only when ELASTICSEARCH_URL points at an Elasticsearch 8 cluster (set it in the
environment); otherwise skipped. Uses its own index prefix and removes what it created.
"""

import io
import os
import uuid

from django.core.management import call_command

import pytest

from search import documents, elastic, engine
from search.relevance import DEFAULT_SET, evaluate, load_cases, portal_on

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
    ),
]


@pytest.fixture
def cluster(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"portal-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_TIMEOUT = 10
    elastic.reset()
    es = elastic.indexing_client()
    yield es
    # Clusters refuse wildcard deletes by default (action.destructive_requires_name).
    for name in es.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*").body:
        es.options(ignore_status=404).indices.delete(index=name)
    es.options(ignore_status=404).synonyms.delete_synonym(id=documents.synonym_set_name())
    elastic.reset()


def test_rebuild_then_search_publish_and_unpublish(
    portal_pages, zh, cluster, capsys, django_capture_on_commit_callbacks
):
    call_command("search_index", "--rebuild", "--batch-size", "2")
    output = capsys.readouterr().out
    assert "zh-hans: 0/" in output and "alias portal-test-" in output

    outcome = engine.search("低保", zh, fallback=False)
    assert outcome.results[0].page.pk == portal_pages["dibao-review"].pk
    water = engine.search("停水", zh, "notices", fallback=False)
    assert [result.page.pk for result in water.results] == [portal_pages["water-cut"].pk]
    assert water.facet_counts[0][2] == [("停水停电", 1)]
    assert engine.search("dibao", zh, fallback=False).results[0].page.pk == (
        portal_pages["dibao-review"].pk
    )

    # A second rebuild switches the alias and drops the first index.
    first = elastic.current_indexes(cluster, documents.alias_name("zh-hans"))
    call_command("search_index", "--rebuild", "--language", "zh-hans")
    second = elastic.current_indexes(cluster, documents.alias_name("zh-hans"))
    assert len(second) == 1 and second != first
    assert not cluster.indices.exists(index=first[0])

    notice = portal_pages["water-cut"]
    with django_capture_on_commit_callbacks(execute=True):
        notice.unpublish()  # the immediate task backend updates the index at once
    cluster.indices.refresh(index=documents.alias_name("zh-hans"))
    assert engine.search("停水", zh, "notices", fallback=False).results == []


def test_update_removes_documents_of_pages_no_longer_live(portal_pages, zh, cluster, settings):
    call_command("search_index", "--update", verbosity=0)  # no index yet: builds one
    settings.SEARCH_BACKEND = "database"  # the unpublish is not sent to the cluster
    portal_pages["bus-card"].unpublish()
    settings.SEARCH_BACKEND = "elasticsearch"
    call_command("search_index", "--update", verbosity=0)
    response = elastic.execute(elastic.build_search(engine.parse("乘车卡", "zh-hans"), "zh-hans"))
    assert portal_pages["bus-card"].pk not in [hit.page_id for hit in elastic.hits(response)]


@pytest.fixture
def demo_guides(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    from services import demo

    demo.load(io.StringIO())


def test_relevance_on_the_cluster_is_the_same_or_better(demo_guides, cluster):
    call_command("search_index", "--rebuild", verbosity=0)
    cases = load_cases(DEFAULT_SET)
    database = evaluate(cases, portal_on("database"))
    on_cluster = evaluate(cases, portal_on("elasticsearch"))
    misses = [(case.query, rank) for case, rank in on_cluster.misses()]
    assert on_cluster.recall_at(5) >= max(0.95, database.recall_at(5)), misses
    assert on_cluster.mrr() >= max(0.85, database.mrr()), misses
