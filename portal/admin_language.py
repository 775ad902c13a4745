"""The admin speaks each user's own language from the start of the request.

Wagtail switches to the user's preferred admin language inside each admin view
(``get_localized_response``), but some messages are made outside it: "Sorry, you do not have
permission to access this area." when a view refuses, "You do not have permission to access
the admin.". Made in the address's language (Chinese for ``/admin/``), they reached English
users in Chinese. This middleware activates the user's admin language for the whole of an
admin request, so those messages are made in it too.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation


class AdminLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self._prefix: str | None = None

    def _admin_prefix(self) -> str:
        if self._prefix is None:
            try:
                self._prefix = reverse("wagtailadmin_home")
            except NoReverseMatch:
                self._prefix = ""
        return self._prefix

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefix = self._admin_prefix()
        user = getattr(request, "user", None)
        if (
            not prefix
            or not request.path.startswith(prefix)
            or not user
            or not user.is_authenticated
        ):
            return self.get_response(request)
        # The profile as Wagtail's own views read it: through the user's cached relation, which
        # they then reuse, and without creating one. A user without a profile is served in the
        # address's language, as Wagtail serves them.
        profile = getattr(user, "wagtail_userprofile", None)
        if profile is None:
            return self.get_response(request)
        with translation.override(profile.get_preferred_language()):
            return self.get_response(request)
