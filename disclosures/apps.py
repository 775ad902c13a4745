from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("Fund disclosures")

    def ready(self):
        from complaints.prefill import register_prefill
        from disclosures import questions

        register_prefill(questions.ENTRY, questions.entry_question)
        register_prefill(questions.PROJECT, questions.project_question)

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
