from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Polls and consultations")

    def ready(self):
        from audit.registry import register_actor_field

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("polls.PollEvent", "actor")
        register_actor_field("polls.Participation", "recorded_by")

        from polls import audit
        from polls.my_portal import my_polls
        from portal.slots import register_slot

        audit.connect()

        register_slot("my_portal", my_polls, order=25)
