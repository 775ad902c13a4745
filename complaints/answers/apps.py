from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnswersConfig(AppConfig):
    """Published answers (领导信箱): anonymised questions and answers residents agreed to publish."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints.answers"
    label = "complaint_answers"
    verbose_name = _("Published answers")
