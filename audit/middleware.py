"""Makes the request known to audit signal handlers and records every denied request: answers
403, and the Wagtail admin's refusals, which redirect with an error message instead."""

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext, override

from audit import services
from audit.context import current_request
from audit.models import Action

# Wagtail's own words when it refuses (``wagtail.admin.auth``): it redirects rather than answer 403.
ADMIN_REFUSALS = (
    "Sorry, you do not have permission to access this area.",
    "You do not have permission to access the admin",
)


def _admin_refusal(request, response) -> bool:
    if response.status_code != 302:
        return False
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", ())
    if not queued:
        return False
    refusals = set(ADMIN_REFUSALS)
    for code, _name in settings.LANGUAGES:  # the admin speaks the official's own language
        with override(code):
            refusals.update(gettext(text) for text in ADMIN_REFUSALS)
    # Wagtail renders its messages as HTML: look for the (escaped) words inside.
    words = {escape(text) for text in refusals} | refusals
    return any(text in str(message.message) for message in queued for text in words)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                services.record(Action.DENIED, request=request, detail={"method": request.method})
            elif _admin_refusal(request, response):
                services.record(
                    Action.DENIED,
                    request=request,
                    detail={"method": request.method, "admin_redirect": True},
                )
            return response
        finally:
            current_request.reset(token)
