from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("Fund disclosures")

    def ready(self):
        from audit.registry import register_actor_field

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("disclosures.DisclosureEvent", "actor")
        register_actor_field("disclosures.LedgerEntry", "created_by")
        from django.apps import apps

        if apps.is_installed("bench"):
            from bench.volume import register_kind
            from disclosures.bench import make_entries

            register_kind(
                "entries",
                app="disclosures",
                help="ledger entries in one published disclosure period",
                create=make_entries,
            )
