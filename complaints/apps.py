from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        import datetime

        from jobs import schedule

        schedule.register(
            "complaints_digest",
            "complaints.tasks.send_overdue_digest",
            schedule.Daily(datetime.time(8, 0), weekdays=schedule.WORKDAYS),
            title=_("Complaints: escalate overdue complaints and email the digests"),
        )
        schedule.register(
            "complaints_retention",
            "complaints.tasks.anonymise_expired",
            schedule.Daily(datetime.time(3, 15)),
            title=_("Complaints: remove personal data past the retention period"),
        )
        from audit.registry import register_actor_field

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("complaints.ComplaintEvent", "actor")
        register_actor_field("complaints.ComplaintReply", "author")
        register_actor_field("complaints.Complaint", "entered_by")
        from complaints.home_slot import (
            answers_link,
            menu_link,
            raise_a_problem,
            statistics_link,
        )
        from complaints.my_portal import my_complaints
        from portal.slots import register_slot

        register_slot("home", raise_a_problem, order=20)
        register_slot("my_portal", my_complaints, order=30)
        register_slot("main_menu", menu_link, order=30)
        register_slot("footer", answers_link, order=30)
        register_slot("footer", statistics_link, order=31)
