"""The schedule of periodic jobs and the workers' check-ins."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    NEVER = "", _("never run")
    ENQUEUED = "enqueued", _("queued")
    RUNNING = "running", _("running")
    SUCCESSFUL = "successful", _("succeeded")
    FAILED = "failed", _("failed")


class ScheduledJobQuerySet(models.QuerySet):
    def due(self, now) -> "ScheduledJobQuerySet":
        return self.filter(next_run_at__lte=now)


class ScheduledJob(models.Model):
    """One periodic job declared in code (``jobs.schedule.register``) and when it runs.

    A row is claimed for one run by a conditional update of ``next_run_at``: of two schedulers
    that see the same due row, only the one whose update matched enqueues the task.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=200)
    schedule = models.CharField(_("schedule"), max_length=100)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.NEVER, blank=True
    )
    last_task_id = models.CharField(_("task result"), max_length=64, blank=True, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        from jobs.schedule import title

        return str(title(self.name))


class WorkerCheckIn(models.Model):
    """The last sign of life of one worker or scheduler process (``/healthz`` reads it)."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker check-in")
        verbose_name_plural = _("worker check-ins")

    def __str__(self) -> str:
        return f"{self.kind} {self.worker_id}"
