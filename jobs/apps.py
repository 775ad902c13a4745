from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background work")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from jobs import schedule

        task_started.connect(schedule.record_started, dispatch_uid="jobs.record_started")
        task_finished.connect(schedule.record_finished, dispatch_uid="jobs.record_finished")
        schedule.register_own_jobs()
