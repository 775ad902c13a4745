"""The portal's own schedule of periodic jobs, declared in code and kept in the database.

Apps declare their jobs in ``AppConfig.ready()``::

    from jobs import schedule

    schedule.register(
        "complaints_digest",
        "complaints.tasks.send_overdue_digest",
        schedule.Daily(datetime.time(8, 0), weekdays=schedule.WORKDAYS),
        title=_("Complaints: overdue digest and escalation"),
    )

A worker (``manage.py worker``) or ``manage.py run_schedule`` calls :func:`run_due` every
``SCHEDULE_INTERVAL`` seconds. Each declared job has a :class:`~jobs.models.ScheduledJob` row with
its next run; a due row is claimed by a conditional update of that next run, in the transaction
that queues the task, so however many workers look at the schedule, one run is queued once.
What became of the task (running, succeeded, failed) is written back from django-tasks'
``task_started`` and ``task_finished`` signals, in the worker that ran it.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_tasks import TaskResultStatus

from jobs.models import Outcome, ScheduledJob
from portal.queue import people_waiting

logger = logging.getLogger(__name__)

WORKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class Every:
    """Every so many seconds, the first time as soon as a worker starts."""

    seconds: int

    def first_run(self, now: datetime.datetime) -> datetime.datetime:
        return now

    def next_after(self, now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(seconds=self.seconds)

    @property
    def code(self) -> str:
        return f"every {self.seconds}s"

    def describe(self) -> str:
        if self.seconds % 60 == 0:
            minutes = self.seconds // 60
            return ngettext("every minute", "every %(n)d minutes", minutes) % {"n": minutes}
        return ngettext("every second", "every %(n)d seconds", self.seconds) % {"n": self.seconds}


@dataclass(frozen=True)
class Daily:
    """At a time of day (the portal's time zone) on some days of the week (Monday is 0)."""

    at: datetime.time
    weekdays: tuple[int, ...] = EVERY_DAY

    def first_run(self, now: datetime.datetime) -> datetime.datetime:
        return self.next_after(now)

    def next_after(self, now: datetime.datetime) -> datetime.datetime:
        day = timezone.localtime(now).date()
        for offset in range(8):
            candidate = timezone.make_aware(
                datetime.datetime.combine(day + datetime.timedelta(days=offset), self.at)
            )
            if candidate > now and candidate.weekday() in self.weekdays:
                return candidate
        raise ValueError("a daily schedule needs at least one weekday")

    @property
    def code(self) -> str:
        return f"daily {self.at:%H:%M} {''.join(str(day) for day in self.weekdays)}"

    def describe(self) -> str:
        time = f"{self.at:%H:%M}"
        if self.weekdays == WORKDAYS:
            return _("Monday to Friday at %(time)s") % {"time": time}
        if self.weekdays == EVERY_DAY:
            return _("every day at %(time)s") % {"time": time}
        return _("at %(time)s on some days") % {"time": time}


@dataclass(frozen=True)
class Job:
    name: str
    task_path: str
    schedule: Every | Daily
    title: str | Promise

    @property
    def task(self) -> Any:
        return import_string(self.task_path)


_JOBS: dict[str, Job] = {}


def register(name: str, task_path: str, when: Every | Daily, *, title: str | Promise) -> None:
    """Declare a periodic job: ``task_path`` names a django-tasks task taking no arguments."""
    _JOBS[name] = Job(name=name, task_path=task_path, schedule=when, title=title)


def declared() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def get(name: str) -> Job | None:
    return _JOBS.get(name)


def title(name: str) -> str | Promise:
    job = _JOBS.get(name)
    return job.title if job is not None else name


def register_own_jobs() -> None:
    """Jobs of no particular app: Wagtail's scheduled publishing, tidying the task results, and
    the check-in that shows an RQ worker is alive (a database worker checks in by itself)."""
    register(
        "publish_scheduled",
        "jobs.tasks.publish_scheduled",
        Every(60),
        title=_("Publish and unpublish pages at their scheduled times"),
    )
    register(
        "prune_task_results",
        "jobs.tasks.prune_task_results",
        Daily(datetime.time(4, 30)),
        title=_("Remove old task results"),
    )
    if "RQBackend" in settings.TASKS["default"]["BACKEND"]:
        register("worker_check_in", "jobs.tasks.check_in", Every(60), title=_("Worker check-in"))


# -- running --------------------------------------------------------------------------------------


def sync(now: datetime.datetime) -> None:
    """One row per declared job; a job whose task or schedule changed in code is re-timed."""
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=_JOBS)}
    for job in _JOBS.values():
        row = rows.get(job.name)
        if row is None:
            ScheduledJob.objects.get_or_create(
                name=job.name,
                defaults={
                    "task_path": job.task_path,
                    "schedule": job.schedule.code,
                    "next_run_at": job.schedule.first_run(now),
                },
            )
        elif row.task_path != job.task_path or row.schedule != job.schedule.code:
            ScheduledJob.objects.filter(pk=row.pk).update(
                task_path=job.task_path,
                schedule=job.schedule.code,
                next_run_at=job.schedule.first_run(now),
            )


def sync_if_empty() -> None:
    """Rows for the declared jobs before any worker ran (so the admin lists them all)."""
    if ScheduledJob.objects.filter(name__in=_JOBS).count() < len(_JOBS):
        sync(timezone.now())


OUTCOMES = {
    TaskResultStatus.READY: Outcome.ENQUEUED,
    TaskResultStatus.RUNNING: Outcome.RUNNING,
    TaskResultStatus.SUCCESSFUL: Outcome.SUCCESSFUL,
    TaskResultStatus.FAILED: Outcome.FAILED,
}


def last_error(task_result) -> str:
    """The last line of the last traceback (the exception and its message)."""
    if not task_result.errors:
        return ""
    lines = task_result.errors[-1].traceback.strip().splitlines()
    return lines[-1][:1000] if lines else task_result.errors[-1].exception_class_path


def start(row: ScheduledJob, job: Job, now: datetime.datetime) -> str | None:
    """Claim this run of a due job and queue its task; the task's id, or None when another
    scheduler claimed it first. An error while queueing (Redis down) undoes the claim, so the
    next look at the schedule tries again."""
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=job.schedule.next_after(now),
            last_run_at=now,
            last_finished_at=None,
            last_outcome=Outcome.ENQUEUED,
            last_task_id="",
            last_error="",
        )
        if not claimed:
            return None
        # On time: a scheduled publication does not wait behind the index upkeep of an import.
        result = people_waiting(job.task).enqueue()
        # Written in the claim's transaction: a database worker cannot see the task before it.
        ScheduledJob.objects.filter(pk=row.pk).update(
            last_task_id=str(result.id),
            last_outcome=OUTCOMES[result.status],
            last_finished_at=result.finished_at,
            last_error=last_error(result),
        )
    logger.info("Scheduled job %s queued as task id=%s", job.name, result.id)
    if result.status == TaskResultStatus.READY and result.task.get_backend().supports_get_result:
        # A worker of another store (Redis) may have finished it before the claim committed.
        result.refresh()
        if result.is_finished:
            record(result)
    return str(result.id)


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue every declared job that is due; the names of those queued by this call."""
    now = now or timezone.now()
    sync(now)
    started = []
    for row in ScheduledJob.objects.due(now).filter(name__in=_JOBS).order_by("next_run_at"):
        if start(row, _JOBS[row.name], now) is not None:
            started.append(row.name)
    return started


# -- outcomes (django-tasks signals, in the process that runs the task) ---------------------------


def record(task_result) -> None:
    ScheduledJob.objects.filter(last_task_id=str(task_result.id)).update(
        last_outcome=OUTCOMES[task_result.status],
        last_finished_at=task_result.finished_at or timezone.now(),
        last_error=last_error(task_result),
    )


def record_started(sender, task_result, **kwargs) -> None:
    ScheduledJob.objects.filter(last_task_id=str(task_result.id)).update(
        last_outcome=Outcome.RUNNING
    )


def record_finished(sender, task_result, **kwargs) -> None:
    record(task_result)
    if task_result.status == TaskResultStatus.FAILED:
        logger.error(
            "Task id=%s (%s) failed: %s",
            task_result.id,
            task_result.task.module_path,
            last_error(task_result),
        )
