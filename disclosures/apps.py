from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("Fund disclosures")

    def ready(self):
        from audit.registry import register_actor_field
        from complaints.prefill import register_prefill
        from disclosures import questions
        from search.registry import reserve_section

        # Accounts named here acted: the admin deactivates them instead of deleting them.
        register_actor_field("disclosures.DisclosureEvent", "actor")
        register_actor_field("disclosures.LedgerEntry", "created_by")

        from portal.pagecache import invalidate_on_save

        invalidate_on_save("disclosures.LedgerText")
        register_prefill(questions.ENTRY, questions.entry_question)
        register_prefill(questions.PROJECT, questions.project_question)
        # The search API promises section=disclosures; its pages are not indexed yet.
        reserve_section("disclosures")
