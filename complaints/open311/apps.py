from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """Open311 GeoReport v2 for complaints: partner systems file and follow complaints."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints.open311"
    label = "open311"
    verbose_name = _("Open311 API")
