"""Reports → Scheduled jobs and Reports → Failed tasks, for operators and officials."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from jobs.reports import FailedTasksView, ScheduledJobsView
from portal.admin_menu import RestrictedMenuItem


@hooks.register("register_admin_urls")
def register_job_report_urls():
    return [
        path("reports/scheduled-jobs/", ScheduledJobsView.as_view(), name="jobs_scheduled_jobs"),
        path(
            "reports/scheduled-jobs/results/",
            ScheduledJobsView.as_view(results_only=True),
            name="jobs_scheduled_jobs_results",
        ),
        path("reports/failed-tasks/", FailedTasksView.as_view(), name="jobs_failed_tasks"),
        path(
            "reports/failed-tasks/results/",
            FailedTasksView.as_view(results_only=True),
            name="jobs_failed_tasks_results",
        ),
    ]


VIEW_JOBS = "jobs.view_scheduledjob"


@hooks.register("register_reports_menu_item")
def register_scheduled_jobs_menu_item():
    return RestrictedMenuItem(
        _("Scheduled jobs"),
        reverse("jobs_scheduled_jobs"),
        shown_to=VIEW_JOBS,
        name="scheduled-jobs",
        icon_name="time",
        order=1500,
    )


@hooks.register("register_reports_menu_item")
def register_failed_tasks_menu_item():
    return RestrictedMenuItem(
        _("Failed tasks"),
        reverse("jobs_failed_tasks"),
        shown_to=VIEW_JOBS,
        name="failed-tasks",
        icon_name="warning",
        order=1510,
    )
