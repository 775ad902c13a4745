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
