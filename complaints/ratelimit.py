"""Limits per client address for the public complaint forms, counted in the store every worker
shares (``portal.limits``: Redis when ``REDIS_URL`` is set, else files on this host)."""

from django.http import HttpRequest

from portal import limits
from portal.limits import client_address

__all__ = ["client_address", "consume", "count", "is_limited"]


def _key(scope: str, request: HttpRequest) -> str:
    return f"complaints:rate:{scope}:{client_address(request)}"


def is_limited(scope: str, request: HttpRequest, limit: int) -> bool:
    """Whether the client has used up its allowance, without counting this request."""
    return limits.count(_key(scope, request)) >= limit


def count(scope: str, request: HttpRequest, window: int) -> int:
    """Count one request (a failed lookup, say); the client's count in this window."""
    return limits.hit(_key(scope, request), window)


def consume(scope: str, request: HttpRequest, limit: int, window: int) -> bool:
    """Count this request and say whether it is within the allowance (exact across workers)."""
    return limits.consume(_key(scope, request), limit, window)
