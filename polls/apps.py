from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Polls and consultations")

    def ready(self):
        from polls.my_portal import my_polls
        from portal.slots import register_slot

        register_slot("my_portal", my_polls, order=25)
