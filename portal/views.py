import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from portal.display import DISPLAY_MODES

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not.

    The ``search`` line says which backend answers searches; an unreachable Elasticsearch cluster
    does not make the portal unhealthy (the database backend answers instead).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("Health check: database unreachable: %s", exc)
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = "30"  # load balancers and monitors: ask again in 30 s
        return response
    from search.elastic import health as search_health

    return JsonResponse({"status": "ok", "database": "ok", "search": search_health()})


@csrf_exempt  # A display preference, harmless to forge; pages stay cacheable without a token.
@require_POST
def set_display_mode(request: HttpRequest) -> HttpResponseRedirect:
    """Remember the resident's choice of standard or elderly-friendly display in a cookie."""
    mode = request.POST.get("mode", "standard")
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode in DISPLAY_MODES and mode != "standard":
        response.set_cookie(
            settings.DISPLAY_MODE_COOKIE,
            mode,
            max_age=settings.DISPLAY_MODE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(settings.DISPLAY_MODE_COOKIE, samesite="Lax")
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page, or a 503 'temporarily unavailable' page when the database is unreachable.

    Django calls this inside the ``except`` block that caught the error, so ``sys.exc_info()``
    tells which it was. Neither template touches the database.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        template, status = "503.html", 503
    else:
        template, status = "500.html", 500
    context = {"LANGUAGE_CODE": translation.get_language(), "request_path": request.path}
    response = HttpResponse(loader.get_template(template).render(context), status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response
