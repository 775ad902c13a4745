"""Publishing, unpublishing and deleting queue index updates, only with the Elasticsearch backend;
an unreachable cluster never stops an editor from publishing."""

import logging

import pytest
from django_tasks import default_task_backend

from notices.models import NoticePage
from search.models import Synonym

pytestmark = pytest.mark.django_db

QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued():
    return [
        (result.task.name, tuple(result.args))
        for result in default_task_backend.results
        if result.task.module_path.startswith("search.tasks")
    ]


@pytest.fixture
def queue(settings):
    settings.TASKS = QUEUE
    default_task_backend.clear()
    yield
    default_task_backend.clear()


def test_nothing_is_queued_with_the_database_backend(
    portal_pages, queue, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_BACKEND = "database"
    notice = portal_pages["water-cut"]
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
        notice.unpublish()
        Synonym.objects.create(term="水管爆了", synonyms="停水")
        NoticePage.objects.get(pk=notice.pk).delete()
    assert queued() == []


def test_publish_unpublish_delete_and_synonyms_queue_updates(
    portal_pages, queue, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_BACKEND = "elasticsearch"
    notice = portal_pages["water-cut"]
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    assert queued() == [("index_page", (notice.pk,))]
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice.unpublish()
    assert queued() == [("index_page", (notice.pk,))]
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(term="水管爆了", synonyms="停水")
    assert queued() == [("push_synonyms", ())]
    default_task_backend.clear()
    pk = notice.pk
    with django_capture_on_commit_callbacks(execute=True):
        NoticePage.objects.get(pk=pk).delete()
    assert ("remove_page", (pk,)) in queued()


def test_publishing_works_when_the_cluster_is_down_and_the_miss_is_logged(
    portal_pages, settings, caplog, closed_port, django_capture_on_commit_callbacks
):
    from search import elastic

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_INDEX_TIMEOUT = 0.5
    elastic.reset()
    notice = portal_pages["water-cut"]
    with (
        caplog.at_level(logging.ERROR, logger="search.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notice.save_revision().publish()
    elastic.reset()
    notice.refresh_from_db()
    assert notice.live
    messages = [record.getMessage() for record in caplog.records if record.name == "search.tasks"]
    assert messages and messages[0].startswith(f"Elasticsearch: page {notice.pk} not re-indexed")
