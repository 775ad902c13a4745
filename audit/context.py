"""The request being served, for audit entries written by signal handlers that get none."""

from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def get_request() -> HttpRequest | None:
    return current_request.get()
