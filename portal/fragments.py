"""The shared parts of every page, built once and kept between requests.

Every page shows the same main menu, footer links, site settings and urgent-notice banner; built
afresh they cost a third of a page's SQL queries. ``shared(request, name, build)`` keeps what
``build()`` returns in the worker process, per name, host and language, and builds it again when

- the page cache's generation changes (``portal.pagecache.invalidate``: a page published,
  unpublished, edited, moved or deleted, the site settings or a category saved ...), which every
  worker sees at its next request; or
- ``PORTAL_FRAGMENT_CACHE_SECONDS`` have passed, for what changes with the clock alone (an urgent
  notice leaves the banner seven days after publication). What changes only when pages do (how
  many notices each month of the archive holds) passes ``timed=False`` and is kept until the
  next publish: counted again every minute, it would cost each worker a count over the whole
  archive every minute, a cost that grows with the archive.

Unlike the page cache it also serves signed-in people, so only what is the same for everyone may
be kept here: links, settings, public notices. Anything that marks the current page or the user
is added per request by the caller. ``0`` seconds (the test settings) turns it off.

Some parts are kept per page (the page's translations, its breadcrumbs): the store holds at most
``MAX_ENTRIES`` of them and starts afresh when full, so a crawler walking the archive cannot grow
a worker without bound.
"""

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.utils import translation

from portal import pagecache

T = TypeVar("T")

MAX_ENTRIES = 5_000
# Rendered parts of single pages (``page_part``: a guide's text, a few kilobytes each) kept per
# process: those beyond are dropped together, so a crawler cannot fill a worker's memory.
MAX_PAGE_PARTS = 300
PART = "part:"

_lock = threading.Lock()
_store: dict[tuple[str, str, str], tuple[float, Any]] = {}
_store_generation: list[int | None] = [None]
_parts_kept = [0]


def clear() -> None:
    """Forget everything kept in this process (the next requests build it again)."""
    with _lock:
        _store.clear()
        _store_generation[0] = None
        _parts_kept[0] = 0


def shared(
    request: HttpRequest | None, name: str, build: Callable[[], T], *, timed: bool = True
) -> T:
    """What ``build()`` returns for this host and the active language, kept between requests.

    ``timed=False``: kept until the next publish only, not also ``PORTAL_FRAGMENT_CACHE_SECONDS``.
    """
    seconds = settings.PORTAL_FRAGMENT_CACHE_SECONDS
    if seconds <= 0 or request is None:
        return build()
    try:
        host = request.get_host()
    except DisallowedHost:
        return build()
    generation = pagecache.generation_for(request)
    key = (name, host, translation.get_language() or "")
    now = time.monotonic()
    with _lock:
        if _store_generation[0] != generation:
            _store.clear()
            _store_generation[0] = generation
            _parts_kept[0] = 0
        kept = _store.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = build()
    with _lock:
        if _store_generation[0] == generation:
            if len(_store) >= MAX_ENTRIES:
                _store.clear()
                _parts_kept[0] = 0
            if name.startswith(PART):
                if _parts_kept[0] >= MAX_PAGE_PARTS:
                    for old in [old for old in _store if old[0].startswith(PART)]:
                        del _store[old]
                    _parts_kept[0] = 0
                _parts_kept[0] += 1
            _store[key] = (now + seconds if timed else float("inf"), value)
    return value


def page_part(request: HttpRequest | None, page, name: str, build: Callable[[], str]) -> str:
    """A part of one page rendered once and kept until the next publish (a guide's text).

    Only for what is the same for every reader of the page in a language: no user, no form, no
    CSRF token. A preview (a draft shown to its editor) and a page that is not live are built
    every time, and at most ``MAX_PAGE_PARTS`` parts are kept by a process.
    """
    if getattr(request, "is_preview", False) or not getattr(page, "live", False) or not page.pk:
        return build()
    return shared(request, f"{PART}{name}:{page.pk}", build, timed=False)


class SharedSiteMiddleware:
    """Find the Wagtail site of a request from the shared store instead of asking the database.

    Wagtail looks the site up once per request and keeps it as ``request._wagtail_site``
    (``Site.find_for_request``); this fills that in from the store, built by the same lookup.
    Saving a site empties the store (``portal.pagecache.invalidate_on_save``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], Any]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if settings.PORTAL_FRAGMENT_CACHE_SECONDS > 0 and not hasattr(request, "_wagtail_site"):
            from wagtail.models import Site

            request._wagtail_site = shared(request, "site", lambda: Site._find_for_request(request))
        return self.get_response(request)
