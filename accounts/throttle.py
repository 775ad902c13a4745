"""One throttle for every way into an account.

Whatever form checks a password (django-allauth's sign-in page; Wagtail's and Django's admin
login pages, which the portal sends to that page anyway), Django's ``authenticate()`` asks the
backends in order, and :class:`ThrottleBackend` comes first: while the account or the client's
address is locked it refuses before any password is checked, so the right password does not
help either. Failures are counted from Django's ``user_login_failed`` signal, per account (the
name typed, resolved to the account whether a username or any of its email addresses was typed)
and per client address, in the store all workers share (``portal.limits``). A successful sign-in
never clears a count or a lock: an attacker cannot mix in their own account's logins to keep
guessing. :class:`LockoutMiddleware` answers a refused attempt with a translated 429 page.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import limits

LOCKED_ATTRIBUTE = "portal_login_locked_until"


def _identifier(credentials: dict[str, Any]) -> str:
    for name in ("email", "username", "login", get_user_model().USERNAME_FIELD):
        value = credentials.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return ""


def account_key(credentials: dict[str, Any]) -> str:
    """The same key for an account whichever of its names was typed; a digest for unknown names."""
    from allauth.account.models import EmailAddress

    identifier = _identifier(credentials)
    if identifier:
        user_id = (
            get_user_model()
            .objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
            .values_list("pk", flat=True)
            .first()
        ) or (
            EmailAddress.objects.filter(email__iexact=identifier)
            .values_list("user_id", flat=True)
            .first()
        )
        if user_id is not None:
            return f"login:account:{user_id}"
    digest = hashlib.sha256(identifier.encode()).hexdigest()[:32]
    return f"login:name:{digest}"


def address_key(request: HttpRequest | None) -> str:
    address = limits.client_address(request) if request is not None else "unknown"
    return f"login:address:{address}"


def locked_until(request: HttpRequest | None, credentials: dict[str, Any]) -> float | None:
    """When the lock on this account or this address ends, or None when neither is locked."""
    ends = [
        until
        for until in (
            limits.locked_until(account_key(credentials)),
            limits.locked_until(address_key(request)),
        )
        if until is not None
    ]
    return max(ends) if ends else None


def record_failure(request: HttpRequest | None, credentials: dict[str, Any]) -> None:
    window = settings.PORTAL_LOGIN_FAILURE_WINDOW
    for key, limit in (
        (account_key(credentials), settings.PORTAL_LOGIN_FAILURES_PER_ACCOUNT),
        (address_key(request), settings.PORTAL_LOGIN_FAILURES_PER_ADDRESS),
    ):
        if limits.hit(key, window) >= limit:
            limits.lock(key, settings.PORTAL_LOGIN_LOCKOUT_SECONDS)


class ThrottleBackend:
    """First in ``AUTHENTICATION_BACKENDS``: stops ``authenticate()`` while locked.

    It has no ``get_user``: it never signs anyone in, so sessions never name it.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        until = locked_until(request, credentials)
        if until is not None:
            if request is not None:
                setattr(request, LOCKED_ATTRIBUTE, until)
            # Django stops asking the other backends and reports a failed login.
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="accounts.throttle.count_failure")
def count_failure(
    sender, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs
):
    if request is not None and getattr(request, LOCKED_ATTRIBUTE, None):
        return  # refused while locked: the lock already runs, the password was never checked
    record_failure(request, credentials)


def lockout_response(request: HttpRequest, until: float) -> HttpResponse:
    seconds = max(1, math.ceil(until - time.time()))
    response = render(
        request,
        "account/lockout.html",
        {"minutes": max(1, math.ceil(seconds / 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


class LockoutMiddleware:
    """Turns any answer to a refused sign-in into the lockout page (429, ``Retry-After``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        until = getattr(request, LOCKED_ATTRIBUTE, None)
        if until is not None:
            return lockout_response(request, until)
        return response
