from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal account: residents, editors, officials.

    Residents sign in by email (django-allauth); ``username`` is kept for Wagtail's admin and is
    filled in automatically at sign-up.
    """

    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("How the portal addresses you, e.g. 王阿姨 or Mr Li."),
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_short_name() or self.email or self.username

    def get_short_name(self) -> str:
        return self.display_name or self.first_name or self.email.split("@")[0] or self.username

    def get_full_name(self) -> str:
        full = super().get_full_name()
        return self.display_name or full or self.email or self.username
