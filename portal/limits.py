"""Counters, limits and lockouts shared by every worker process, and every host with Redis.

Every limit that protects the portal (failed sign-ins, complaint submissions, tracking lookups,
django-allauth's own limits) counts here, in the cache named by ``PORTAL_LIMITS_CACHE_ALIAS``:
Redis when ``REDIS_URL`` is set, otherwise files on this host (``portal.cache.SharedFileCache``),
never the memory of one process (three workers would each allow the full amount).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest


def store() -> BaseCache:
    return caches[settings.PORTAL_LIMITS_CACHE_ALIAS]


class SharedStore:
    """Stands for the limits cache wherever a library reads a module-level ``cache``.

    Each attribute is looked up on the current thread's connection at the moment of use.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(store(), name)


def client_address(request: HttpRequest) -> str:
    """The address of the client as the web server saw it (nginx sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(key: str, window: int) -> int:
    """Count one event under ``key``; the window starts at the first event. The new count."""
    cache = store()
    if cache.add(key, 1, window):
        return 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1
    if value == 1:  # recreated without an expiry after expiring between the two calls
        cache.touch(key, window)
    return value


def count(key: str) -> int:
    return store().get(key) or 0


def consume(key: str, limit: int, window: int) -> bool:
    """Count one event and say whether it is within ``limit`` events per ``window`` seconds.

    Counting first makes the limit exact when several workers take requests at once.
    """
    return hit(key, window) <= limit


def lock(key: str, seconds: int) -> float:
    """Lock ``key`` for ``seconds``; the time it ends. A running lock is never shortened."""
    until = time.time() + seconds
    store().add(f"{key}:locked", until, seconds)
    return locked_until(key) or until


def locked_until(key: str) -> float | None:
    until = store().get(f"{key}:locked")
    if until is None or until <= time.time():
        return None
    return until


def clear(*keys: str) -> None:
    store().delete_many([k for key in keys for k in (key, f"{key}:locked")])
