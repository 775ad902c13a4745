from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from audit.registry import register_actor_field

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("community.ResidencyEvent", "actor")
        from community.my_portal import my_household
        from portal.slots import register_slot

        register_slot("my_portal", my_household, order=20)
