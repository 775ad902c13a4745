"""Anonymous page views from a cache, emptied whenever what they show changes.

``PageCacheMiddleware`` keeps the finished response of a GET by a visitor with no session (not
signed in, no messages waiting) and serves it to the next such visitor without running the view,
the session, the template or a single SQL query. A response is kept only when nothing in it is
personal:

- the request has no session or messages cookie and no ``Authorization`` header;
- the path is not one of ``PORTAL_PAGE_CACHE_EXCLUDE`` (admin, accounts, complaints, search, ...);
- the answer is a 200 that sets no cookie, used no CSRF token (a form that posts), is not marked
  ``private``/``no-store``/``no-cache`` (``never_cache`` views) and touched no session.

Pages differ by address (language included, ``/en/...``), host and display mode (large type), so
those make the key. Every entry carries a *generation*: ``invalidate()`` starts a new one, and
every process sees it because the generation lives in the same cache (the ``pages`` cache: Redis
when ``REDIS_URL`` is set, else files under ``var/cache``, shared by the workers of one host).
The portal calls it when a page is published, unpublished, moved or deleted; apps register the
other models their pages show (``invalidate_on_save``). What changes with the clock alone (the
urgent banner after seven days, "new" marks) is at most ``PORTAL_PAGE_CACHE_SECONDS`` late.

A page that changes without a publish (live counts, say) opts out by marking its response
``never_cache`` or ``Cache-Control: private``.
"""

import hashlib
import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Page-Cache"
UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache", "max-age=0")


def _cache():
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def invalidate(**kwargs) -> None:
    """Forget every cached page (a new generation); safe to connect to any signal."""
    _cache().set(GENERATION_KEY, time.time_ns(), None)


def _generation() -> int:
    generation = _cache().get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        if not _cache().add(GENERATION_KEY, generation, None):
            generation = _cache().get(GENERATION_KEY, generation)
    return generation


def generation_for(request: HttpRequest) -> int:
    """The current generation, read once per request (the page cache and shared fragments)."""
    generation = getattr(request, "_pagecache_generation", None)
    if generation is None:
        generation = request._pagecache_generation = _generation()
    return generation


def invalidate_on_save(*model_labels: str) -> None:
    """Empty the page cache whenever one of these models is saved or deleted.

    For what public pages show besides pages themselves: site settings, categories, images.
    """
    for label in model_labels:
        model = apps.get_model(label)
        uid = f"pagecache:{label}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}:delete", weak=False)


def _without_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or settings.PORTAL_PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = _without_language(request.path_info)
    return not path.startswith(tuple(settings.PORTAL_PAGE_CACHE_EXCLUDE))


def cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a form's CSRF token
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in UNCACHEABLE_CONTROL)


def cache_key(request: HttpRequest, generation: int) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    display = request.COOKIES.get(settings.DISPLAY_MODE_COOKIE, "")
    address = f"{request.scheme}://{host}{request.get_full_path()}|{display}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{generation}:{digest}"


class PageCacheMiddleware:
    """Serve anonymous page views from the ``pages`` cache (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request, generation_for(request))
        if key is None:
            return self.get_response(request)
        stored = _cache().get(key)
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date()
            # Browsers ask again each time; the ETag makes the answer a short 304.
            patch_cache_control(response, no_cache=True)
            headers = [(name, value) for name, value in response.items()]
            _cache().set(
                key,
                (response.status_code, response.content, headers),
                settings.PORTAL_PAGE_CACHE_SECONDS,
            )
            response[HIT_HEADER] = "miss"
        return response
