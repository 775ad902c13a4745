"""Periodic work that belongs to no app (see ``jobs.schedule.register_own_jobs``)."""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from django_tasks import task

from jobs import workers


@task()
def publish_scheduled() -> None:
    """Wagtail's scheduled publishing: pages whose go-live or expiry time has come."""
    call_command("publish_scheduled", verbosity=0)


@task()
def prune_task_results() -> int:
    """Remove the database queue's finished task results older than ``TASK_RESULTS_KEEP_DAYS``;
    the number removed."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - datetime.timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def check_in() -> str:
    """Show that a worker takes tasks off the queue (for RQ workers, which run no code of ours
    between tasks); the check-in's worker id."""
    return workers.check_in("worker", workers.rq_worker_id()).worker_id
