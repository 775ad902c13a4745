"""Makes the request known to audit signal handlers and records every denied request (403)."""

from audit import services
from audit.context import current_request
from audit.models import Action


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                services.record(
                    Action.DENIED,
                    request=request,
                    detail={"method": request.method},
                )
            return response
        finally:
            current_request.reset(token)
