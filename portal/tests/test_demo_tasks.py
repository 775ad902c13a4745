"""The demo loader runs the tasks it causes itself: no backlog for the worker that starts after it."""

import io
from types import SimpleNamespace

from django.core.management import call_command

import pytest
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from home.models import HomePage, StandardPage
from portal.management.commands import load_demo_content

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_load_leaves_no_tasks_in_the_queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    backends = []

    def load(stdout):
        backends.append(type(task_backends["default"]))
        page = StandardPage(title="演示页面", slug="demo-page")
        HomePage.objects.get(locale__language_code="zh-hans").add_child(instance=page)
        page.save_revision().publish()

    monkeypatch.setattr(load_demo_content, "demo_modules", lambda: [SimpleNamespace(load=load)])
    call_command("load_demo_content", stdout=io.StringIO())

    assert backends == [ImmediateBackend]
    # Wagtail's upkeep of the new page (search and reference index) ran in the command.
    assert not DBTaskResult.objects.exists()
    # Outside the command, the queue is the database again.
    page = StandardPage.objects.get(slug="demo-page")
    page.save_revision().publish()
    assert DBTaskResult.objects.exists()
