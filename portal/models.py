from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NameTranslation(models.Model):
    """A name the admin stores once, in one language, given in another.

    Groups (roles and complaint departments), workflows and moderation tasks have one name each in
    Django and Wagtail, written in whatever language their author used ("Moderators",
    "通知公告审核"). Code finds groups by that name, so it cannot change; each distinct name is
    translated here instead and shown in the reader's language wherever the portal shows it
    (``portal.names.display_name``). A name without a translation is shown as written.
    """

    source = models.CharField(
        _("name as stored"),
        max_length=255,
        help_text=_("The name of a group, workflow or task, exactly as it is written."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.WAGTAIL_CONTENT_LANGUAGES
    )
    text = models.CharField(_("translation"), max_length=255)

    class Meta:
        verbose_name = _("name translation")
        verbose_name_plural = _("name translations")
        ordering = ["source", "language"]
        constraints = [
            models.UniqueConstraint(fields=["source", "language"], name="portal_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.text}"
