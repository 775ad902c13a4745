import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Page

from portal.display import DISPLAY_MODES
from portal.localization import live_translations, nearest_translated_ancestor

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not.

    The ``search`` line says which backend answers searches; an unreachable Elasticsearch cluster
    does not make the portal unhealthy (the database backend answers instead). The ``worker``
    line says whether a task worker checked in within ``WORKER_STALE_AFTER`` seconds
    (``worker_seen``: seconds ago); when none did, ``status`` is ``degraded``.
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
    from jobs.workers import health as worker_health
    from search.elastic import health as search_health

    worker = worker_health()
    # A worker that stopped checking in delays emails and scheduled jobs, but the site still
    # serves: "degraded" with 200, for monitors to alert on without load balancers dropping it.
    status = "degraded" if worker["worker"] in {"stale", "none"} else "ok"
    return JsonResponse({"status": status, "database": "ok", "search": search_health(), **worker})


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


@require_GET
def untranslated_page(request: HttpRequest, page_id: int) -> HttpResponse:
    """Where the language switcher leads from a page that has no translation yet.

    Said in the reader's language: the page exists only in its own language, with a link to it
    and to the nearest section that is translated. Once a translation is live, this address
    leads to it, so links people kept keep working.
    """
    page = Page.objects.live().public().filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise Http404
    language = translation.get_language()
    translated = live_translations(request, page).get(language)
    if translated is not None and translated.get_url(request):
        return redirect(translated.get_url(request))
    page_language = page.locale.language_code
    page_url = page.get_url(request)
    if page_url is None:
        raise Http404
    instead = nearest_translated_ancestor(request, page, language)
    context = {
        "source_page": page,
        "source_url": page_url,
        "source_language": page_language,
        "source_language_name": get_language_info(page_language)["name_translated"],
        "source_language_local_name": get_language_info(page_language)["name_local"],
        "instead": instead,
        "instead_url": instead.get_url(request) if instead is not None else None,
    }
    response = render(request, "portal/untranslated_page.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
