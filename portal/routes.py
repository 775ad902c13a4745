"""Which page serves a path, kept between requests until the next publish.

Wagtail finds the page for ``/notices/water-cut/`` by walking the tree from the site's root: the
root in the reader's language, then each child by slug, each a query or two (a quarter of an
uncached notice page's time, measured). ``serve`` looks the answer up in a store kept by the
worker process, per site, language and path, and hands Wagtail the page it found last time
(one query by primary key, as the page's own type), so Wagtail's own ``serve`` (view
restrictions, hooks, the page's ``serve``) runs unchanged.

The store is emptied when the page cache's generation changes (a page published, unpublished,
moved or deleted, see ``portal.pagecache``), like the shared parts of pages; entries also expire
after ``PORTAL_FRAGMENT_CACHE_SECONDS`` (0 turns the store off), and it holds at most
``MAX_ROUTES`` paths, so a crawler walking the archive cannot grow it without bound. Paths that
found no page are never kept.

Wagtail's ``serve`` also asks the database, for every request, whether the page or one of its
ancestors has a view restriction (two queries). Which pages have one is kept with the shared parts
of pages (``portal.fragments``; saving or deleting a restriction starts a new generation), and a
page under none of them is served without asking. Aliases take their source page's
restrictions, so while any page is an alias and any restriction exists, Wagtail asks as before.
"""

import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from portal import pagecache
from portal.fragments import shared

MAX_ROUTES = 10_000

_lock = threading.Lock()
_routes: dict[tuple[int, str, str], tuple[float, int, int, tuple, dict]] = {}
_generation: list[int | None] = [None]


def clear() -> None:
    with _lock:
        _routes.clear()
        _generation[0] = None


def _kept(request: HttpRequest, key) -> RouteResult | None:
    generation = pagecache.generation_for(request)
    with _lock:
        if _generation[0] != generation:
            _routes.clear()
            _generation[0] = generation
        found = _routes.get(key)
    if found is None or found[0] < time.monotonic():
        return None
    _expires, content_type_id, page_id, args, kwargs = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    page = model._default_manager.filter(pk=page_id).first()
    if page is None:
        return None
    return RouteResult(page, args=args, kwargs=kwargs)


def _keep(request: HttpRequest, key, route: RouteResult) -> None:
    page, args, kwargs = route
    if not isinstance(page, Page) or page.pk is None:
        return
    generation = pagecache.generation_for(request)
    expires = time.monotonic() + settings.PORTAL_FRAGMENT_CACHE_SECONDS
    with _lock:
        if _generation[0] != generation:
            return
        if len(_routes) >= MAX_ROUTES:
            _routes.clear()
        _routes[key] = (expires, page.content_type_id, page.pk, args, kwargs)


def _restrictions_known(request: HttpRequest) -> tuple[tuple[str, ...], bool]:
    """The tree paths of the pages with a view restriction, and whether any page is an alias."""

    def build():
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        aliases = bool(paths) and Page.objects.filter(alias_of__isnull=False).exists()
        return paths, aliases

    return shared(request, "view-restrictions", build)


def _no_view_restrictions():
    return PageViewRestriction.objects.none()


def _skip_unneeded_restriction_check(request: HttpRequest, page) -> None:
    """Let Wagtail's view-restriction hook find nothing without a query when nothing applies."""
    if not isinstance(page, Page) or page.alias_of_id is not None:
        return
    paths, aliases = _restrictions_known(request)
    if paths and (aliases or any(page.path.startswith(path) for path in paths)):
        return
    page.get_view_restrictions = _no_view_restrictions


def serve(request: HttpRequest, path: str):
    """Wagtail's ``serve``, with the route found from the store when it holds this path."""
    if settings.PORTAL_FRAGMENT_CACHE_SECONDS > 0 and not hasattr(
        request, "_wagtail_route_for_request"
    ):
        site = Site.find_for_request(request)
        if site is not None:
            key = (site.pk, translation.get_language() or "", path)
            route = _kept(request, key)
            if route is None:
                route = Page.route_for_request(request, path)
                if route is not None:
                    _keep(request, key, route)
            else:
                request._wagtail_route_for_request = route
            if route is not None:
                _skip_unneeded_restriction_check(request, route[0])
    return wagtail_views.serve(request, path)
