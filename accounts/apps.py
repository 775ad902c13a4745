from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.core.internal import ratelimit

        from accounts import throttle  # noqa: F401 (counts failed sign-ins)
        from portal.limits import SharedStore

        # django-allauth keeps its limits (sign-up, password reset, confirmation mail) in the
        # default cache, which is one process's memory without Redis: count them where every
        # worker counts (accounts/tests/test_throttle.py checks that this still takes effect).
        ratelimit.cache = SharedStore()
