"""The one way into the audit log, and what the rest of the portal asks of it.

Content apps call ``record(...)`` inside their own transactions (the entry commits or rolls back
with the change it records) and register the fields through which their own tables point at
accounts (``registry.register_actor_field``), so ``has_acted`` can tell an account that did
something from one that only signed in. This module imports no content app.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit import registry
from audit.models import Action, AuditEntry

__all__ = ["Action", "actor_text", "deactivate_instead_of_delete", "has_acted", "record"]


def actor_text(user) -> str:
    """The account as people knew it then: ``username <email> (display name)``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    username = user.get_username()
    email = getattr(user, "email", "") or ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    text = username
    if email and email != username:
        text += f" <{email}>"
    if name and name not in (username, email):
        text += f" ({name})"
    return text[:255]


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _object_fields(obj: models.Model | None) -> dict[str, str]:
    if obj is None:
        return {}
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:255],
    }


def record(
    action: str,
    *,
    actor=None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
    detail: Mapping[str, Any] | None = None,
    actor_label: str = "",
    at=None,
) -> AuditEntry:
    """Append one entry. ``actor`` defaults to the request's user; ``actor_label`` names an
    actor that has no account (the username typed into a failed sign-in, "system")."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    fields = {
        "object_type": object_type,
        "object_id": str(object_id or ""),
        **_object_fields(obj),
    }
    if object_repr or "object_repr" not in fields:
        fields["object_repr"] = (object_repr or "")[:255]
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        action=str(action),
        actor=actor if authenticated else None,
        actor_text=actor_text(actor) if authenticated else actor_label[:255],
        detail=dict(detail or {}),
        ip_address=client_ip(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
        **fields,
    )


def has_acted(user) -> bool:
    """Whether the account did something the portal keeps a record of: an audit entry other
    than signing in, or a row of a content app's own history that names it."""
    if user is None or user.pk is None:
        return False
    if AuditEntry.objects.of_actor(user).acts().exists():
        return True
    return any(
        model._default_manager.filter(**{field: user.pk}).exists()
        for model, field in registry.actor_fields()
    )


@transaction.atomic
def deactivate_instead_of_delete(user, *, actor, request: HttpRequest | None = None) -> bool:
    """Deactivate an account that acted (its history must keep naming it); ``True`` when it was
    active. Deactivated accounts cannot sign in and drop out of every role check."""
    User = get_user_model()
    locked = User._default_manager.select_for_update().get(pk=user.pk)
    was_active = locked.is_active
    if was_active:
        locked.is_active = False
        locked.save(update_fields=["is_active"])
    record(
        Action.ACCOUNT_DEACTIVATED,
        actor=actor,
        request=request,
        obj=locked,
        object_repr=actor_text(locked),
        detail={"reason": "deletion refused: the account acted", "was_active": was_active},
    )
    return was_active
