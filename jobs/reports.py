"""Operators' reports: the schedule of periodic jobs and the tasks that failed."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from jobs import schedule
from jobs.models import ScheduledJob


def job_schedule(job: ScheduledJob) -> str:
    declared = schedule.get(job.name)
    return declared.schedule.describe() if declared is not None else job.schedule


class ScheduledJobsView(ReportView):
    """Each periodic job declared in code: when it last ran, what came of it, when it runs next."""

    page_title = _("Scheduled jobs")
    header_icon = "time"
    index_url_name = "jobs_scheduled_jobs"
    index_results_url_name = "jobs_scheduled_jobs_results"
    permission_policy = ModelPermissionPolicy(ScheduledJob)
    permission_required = "view"
    list_export = ["name", "task_path", "last_run_at", "last_outcome", "last_error", "next_run_at"]
    export_filename = "scheduled-jobs"
    paginate_by = 100

    @property
    def columns(self):
        return [
            Column("title", label=_("Job"), accessor=lambda job: str(job)),
            Column("schedule", label=_("Schedule"), accessor=job_schedule),
            DateColumn("last_run_at", label=_("Last run")),
            Column("outcome", label=_("Outcome"), accessor="get_last_outcome_display"),
            Column("last_error", label=_("Last error")),
            DateColumn("next_run_at", label=_("Next run")),
        ]

    def get_queryset(self):
        schedule.sync_if_empty()
        return ScheduledJob.objects.filter(name__in=[job.name for job in schedule.declared()])


class FailedTasksView(ReportView):
    """Tasks of the database queue that failed, newest first, with their error."""

    page_title = _("Failed tasks")
    header_icon = "warning"
    index_url_name = "jobs_failed_tasks"
    index_results_url_name = "jobs_failed_tasks_results"
    permission_policy = ModelPermissionPolicy(ScheduledJob)
    permission_required = "view"
    list_export = ["id", "task_path", "finished_at", "exception_class_path"]
    export_filename = "failed-tasks"
    paginate_by = 50

    @property
    def columns(self):
        return [
            Column("id", label=_("Task id")),
            Column("task_path", label=_("Task")),
            DateColumn("finished_at", label=_("Failed")),
            Column("error", label=_("Error"), accessor=last_line),
        ]

    def get_queryset(self):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.failed().order_by("-finished_at")


def last_line(result) -> str:
    lines = (result.traceback or "").strip().splitlines()
    return lines[-1] if lines else result.exception_class_path
