from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Education")

    def ready(self):
        import datetime

        from jobs import schedule

        schedule.register(
            "education_reminders",
            "education.tasks.send_session_reminders",
            schedule.Daily(datetime.time(7, 30)),
            title=_("Courses: remind participants of tomorrow's sessions"),
        )
        from education import signals
        from education.models import EducationPage
        from education.my_portal import my_courses
        from portal.slots import register_slot
        from search.registry import Facet, register_section

        signals.connect()
        register_slot("my_portal", my_courses, order=30)
        register_section(
            "education",
            _("Education"),
            EducationPage,
            facets=[Facet("type", _("Type"), "kind_label")],
            summary="summary",
            weight=0.9,
        )
