"""A small cache-based limit per client address (the cache is shared by all web processes
when ``REDIS_URL`` is set; with the local-memory cache each process counts alone)."""

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client as the web server saw it (nginx sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, request: HttpRequest) -> str:
    return f"complaints:rate:{scope}:{client_address(request)}"


def is_limited(scope: str, request: HttpRequest, limit: int) -> bool:
    """Whether the client has used up its allowance, without counting this request."""
    return (cache.get(_key(scope, request)) or 0) >= limit


def count(scope: str, request: HttpRequest, window: int) -> int:
    key = _key(scope, request)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
