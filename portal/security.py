"""Security headers django-csp and Django's SecurityMiddleware do not add by themselves.

* ``Permissions-Policy`` on every response: the portal uses no camera, microphone, location,
  payment or device API, so no page (nor anything injected into one) may ask for them.
* A ``Content-Security-Policy`` for Wagtail's and Django's admin, which the public policy
  (``CONTENT_SECURITY_POLICY``) leaves out: Wagtail's admin needs inline scripts (its date
  pickers and inline panels initialise in ``<script>`` elements) and styles, ``blob:`` images for
  upload previews and to frame its own previews; no ``eval``, nothing from other hosts
  (``ADMIN_CONTENT_SECURITY_POLICY``; ``tests/browser/test_admin_csp.py`` shows the admin works).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _serialise(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY
        self.admin_policy = _serialise(settings.ADMIN_CONTENT_SECURITY_POLICY)
        self.admin_prefixes = tuple(settings.ADMIN_URL_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if request.path.startswith(self.admin_prefixes):
            response.headers.setdefault("Content-Security-Policy", self.admin_policy)
        return response
